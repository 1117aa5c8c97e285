"""离线版的 zip：给没有 Python 的读者，解压后双击 index.html 就能读、能搜索，断网也行。

    python tools/offline_zip.py site    # 严格构建离线版（OFFLINE=true），打包成 site/downloads/cv-notes-offline.zip

发布工作流（.github/workflows/deploy.yml）在构建好网站之后运行它，首页的“下载离线版”链接指向这个文件。
本地 mkdocs serve 时没有这个文件，链接打不开是正常的。
"""

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_PATH = "downloads/cv-notes-offline.zip"  # 相对网站根目录；首页的链接写的也是它
TOP_FOLDER = "cv-notes-offline"  # 解压出来的文件夹名


def build_offline(site_dir: Path) -> None:
    """OFFLINE=true 严格构建：Material 的 offline 插件让页面从 file:// 打开也能导航和搜索。"""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)]
    subprocess.run(command, env=env, check=True)


def zip_site(site_dir: Path, zip_file: Path) -> None:
    """把 site_dir 里的全部文件按路径顺序放进 zip 的 TOP_FOLDER/ 下。"""
    zip_file.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            archive.write(path, f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    target = Path(sys.argv[1]).resolve() / ZIP_PATH
    with tempfile.TemporaryDirectory() as tmp:
        offline = Path(tmp) / "site"
        build_offline(offline)
        zip_site(offline, target)
    print(f"{target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
