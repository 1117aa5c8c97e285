"""重新生成 figs/ 和 snippets/outputs/ 里的全部文件：``python -m snippets [--check] [子串]``。"""

import argparse
import sys
import tempfile
from pathlib import Path

from snippets.generated import REGEN_COMMAND, ROOT, regenerate, stale_files


def main() -> int:
    parser = argparse.ArgumentParser(prog=REGEN_COMMAND, description=__doc__)
    parser.add_argument("--check", action="store_true", help="只检查提交的文件是否与代码一致，不写入")
    parser.add_argument("only", nargs="?", help="只处理路径中包含这个子串的文件")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as fresh:
            regenerate(Path(fresh), args.only)
            problems = stale_files(Path(fresh), args.only)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"修复：运行 {REGEN_COMMAND}，再提交改动的文件。", file=sys.stderr)
        return 1 if problems else 0
    for path in regenerate(ROOT, args.only):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
