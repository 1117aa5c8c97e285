"""性能基准：读者第一次打开每一页要下载多少字节、发多少请求，图有多大，构建和预览有多快。

    python -m tests.bench            # 站点、参照站点、图、搜索索引、构建与预览时间
    python -m tests.bench --tests    # 另外测量测试（不含浏览器部分）的耗时
    python -m tests.bench --lighthouse  # 另外给每一页跑 Lighthouse 的手机测试，每页 3 次取中位数（--runs N）

同一次运行里也测量参照：同样内容、Material 和 mkdocs-jupyter 默认设置（Google 字体，不带本站的样式、
模板覆盖和 notebook 整理）的页面，所以比例是在同一台机器、同一时刻测出来的。
字节数按服务器 gzip 压缩后传输的大小计（PNG、woff2 不再压缩）。
需要 Debian 的 chromium（/usr/bin/chromium），见 README。
"""

import argparse
import contextlib
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from site_hooks.demos import demo_names
from site_hooks.notebook_pages import NOTEBOOK_DIR
from tests import lighthouse
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, StaticServer, build_site, nav_pages
from tests.test_bad_input import copy_site
from tests.test_budgets import (
    DEMO_BUDGET,
    FIGURE_MAX_BUDGET,
    FIGURE_MEDIAN_BUDGET,
    TEXT_PAGE_BUDGET,
    demo_weights,
    figure_sizes,
    first_visit,
    transferred,
)

INLINE_IMAGE = re.compile(rb'src="data:image/[^"]*"')
NOTEBOOK_LINK = re.compile(r"(notebooks/[\w-]+)\.py")


def first_visits(site: Path, pages: list[str]) -> dict[str, dict]:
    """在全新的浏览器上下文里打开每一页，统计各类资源的传输字节和请求数；然后搜索一次，另计搜索下载的字节。"""
    from playwright.sync_api import sync_playwright

    server, results = StaticServer(site), {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for page_url in pages:
            results[page_url] = first_visit(browser, server.url, page_url, search_query="卷积")
        browser.close()
    server.close()
    return results


MLP_FRAME_SETUPS = [  # (说明, 地址上的设置)
    ("默认：XOR，2-4-1，批量 10", ""),
    ("最大：3 层 × 8 个单元，批量 200", "?units=8-8-8&batch=200"),
]


def mlp_step_times(site: Path, runs: int = 40, throttle: int = 4) -> dict[str, tuple[float, float]]:
    """多层感知机演示：按一次“单步”（一步 SGD，再重画判别区域、每个单元的小图、损失曲线和读数）的用时中位数（毫秒），
    Chromium 的 CPU 降速 throttle 倍（CDP Emulation.setCPUThrottlingRate）。给出两个数：点击处理函数本身（同步的
    计算和画布绘制命令），以及从点击到下一帧画完（requestAnimationFrame 之后）。"""
    from playwright.sync_api import sync_playwright

    server, results = StaticServer(site), {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        for name, query in MLP_FRAME_SETUPS:
            page.goto(server.url + "dl/mlp/" + query, wait_until="load")
            page.locator(".cv-demo").scroll_into_view_if_needed()  # 演示离屏幕一屏之内才挂载
            page.wait_for_selector(".cv-demo[data-demo-mounted] canvas")
            times = page.evaluate(
                """async n => {
                  const button = [...document.querySelectorAll('.cv-demo button')].find(b => b.textContent === '单步');
                  const sync = [], frame = [];
                  for (let i = 0; i < n; i++) {
                    const start = performance.now();
                    button.click();
                    sync.push(performance.now() - start);
                    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                    frame.push(performance.now() - start);
                  }
                  return [sync, frame];
                }""",
                runs,
            )
            results[name] = (statistics.median(times[0]), statistics.median(times[1]))
        browser.close()
    server.close()
    return results


def print_mlp_step_times(site: Path) -> None:
    print("\n多层感知机演示：按一次“单步”（一步 SGD + 重画）的用时中位数，CPU 降速 4 倍（毫秒）：\n")
    print("| 设置 | 点击处理（计算 + 绘制命令） | 到下一帧画完 |")
    print("| --- | ---: | ---: |")
    for name, (sync, frame) in mlp_step_times(site).items():
        print(f"| {name} | {sync:.1f} | {frame:.1f} |")


def reference_config(site_copy: Path) -> Path:
    """参照：同样的内容，Material 和 mkdocs-jupyter 的默认设置。

    Material：从 Google Fonts 加载字体，没有本站的 CSS、模板覆盖（按需下载搜索索引就在这里）和功能开关。
    mkdocs-jupyter：默认选项渲染提交的、执行好的 .ipynb（源文件 .py 删掉）；site_hooks 不整理它（它只整理 .py 页面）。
    """
    text = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  (custom_dir|font):[^\n]*", "", text)  # 删掉这两行，回到默认值
    text = re.sub(r"\n  features:\n(    - [^\n]*\n)+", "\n", text)  # 不开任何功能
    text = re.sub(r"\nextra_css:\n(  - [^\n]*\n)+", "\n", text)
    text = re.sub(r"\n  - mkdocs-jupyter:\n(      [^\n]*\n)+", "\n  - mkdocs-jupyter\n", text)
    text = NOTEBOOK_LINK.sub(r"\1.ipynb", text)
    for source in (site_copy / "docs" / NOTEBOOK_DIR).glob("*.py"):
        source.unlink()
    for page in (site_copy / "docs").rglob("*.md"):  # 页面里指向 notebook 的链接也改成 .ipynb
        page.write_text(NOTEBOOK_LINK.sub(r"\1.ipynb", page.read_text(encoding="utf-8")), encoding="utf-8")
    config = site_copy / "reference.yml"
    config.write_text(text, encoding="utf-8")
    return config


def timed(command, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def serve_rebuild_seconds(site_copy: Path, env: dict[str, str], *options: str) -> float:
    """mkdocs serve（加上 ``options``）运行时改一个 Markdown 文件，到新内容能从服务器取到所用的时间。"""
    port = 8700 + (os.getpid() + time.time_ns()) % 200
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"],
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
    parser.add_argument("--mlp-frame", metavar="SITE", type=Path, help="只测多层感知机演示一步的用时（用已构建的站点）")
    parser.add_argument("--lighthouse", action="store_true", help="另外给每一页跑 Lighthouse 的手机测试（本站和参照）")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse 每一页跑几次（取中位数；默认 3）")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print("需要 /usr/bin/chromium：apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    if args.mlp_frame:
        print_mlp_step_times(args.mlp_frame)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        # 冷启动：在一份新的副本里构建（没有 .cache，像刚克隆下来一样）；然后什么都不改再构建一次
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
        cold_copy = copy_site(tmp / "cold")
        cold = timed(build, cwd=cold_copy, env=env)
        warm = statistics.median(timed(build, cwd=cold_copy, env=env) for _ in range(3))
        reference_site = tmp / "reference"
        reference_yml = reference_config(copy_site(tmp / "copy"))
        result = build_site(reference_yml, reference_site)
        assert result.returncode == 0, result.stdout
        reference_build = [*build[:5], "-f", str(reference_yml), "-d", str(reference_site)]
        reference_warm = statistics.median(timed(reference_build, cwd=reference_yml.parent, env=env) for _ in range(3))
        pages = [f.url for f in nav_pages()]
        ours, reference = first_visits(site, pages), first_visits(reference_site, pages)
        rebuild = statistics.median(serve_rebuild_seconds(copy_site(tmp / f"serve{i}"), env) for i in range(3))
        dirty = statistics.median(serve_rebuild_seconds(copy_site(tmp / f"dirty{i}"), env, "--dirty") for i in range(3))
        index = (site / "search/search_index.json").read_bytes()
        reference_index = (reference_site / "search/search_index.json").read_bytes()

        print("\n## 首次访问每一页（KB，gzip 后）\n")
        print(
            f"“页面本身”是 HTML（含构建时排好的公式）、CSS、JS、字体和打开页面时就下载的搜索索引，"
            f"不含图和 KaTeX 的 CSS、字体（预算 {TEXT_PAGE_BUDGET // 1024} KB）。"
        )
        print("“搜索时”是读者第一次搜索时再下载的字节（本站的搜索索引在这时才下载）。\n")
        print(
            "| 页面 | 页面本身 | 图 | 公式 | 请求 | 搜索时 | 参照：页面本身 | 图 | 公式 | 请求 | 站外请求 | 本站/参照 |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for url in pages:
            o, r = ours[url], reference[url]
            mine, theirs = o["page"] + o["search"], r["page"] + r["search"]
            print(
                f"| {url or '/'} | {kb(mine)} | {kb(o['figure'])} | {kb(o['math'])} | {o['requests']} "
                f"| {kb(o['after_search'])} | {kb(theirs)} | {kb(r['figure'])} | {kb(r['math'])} | {r['requests']} "
                f"| {r['external']} | {mine / theirs:.2f} |"
            )
        text = [url for url in pages if not url.startswith(NOTEBOOK_DIR)]
        bases = [ours[u]["page"] + ours[u]["search"] for u in text]
        print(
            f"\n文字页面本身：最大 {kb(max(bases))} KB，中位数 {kb(statistics.median(bases))} KB"
            f"（预算 {TEXT_PAGE_BUDGET // 1024} KB）。"
        )
        for url in pages:
            if url.startswith(NOTEBOOK_DIR):
                o, r = ours[url], reference[url]
                # 默认页面把图以 base64 内嵌在 HTML 里：从它的“页面本身”里扣掉，两边都只比图以外的部分
                html = (reference_site / url / "index.html").read_bytes()
                inline = transferred("x.html", html) - transferred("x.html", INLINE_IMAGE.sub(b'src=""', html))
                mine, theirs = o["page"] + o["search"], r["page"] + r["search"] - inline
                print(
                    f"notebook {url}：页面本身（不含图）{kb(mine)} KB，mkdocs-jupyter 默认 {kb(theirs)} KB"
                    f"（另有内嵌的图 {kb(inline)} KB，和向 CDN 请求、这里被拦下的 MathJax 等），"
                    f"比例 {mine / theirs:.2f}（预算 0.33）。"
                )

        print("\n## 交互演示（KB，gzip 后）\n")
        print(f"演示的 CSS 和脚本只在有演示的页面加载，算在上表的“页面本身”里（预算每页 {DEMO_BUDGET // 1024} KB）。\n")
        print("| 页面 | 演示 | 演示的 CSS 和脚本 |")
        print("| --- | --- | ---: |")
        for page, size in demo_weights(site).items():
            names = "、".join(demo_names((site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")))
            print(f"| {page} | {names} | {kb(size)} |")
        print_mlp_step_times(site)

        sizes = figure_sizes(site)
        print("\n## 图（KB，gzip 后）\n")
        print("| 图（figs/ 和 notebook 输出的图） | 传输 |")
        print("| --- | ---: |")
        for name, size in sizes.items():
            print(f"| {name} | {kb(size)} |")
        print(
            f"\n中位数 {kb(statistics.median(sizes.values()))} KB（预算 {FIGURE_MEDIAN_BUDGET // 1024}），"
            f"最大 {kb(max(sizes.values()))} KB（预算 {FIGURE_MAX_BUDGET // 1024}），"
            f"合计 {kb(sum(sizes.values()))} KB。"
        )

        print(
            f"\n搜索索引：{kb(len(index))} KB，gzip 后 {kb(len(gzip.compress(index, 6)))} KB"
            f"（参照：{kb(len(reference_index))} KB，gzip 后 {kb(len(gzip.compress(reference_index, 6)))} KB）"
        )
        print("\n## 时间（秒）\n")
        print(f"- mkdocs build --strict，冷启动（没有 .cache）：{cold:.2f}")
        print(f"- mkdocs build --strict，什么都没改（3 次的中位数）：{warm:.2f}（预算 5；参照 {reference_warm:.2f}）")
        print(f"- mkdocs serve 改一个页面后到新内容可见（3 次的中位数）：{rebuild:.2f}（预算 1）")
        print(f"- mkdocs serve --dirty（只重建改动的页面），同上：{dirty:.2f}（预算 1）")
        if args.lighthouse:
            lighthouse.report(site, reference_site, pages, args.runs)
    if args.tests:
        seconds = timed([sys.executable, "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider"], cwd=ROOT)
        print(f"- 测试（不含浏览器部分）：{seconds:.1f}（预算 90）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
