"""中文排版检查（中文文案排版指北）：中英文之间的空格、全角标点等。

    python tools/typography.py          # 检查，有问题时列出"文件:行"和改法，退出码为 1
    python tools/typography.py --fix    # 直接改正文件

检查 docs/ 下的全部页面、includes/ 和仓库根目录的 Markdown。规则由 autocorrect 提供，
例外写在仓库根目录的 .autocorrectignore（每行一个 glob）。
"""

import argparse
import sys
from pathlib import Path

import autocorrect_py

ROOT = Path(__file__).resolve().parent.parent


def markdown_files() -> list[Path]:
    ignore = ROOT / ".autocorrectignore"
    patterns = [p for p in ignore.read_text().split() if not p.startswith("#")] if ignore.exists() else []
    files = sorted([*ROOT.glob("*.md"), *(ROOT / "docs").rglob("*.md"), *(ROOT / "includes").rglob("*.md")])
    return [f for f in files if not any(f.relative_to(ROOT).match(p) for p in patterns)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fix", action="store_true", help="直接改正文件")
    args = parser.parse_args()
    problems = 0
    for path in markdown_files():
        text, name = path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        if args.fix:
            fixed = autocorrect_py.format_for(text, name)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                print(f"已改正 {name}")
            continue
        for line in autocorrect_py.lint_for(text, name).lines:
            problems += 1
            print(f"{name}:{line.line}:{line.col}: 中文排版：\n  原文：{line.old.strip()}\n  改为：{line.new.strip()}")
    if problems:
        print(f"\n共 {problems} 处。运行 python tools/typography.py --fix 自动改正，再检查改动。")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
