"""PDF 版：把构建好的打印版（全站合成的一页，site/print_page/）用无头 Chromium 打印成一个 PDF。

    python tools/print_pdf.py site    # 写出 site/downloads/cv-notes.pdf

发布工作流（.github/workflows/deploy.yml）在构建好网站之后运行它，首页的“下载 PDF”链接指向这个文件。
公式在构建时已经排好，页面不需要运行脚本；Chromium 用本机的字体，所以要装中文字体（Debian/Ubuntu：
fonts-noto-cjk）。PDF 里没有嵌入中文字体时（中文会显示成方块）报错，不写出文件。
"""

import os
import re
import sys
from pathlib import Path

PDF_PATH = "downloads/cv-notes.pdf"  # 相对网站根目录；首页的链接写的也是它
BROWSERS = ("/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/chromium-browser")  # Debian、GitHub 的 Ubuntu
CJK_FONT = re.compile(rb"/FontName\s*/[A-Z]{6}\+Noto(Sans|Serif)CJK")
PAGE = re.compile(rb"/Type\s*/Page\b")


def browser() -> str:
    """本机的 Chromium 或 Chrome（环境变量 CHROMIUM 优先）。从不下载浏览器。"""
    found = os.environ.get("CHROMIUM") or next((path for path in BROWSERS if Path(path).exists()), None)
    if found is None:
        raise SystemExit(f"没有找到 Chromium（试过 {BROWSERS}）：请安装，或用环境变量 CHROMIUM 指明路径")
    return found


def pdf_bytes(chromium, site_dir: Path) -> bytes:
    """用一个已经启动的 Playwright 浏览器打印 site_dir 里的打印版，返回 PDF 的内容。"""
    page = chromium.new_page()
    page.goto((site_dir / "print_page" / "index.html").resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    data = page.pdf(
        format="A4",
        print_background=True,
        margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
    )
    page.close()
    if not CJK_FONT.search(data):
        raise SystemExit("PDF 里没有嵌入中文字体（中文会显示成方块）：先安装 fonts-noto-cjk。")
    return data


def page_count(data: bytes) -> int:
    return len(PAGE.findall(data))


def print_pdf(site_dir: Path, pdf: Path) -> int:
    """启动本机的 Chromium，打印 site_dir 里的打印版，写到 pdf，返回页数。"""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser())
        try:
            data = pdf_bytes(chromium, site_dir)
        finally:
            chromium.close()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(data)
    return page_count(data)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site_dir = Path(sys.argv[1]).resolve()
    target = site_dir / PDF_PATH
    pages = print_pdf(site_dir, target)
    print(f"{target}：{pages} 页，{target.stat().st_size / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
