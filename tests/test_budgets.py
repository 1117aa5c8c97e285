"""性能预算：只断言在嘈杂的机器上也稳定的量——字节数和比例。

构建、预览和测试用了多少秒由 ``python -m tests.bench`` 测量和报告，不在这里断言。
其他地方已经断言的预算：公式资源只出现在有公式的页面（test_site.py），
notebook 页面不超过 mkdocs-jupyter 默认页面的三分之一（test_notebooks.py）。
"""

import gzip
import statistics
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_hooks.demos import demo_assets, demo_names
from site_hooks.figures import image_size
from site_hooks.notebook_pages import NOTEBOOK_DIR
from tests.conftest import DESKTOP, PHONE, ROOT, load_every_image, nav_pages
from tests.test_browser import search

# 一页文字页面的首次访问（gzip 后）：HTML、CSS、JS，不含图；公式在构建时排进了 HTML，算在这里
TEXT_PAGE_BUDGET = 140 * 1024
MATH_BUDGET = 110 * 1024  # 有公式的页面另外加载的 KaTeX 的 CSS 和这一页用到的字体（没有任何数学脚本）
FIGURE_MEDIAN_BUDGET = 40 * 1024
FIGURE_MAX_BUDGET = 150 * 1024
SCREEN_DENSITY = 2  # 位图在 2 倍屏上也要清晰：每个显示像素至少有 2 个图像像素
DEMO_BUDGET = 30 * 1024  # 一页上交互演示的 CSS 和脚本（gzip 后），算在“页面本身”里

BINARY = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")
SEARCH_INDEX = "/search/search_index.json"
PAGES = nav_pages()
TEXT_PAGES = [f for f in PAGES if f.src_uri.endswith(".md")]


def transferred(url: str, body: bytes) -> int:
    """服务器会发送的字节数：文本资源按 gzip（级别 6）压缩计，本身已经压缩过的格式原样计。"""
    return len(body) if url.lower().split("?")[0].endswith(BINARY) else len(gzip.compress(body, 6, mtime=0))


def kind(url: str) -> str:
    """把一个请求归到预算的一类：图、公式资源（KaTeX 的 CSS 和字体）、搜索索引，
    其余（HTML、CSS、JS、字体）算页面本身。"""
    path = url.split("?")[0]
    if "/figs/" in path or ("/notebooks/" in path and path.endswith((".png", ".svg"))):
        return "figure"
    if "katex" in path:
        return "math"
    if path.endswith(SEARCH_INDEX):
        return "search"
    return "page"


def first_visit(browser, base_url: str, page_url: str, search_query: str | None = None) -> dict[str, int]:
    """在全新的浏览器上下文（空缓存）里打开一页，按类统计传输的字节数和请求数。

    给了 ``search_query`` 时，页面加载完以后再像读者一样搜索一次，这之后的流量另计在 ``after_search`` 里。
    站外请求一律拦下并计数（本站应当是 0；参照站点会请求 Google 字体）。
    """
    sizes = {"page": 0, "figure": 0, "math": 0, "search": 0, "after_search": 0, "requests": 0, "external": 0}
    phase = ["load"]
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())

    last_response = [time.monotonic()]

    def on_response(response):
        sizes["requests"] += 1
        last_response[0] = time.monotonic()
        try:
            body = response.body()
        except Exception:  # 重定向等没有正文的响应
            return
        sizes["after_search" if phase[0] == "search" else kind(response.url)] += transferred(response.url, body)

    # 监听整个上下文而不只是页面：Web Worker 发出的请求不算页面自己的
    context.on("response", on_response)
    context.on("requestfailed", lambda request: sizes.__setitem__("external", sizes["external"] + 1))

    def settle():
        """等到整整一秒没有新的响应：Web Worker 和延迟加载的请求不一定赶在 networkidle 之前发出。"""
        page.wait_for_load_state("networkidle")
        deadline = time.monotonic() + 15
        while time.monotonic() - last_response[0] < 1 and time.monotonic() < deadline:
            page.wait_for_timeout(100)

    page = context.new_page()
    page.goto(base_url + page_url)
    settle()
    if search_query:
        phase[0] = "search"
        search(page, search_query)
        settle()
    context.close()
    return sizes


def figure_sizes(site: Path) -> dict[str, int]:
    """每张图传输的字节数：figs/ 里的，和构建好的站点 ``site`` 里 notebook 输出的图。"""
    paths = sorted((ROOT / "figs").iterdir()) + sorted((site / NOTEBOOK_DIR).glob("*/*.[ps][nv]g"))
    return {path.name: transferred(path.name, path.read_bytes()) for path in paths}


def demo_weights(site: Path) -> dict[str, int]:
    """有交互演示的每一页：演示的 CSS 和脚本传输的字节数（gzip 后）。"""
    weights = {}
    for file in PAGES:
        names = demo_names((site / file.dest_uri).read_text(encoding="utf-8"))
        if names:
            weights[file.src_uri] = sum(transferred(path, (site / path).read_bytes()) for path in demo_assets(names))
    return weights


LAID_OUT_AT_LOAD_BUDGET = 300  # 正文第一个二级标题之前的元素数


@pytest.mark.parametrize("file", TEXT_PAGES, ids=[f.src_uri for f in TEXT_PAGES])
def test_little_comes_before_the_first_section(built_site, file):
    """extra.css 只推迟正文第一个二级标题之后的块；之前的部分，手机打开这一页时全部要排版。那里最多 300 个元素。
    术语表和截图对照分组写在二级标题下就是为此：一整张表在标题之前时，Lighthouse 手机测试的 TBT 是 170～260 ms，
    分组后 50～60 ms。"""
    from bs4 import BeautifulSoup

    html = (built_site / file.dest_uri).read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one(".md-content__inner")
    before = []
    for block in article.find_all(recursive=False):
        if block.name == "h2":
            break
        before += [block, *block.find_all()]
    assert len(before) <= LAID_OUT_AT_LOAD_BUDGET, f"{file.src_uri}：第一个二级标题之前有 {len(before)} 个元素"


def test_demo_code_is_small_and_loaded_only_where_there_is_a_demo(built_site):
    weights = demo_weights(built_site)
    assert {"dl/perceptron.md", "dl/convolution.md", "dl/mlp.md"} <= set(weights), weights
    too_big = {page: f"{size / 1024:.1f} KB" for page, size in weights.items() if size > DEMO_BUDGET}
    assert not too_big, f"这些页面的交互演示超过 {DEMO_BUDGET // 1024} KB（gzip 后）：{too_big}"
    elsewhere = [
        f.src_uri
        for f in PAGES
        if f.src_uri not in weights and "javascripts/demos/" in (built_site / f.dest_uri).read_text(encoding="utf-8")
    ]
    assert elsewhere == [], f"没有演示的页面也加载了演示的脚本：{elsewhere}"


def test_figures_are_small(built_site):
    sizes = figure_sizes(built_site)
    assert any(name.startswith("perceptron-mlp-") for name in sizes), "没有找到 notebook 输出的图"
    median = statistics.median(sizes.values())
    assert median <= FIGURE_MEDIAN_BUDGET, f"图的中位数 {median / 1024:.1f} KB，超过 {FIGURE_MEDIAN_BUDGET // 1024} KB"
    too_big = {name: f"{size / 1024:.1f} KB" for name, size in sizes.items() if size > FIGURE_MAX_BUDGET}
    assert not too_big, f"这些图超过 {FIGURE_MAX_BUDGET // 1024} KB（gzip 后）：{too_big}"


@pytest.mark.browser
@pytest.mark.parametrize("file", TEXT_PAGES, ids=[f.src_uri for f in TEXT_PAGES])
def test_text_page_first_visit_is_within_budget(chromium, server, file):
    sizes = first_visit(chromium, server, file.url)
    assert sizes["external"] == 0
    assert sizes["search"] == 0, "读者还没有搜索，就下载了搜索索引"
    assert sizes["page"] <= TEXT_PAGE_BUDGET, (
        f"{file.src_uri} 首次访问传输 {sizes['page'] / 1024:.1f} KB（不含图和公式字体），"
        f"预算 {TEXT_PAGE_BUDGET // 1024} KB"
    )
    assert sizes["math"] <= MATH_BUDGET, (
        f"{file.src_uri} 的公式字体和 CSS 共 {sizes['math'] / 1024:.1f} KB，预算 {MATH_BUDGET // 1024} KB"
    )


@pytest.mark.browser
def test_search_index_is_downloaded_when_the_reader_searches(chromium, server):
    sizes = first_visit(chromium, server, "dl/convolution/", search_query="卷积")
    assert sizes["search"] == 0
    assert sizes["after_search"] > 50 * 1024, f"搜索之后只下载了 {sizes['after_search']} 字节，索引没有下载？"


@pytest.mark.browser
def test_shared_search_link_loads_the_index_at_once(chromium, server):
    """分享出去的搜索链接（?q=，Material 的 search.share）打开就显示结果，不等读者去点搜索框。"""
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server + "dl/perceptron/?q=卷积", wait_until="networkidle")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "卷积" in page.locator(".md-search-result").inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_bitmap_figures_are_sharp_on_2x_screens(chromium, server, built_site, viewport):
    """每张位图（PNG）在 2 倍屏上显示时，浏览器挑中的那一份（srcset 里的手机版或原图）图像像素至少是显示宽度的 2 倍。
    手机上挑中的是手机版：省下的字节正是 srcset 的意义。SVG 是矢量图，任何屏幕上都清晰。"""
    blurry, chosen = [], set()
    context = chromium.new_context(viewport=viewport, device_scale_factor=SCREEN_DENSITY)
    page = context.new_page()
    for file in PAGES:
        page.goto(server + file.url, wait_until="networkidle")
        load_every_image(page)
        images = page.evaluate(
            "[...document.querySelectorAll('article img')]"
            ".filter(i => /\\.(png|jpe?g)$/.test(new URL(i.currentSrc).pathname))"
            ".map(i => ({src: i.currentSrc, shown: i.getBoundingClientRect().width}))"
        )
        for image in images:  # 有 srcset 时 naturalWidth 是按 sizes 换算过的宽度，图像的像素宽度从文件里读
            file_path = built_site / unquote(urlsplit(image["src"]).path).lstrip("/")
            image["natural"] = image_size(file_path.read_bytes())[0]
        chosen |= {image["src"].rsplit("/", 1)[1] for image in images if "/figs/" in image["src"]}
        blurry += [
            f"{file.src_uri}：{image['src'].removeprefix(server)}（宽 {image['natural']}，显示 {image['shown']:.0f}）"
            for image in images
            if image["natural"] < SCREEN_DENSITY * image["shown"]
        ]
    context.close()
    assert not blurry, "这些位图在 2 倍屏上会发虚：\n" + "\n".join(blurry)
    phone_versions = {name for name in chosen if name.endswith("-phone.png")}
    assert phone_versions == (chosen if viewport is PHONE else set()), chosen


# 元素最多的几页（有表格、代码块、公式和交互演示的）
HEAVY_PAGES = ["dl/training/", "dl/cnn-layers/", "cv/tasks/", "dl/perceptron/", "dl/convolution/", "dl/mlp/"]
RESTYLE_LIMIT = 0.05  # 一次样式失效最多波及页面元素的几分之几


def restyled_subtrees(context, url: str) -> tuple[int, list[tuple[int, str, str]]]:
    """打开一页到 load 之后 1 秒，用 Chromium 的跟踪（tracing）记下每一次“整棵子树的样式都要重算”的失效：
    返回页面的元素数，和（子树里的元素数，元素，原因）按元素数从大到小。跟踪里的 nodeId 就是 CDP 的 backendNodeId。"""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda message: done.append(True))
    cdp.send("Tracing.start", {"categories": "disabled-by-default-devtools.timeline.invalidationTracking"})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    cdp.send("DOM.getDocument", {"depth": 0})
    subtrees = {}
    for event in events:
        data = event.get("args", {}).get("data", {})
        lists = data.get("invalidationList", [])
        whole = data.get("subtree") or any(i.get("allDescendantsMightBeInvalid") for i in lists)
        if event["name"].startswith("Style") and (whole or "subtree" in data.get("reason", "")):
            subtrees.setdefault(data["nodeId"], (data["nodeName"], data.get("reason", "")))
    found = []
    for node_id, (name, reason) in subtrees.items():
        try:
            element = cdp.send("DOM.resolveNode", {"backendNodeId": node_id})["object"]
        except Exception:  # 已经不在页面上的元素（例如 Material 换掉的节点）
            continue
        size = cdp.send(
            "Runtime.callFunctionOn",
            {
                "objectId": element["objectId"],  # 也可能是文本节点：它没有子元素
                "functionDeclaration": "function () { return this.getElementsByTagName?.('*').length ?? 0; }",
                "returnByValue": True,
            },
        )["result"].get("value", 0)
        found.append((size, name, reason))
    elements = page.evaluate("document.getElementsByTagName('*').length")
    page.close()
    return elements, sorted(found, reverse=True)


@pytest.mark.browser
@pytest.mark.parametrize("url", HEAVY_PAGES)
def test_loading_a_page_restyles_no_large_part_of_it_again(chromium, server, url):
    """手机上长页面的主线程时间大半花在样式和排版上，整页样式每多重算一遍，手机上就多忙几百毫秒。加载过程中，
    除了 <html> 以外，没有哪个元素的整棵子树因为脚本改动而要重算样式（超过页面元素的 5%）。

    <html> 不算：Material 的 bundle.js 启动时写 <html> 的 class（去掉 no-js、加上 js 和 js-focus-visible），
    它的 CSS 里又有 ``table:not([class]) td>:first-child`` 这样的选择器，这一写整页都要重算，不改 Material 的脚本就
    避免不了。本站造成过的整页重算：Material 的 palette 组件改 <body> 的属性
    （overrides/partials/javascripts/palette.html 代替了它），Material 给直接放在 <article> 里的表格加滚动容器
    （site_hooks/tables.py 先套了一层），每个代码块挂载时插入复制按钮
    （mkdocs.yml 的 content.lazy：滚到屏幕上才挂载）。"""
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    elements, subtrees = restyled_subtrees(context, server + url)
    context.close()
    large = [s for s in subtrees if s[0] > RESTYLE_LIMIT * elements and not s[1].startswith("HTML")]
    assert large == [], f"{url}（共 {elements} 个元素）加载时这些子树的样式整个重算了（元素数，元素，原因）：{large}"
