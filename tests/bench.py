"""性能基准：读者第一次打开每一页要下载多少字节、发多少请求，图有多大，构建和预览有多快。

    python -m tests.bench            # 站点、参照站点、图、搜索索引、构建与预览时间
    python -m tests.bench --tests    # 另外测量测试（不含浏览器部分）的耗时

同一次运行里也测量参照：同样内容、Material 默认主题设置（Google 字体、不带本站的样式和钩子）的页面，
所以比例是在同一台机器、同一时刻测出来的。字节数按服务器 gzip 压缩后传输的大小计（PNG、woff2 不再压缩）。
需要 Debian 的 chromium（/usr/bin/chromium），见 README。
"""

import argparse
import contextlib
import gzip
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path

from tests.conftest import ROOT, build_site, nav_pages
from tests.test_bad_input import copy_site
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, QuietHandler

BINARY = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")


def transferred(url: str, body: bytes) -> int:
    """服务器会发送的字节数：文本资源按 gzip 压缩计，已经压缩过的格式原样计。"""
    return len(body) if url.lower().split("?")[0].endswith(BINARY) else len(gzip.compress(body, 6))


def kind(url: str) -> str:
    path = url.split("?")[0]
    if "/figs/" in path:
        return "figure"
    if "katex" in path or path.endswith("math.js"):
        return "math"
    return "base"


class Server:
    def __init__(self, directory: Path):
        handler = partial(QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()


def first_visits(site: Path, pages: list[str]) -> dict[str, dict]:
    """在全新的浏览器上下文里打开每一页，统计各类资源的传输字节和请求数。"""
    from playwright.sync_api import sync_playwright

    server, results = Server(site), {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for page_url in pages:
            context = browser.new_context(viewport=DESKTOP)
            page, sizes = context.new_page(), {"base": 0, "figure": 0, "math": 0, "requests": 0, "external": 0}
            context.route(
                "**/*",
                lambda route: route.abort() if not route.request.url.startswith(server.url) else route.continue_(),
            )

            def on_response(response, sizes=sizes):
                sizes["requests"] += 1
                with contextlib.suppress(Exception):  # 重定向等没有正文的响应
                    sizes[kind(response.url)] += transferred(response.url, response.body())

            # 在整个上下文上监听：搜索索引是由 Web Worker 下载的，不算在页面自己的请求里
            context.on("response", on_response)
            context.on("requestfailed", lambda r, sizes=sizes: sizes.__setitem__("external", sizes["external"] + 1))
            page.goto(server.url + page_url, wait_until="networkidle")
            page.wait_for_timeout(1500)  # 等搜索 Worker 下载完索引
            results[page_url] = sizes
            context.close()
        browser.close()
    server.close()
    return results


def reference_config(site_copy: Path) -> Path:
    """参照：同样的内容，Material 的默认主题设置：从 Google Fonts 加载字体，没有本站的 CSS、模板覆盖和功能开关。"""
    text = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  (custom_dir|font):[^\n]*", "", text)  # 删掉这两行，回到默认值
    text = re.sub(r"\n  features:\n(    - [^\n]*\n)+", "\n", text)  # 不开任何功能
    text = re.sub(r"\nextra_css:\n(  - [^\n]*\n)+", "\n", text)
    config = site_copy / "reference.yml"
    config.write_text(text, encoding="utf-8")
    return config


def timed(command, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def serve_rebuild_seconds(site_copy: Path) -> float:
    """mkdocs serve 运行时改一个 Markdown 文件，到新内容能从服务器取到所用的时间。"""
    port = 8700 + os.getpid() % 200
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(site_copy / "mkdocs.yml")],
        cwd=site_copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/dl/perceptron/"
    try:
        for _ in range(600):  # 等第一次构建完成（最多 60 秒）
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        page = site_copy / "docs/dl/perceptron.md"
        marker = f"bench-marker-{time.time_ns()}"
        start = time.perf_counter()
        page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        while time.perf_counter() - start < 60:
            with contextlib.suppress(OSError):  # 重新构建期间服务器可能暂时不应答
                if marker in urllib.request.urlopen(url, timeout=30).read().decode("utf-8"):
                    return time.perf_counter() - start
            time.sleep(0.02)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait()


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tests", action="store_true", help="另外测量 pytest -m 'not browser' 的耗时")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print("需要 /usr/bin/chromium：apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        cold = timed(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        warm = timed(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        copy = copy_site(tmp / "copy")
        (copy / "docs").mkdir(exist_ok=True)
        reference_site = tmp / "reference"
        result = build_site(reference_config(copy), reference_site)
        assert result.returncode == 0, result.stdout
        pages = [f.url for f in nav_pages()]
        ours, reference = first_visits(site, pages), first_visits(reference_site, pages)
        rebuild = serve_rebuild_seconds(copy_site(tmp / "serve"))

        print("\n## 首次访问每一页（KB，gzip 后；请求数）\n")
        print(
            "| 页面 | 本站：页面本身 | 图 | 公式 | 请求 | 参照（Material 默认）：页面本身 | 参照请求 | 参照的站外请求 |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for url in pages:
            o, r = ours[url], reference[url]
            print(
                f"| {url or '/'} | {kb(o['base'])} | {kb(o['figure'])} | {kb(o['math'])} | {o['requests']} "
                f"| {kb(r['base'])} | {r['requests']} | {r['external']} |"
            )
        bases = [ours[u]["base"] for u in pages]
        print(
            f"\n页面本身（不含图和公式资源）：最大 {kb(max(bases))} KB，中位数 {kb(statistics.median(bases))} KB；"
            f"预算 120 KB。"
        )

        figures = sorted((ROOT / "figs").iterdir())
        sizes = {f.name: transferred(f.name, f.read_bytes()) for f in figures}
        print("\n## 图（KB，gzip 后）\n")
        print("| 图 | 原始 | 传输 |")
        print("| --- | ---: | ---: |")
        for f in figures:
            print(f"| {f.name} | {kb(f.stat().st_size)} | {kb(sizes[f.name])} |")
        print(
            f"\n中位数 {kb(statistics.median(sizes.values()))} KB（预算 40），最大 {kb(max(sizes.values()))} KB"
            f"（预算 150），合计 {kb(sum(sizes.values()))} KB。"
        )

        index = (site / "search/search_index.json").read_bytes()
        print(f"\n搜索索引：{kb(len(index))} KB，gzip 后 {kb(len(gzip.compress(index, 6)))} KB")
        print("\n## 时间（秒）\n")
        print(f"- mkdocs build --strict，冷启动：{cold:.2f}")
        print(f"- mkdocs build --strict，什么都没改：{warm:.2f}（预算 5）")
        print(f"- mkdocs serve 改一个页面后到新内容可见：{rebuild:.2f}（预算 1）")
    if args.tests:
        seconds = timed([sys.executable, "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider"], cwd=ROOT)
        print(f"- 测试（不含浏览器部分）：{seconds:.1f}（预算 90）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
