"""在真实的无头 Chromium 里打开构建好的站点，检查读者看到的东西。

- 每一页：没有控制台错误和页面错误；每张图片都加载成功；不向本机服务器以外的任何主机发请求；
  有公式的页面公式都渲染了；没有严重（serious / critical）的无障碍问题（axe-core）；手机宽度下不横向溢出。
- 浅色 / 深色：第一次来跟随系统，在解析到正文前就定下；切换有效，并且换页后保持。
- 中文搜索：一组查询各自能在前几条结果里找到应有的页面，结果文字里没有残留的 U+200B。
- 离线版：从 file:// 打开，同样能加载、能搜索、不发外部请求。

截图（每页 × 浅色/深色 × 桌面/手机）写到 SCREENSHOT_DIR，供人查看。
需要 Debian 的 chromium 包（/usr/bin/chromium）；.ci/run 会安装它。
"""

import re
import zipfile
from urllib.parse import unquote

import pytest

from tests.conftest import DESKTOP, PHONE, ROOT, SCREENSHOT_DIR, load_every_image, nav_pages
from tests.test_screenshots import SEED_DIR
from tools import offline_zip, print_pdf

pytestmark = pytest.mark.browser

AXE = ROOT / "tests/vendor/axe-core/axe.min.js"

# Material 主题自身造成、本站无法在不改主题模板的前提下修好的 axe 问题，逐条写明原因。
# 不在这里的新问题一律让测试失败。
KNOWN_AXE_VIOLATIONS: dict[str, str] = {}


@pytest.fixture(scope="session")
def screenshot_dir():
    """旧截图在测试会话开始时由 conftest.py 的 pytest_sessionstart 清掉（并行时只清一次）。"""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return SCREENSHOT_DIR


class Visit:
    """在一个新的浏览器上下文里打开页面，记录控制台错误、页面错误和所有请求。"""

    def __init__(self, chromium, viewport, scheme="light", **options):
        """``options`` 原样交给 new_context，例如 has_touch=True、reduced_motion="reduce"、device_scale_factor=2。"""
        self.context = chromium.new_context(viewport=viewport, color_scheme=scheme, **options)
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, url):
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.context.close()


def page_problems(page, base) -> list[str]:
    """一页打开后能在浏览器里检查的问题。"""
    problems = []
    load_every_image(page)  # 往下翻才加载的图也要检查
    broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    problems += [f"图片没有加载：{src}" for src in broken]
    math = page.evaluate(
        "({total: document.querySelectorAll('.arithmatex').length,"
        " rendered: document.querySelectorAll('.arithmatex .katex').length,"
        " errors: document.querySelectorAll('.katex-error').length})"
    )
    if math["rendered"] != math["total"] or math["errors"]:
        problems.append(f"公式没有全部渲染：{math}")
    return problems


def render_all(page) -> None:
    """离屏幕远、还没画出来的块（extra.css 的 content-visibility）照常排版，和读者滚到那里时看到的一样：
    axe 看的是画出来的样子（颜色对比度、能滚动的区域），整页截图也要画出每一块。"""
    page.evaluate("document.documentElement.classList.add('cv-render-all')")


def axe_violations(page) -> list[str]:
    render_all(page)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"axe {v['id']}（{v['impact']}）：{v['help']}，例如 {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in KNOWN_AXE_VIOLATIONS
    ]


PAGES = nav_pages()


@pytest.mark.parametrize("file", PAGES, ids=[f.src_uri for f in PAGES])
def test_page_in_browser(chromium, server, screenshot_dir, file):
    url = server + file.url
    stem = file.src_uri.removesuffix(".md").replace("/", "_")
    problems = []
    for scheme in ("light", "dark"):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            with Visit(chromium, viewport, scheme) as visit:
                page = visit.open(url)
                where = f"{file.src_uri}（{scheme}，{name}）"
                problems += [f"{where}：{p}" for p in visit.errors + page_problems(page, server)]
                problems += [f"{where}：请求了站外地址 {u}" for u in visit.requests if not u.startswith(server)]
                if name == "desktop":
                    problems += [f"{where}：{v}" for v in axe_violations(page)]
                else:
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > PHONE["width"]:
                        problems.append(f"{where}：页面宽 {width}px，超出手机屏幕 {PHONE['width']}px")
                render_all(page)
                page.screenshot(path=screenshot_dir / f"{stem}-{scheme}-{name}.png", full_page=True)
    assert problems == [], "\n".join(problems)


def test_theme_toggle_survives_navigation(chromium, server):
    with Visit(chromium, DESKTOP, "light") as visit:
        page = visit.open(server)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.locator("label.md-header__button[for^='__palette']:visible").click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.locator(".md-footer__link--next").click()  # 换页
        page.wait_for_load_state("networkidle")
        assert page.url != server
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.goto(server + PAGES[-1].url)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert visit.errors == []


# 记下正文（<article>）开始解析那一刻 <body> 的配色：在那之前定下配色，浏览器才不必为它把整页样式重算
RECORD_SCHEME_AT_ARTICLE = """
new MutationObserver((records, observer) => {
  if (document.querySelector("article")) {
    window.schemeAtArticle = document.body.dataset.mdColorScheme;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize(
    ("system", "scheme", "color_scheme", "toggle"),
    [
        ("light", "default", "light", "切换到深色模式"),
        ("dark", "slate", "dark", "切换到浅色模式"),
    ],
)
def test_theme_is_chosen_while_the_header_is_parsed(chromium, server, system, scheme, color_scheme, toggle):
    """第一次来跟随系统的深浅色，在解析到正文之前就定下（overrides/partials/javascripts/palette.html）；
    Material 的 palette 组件不挂载（它在整页解析完后改配色、读样式，长页面上要整页重算样式好几遍）。
    浏览器自己的配色（color-scheme）和手机地址栏颜色（theme-color）跟着页头。"""
    with Visit(chromium, PHONE, system) as visit:
        visit.context.add_init_script(RECORD_SCHEME_AT_ARTICLE)
        page = visit.open(server + "dl/training/")
        assert page.evaluate("window.schemeAtArticle") == scheme
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        assert page.locator("[data-md-component=palette]").count() == 0
        assert page.locator("label.md-header__button[for^='__palette']:visible").get_attribute("title") == toggle
        metas = page.evaluate("""() => {
            const rgb = getComputedStyle(document.querySelector(".md-header")).backgroundColor.match(/\\d+/g);
            return [document.querySelector("meta[name=color-scheme]").content,
                    document.querySelector("meta[name=theme-color]").content,
                    "#" + rgb.slice(0, 3).map(v => (+v).toString(16).padStart(2, "0")).join("")];
        }""")
        assert metas[0] == color_scheme
        assert metas[1] == metas[2]
        assert visit.errors == []


@pytest.mark.parametrize("system", ["light", "dark"])
def test_plain_tokens_in_code_have_the_color_of_the_code_text(chromium, server, system):
    """site_hooks/highlight.py 去掉了代码里名字、运算符、标点、空白的 <span>：只有它们本来就和代码正文同色，
    才看不出区别。单词运算符（in、not）仍然有自己的 <span>，按关键字着色。"""
    with Visit(chromium, DESKTOP, system) as visit:
        page = visit.open(server + "dl/training/")
        assert page.locator(".highlight :is(span.n, span.o, span.p, span.w)").count() == 0
        colors = page.evaluate("""() => {
            const code = document.querySelector(".highlight pre > code");
            const color = cls => {
                const span = code.appendChild(document.createElement("span"));
                span.className = cls;
                return getComputedStyle(span).color;
            };
            return {code: getComputedStyle(code).color, n: color("n"), o: color("o"), p: color("p"), w: color("w"),
                    ow: color("ow"), k: color("k")};
        }""")
        code = colors.pop("code")
        assert {token: code for token in "nopw"} == {token: colors[token] for token in "nopw"}
        assert colors["ow"] == colors["k"] != code


def test_code_blocks_get_their_copy_button_when_they_scroll_into_view(chromium, server):
    """mkdocs.yml 开了 Material 的 content.lazy：代码块滚到屏幕上才挂载（加复制按钮、量一量要不要横向滚动），
    长页面加载时不必一次处理几十个代码块。滚到的代码块照样有复制按钮，复制的就是这一块代码。"""
    with Visit(chromium, PHONE) as visit:
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = visit.open(server + "dl/training/")
        last = page.locator("article .highlight pre").last
        assert last.locator(".md-code__button").count() == 0, "页面底部的代码块在页面加载时就挂载了"
        assert last.locator("code").get_attribute("tabindex") == "0", "还没挂载的代码块不能用键盘聚焦、滚动"
        last.scroll_into_view_if_needed()
        button = last.locator(".md-code__button[data-md-type=copy]")
        button.wait_for()
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == last.locator("code").inner_text().rstrip("\n")  # 复制时去掉了末尾的换行
        assert visit.errors == []


TABLE_PAGES = ["cv/tasks/", "appendix/glossary/"]


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_the_table_wrapper_changes_no_layout(chromium, server, url):
    """site_hooks/tables.py 给每个表格套的 <div class="cv-table">：Material 给表格加的滚动容器插在它里面，不直接插在
    <article> 里（那样整页的样式都要重算）；它本身不改变排版，拿掉以后正文里每个元素的位置和大小都不变。"""
    for viewport in (DESKTOP, PHONE):
        with Visit(chromium, viewport) as visit:
            page = visit.open(server + url)
            render_all(page)
            result = page.evaluate("""() => {
                const article = document.querySelector("article");
                const boxes = () => [...article.querySelectorAll("*:not(.cv-table)")].map(element => {
                    const box = element.getBoundingClientRect();
                    return [box.top, box.left, box.width, box.height].map(Math.round).join();
                });
                const wrappers = [...article.querySelectorAll(".cv-table")];
                const tables = article.querySelectorAll("table:not([class])").length;
                const wrapped = wrappers.filter(w => w.querySelector(":scope > .md-typeset__scrollwrap table")).length;
                const before = boxes();
                wrappers.forEach(wrapper => wrapper.replaceWith(...wrapper.childNodes));
                const after = boxes();
                return {tables, wrapped, moved: before.filter((box, i) => box !== after[i]).length};
            }""")
            assert result["tables"] > 0
            assert result == {"tables": result["tables"], "wrapped": result["tables"], "moved": 0}


# 最长的几页：链接到页中间和页末的小节时，最容易落错位置
LONG_PAGES = ["dl/training/", "cv/tasks/", "dl/convolution/"]


# extra.css 里 content-visibility: auto 作用的块（正文第一个二级标题以后的每个块）：从 extra.css 里读出选择器
EXTRA_CSS = (ROOT / "docs/assets/stylesheets/extra.css").read_text(encoding="utf-8")
EXTRA_CSS_RULES = re.sub(r"/\*.*?\*/", "", EXTRA_CSS, flags=re.S)  # 去掉注释
DEFERRED_BLOCKS = " ".join(re.search(r"([^{}]+)\{\s*content-visibility: auto;", EXTRA_CSS_RULES)[1].split())


@pytest.mark.parametrize("file", PAGES, ids=[f.src_uri for f in PAGES])
def test_deferred_blocks_are_laid_out_as_without_content_visibility(chromium, server, file):
    """正文里离屏幕远的块先不排版（extra.css）。画出来的块是独立的排版上下文（浏览器给它布局、样式和绘制隔离，
    这里用 contain 模拟全部画出来的样子）：正文里每个元素的位置和大小都与不用 content-visibility 时一样。"""
    for viewport in (DESKTOP, PHONE):
        with Visit(chromium, viewport) as visit:
            page = visit.open(server + file.url)
            result = page.evaluate(
                """selector => {
                const article = document.querySelector("article");
                const blocks = [...document.querySelectorAll(selector)];
                const boxes = () => [...article.querySelectorAll("*")].map(element => {
                    const box = element.getBoundingClientRect();
                    return [box.top, box.left, box.width, box.height].map(Math.round).join();
                });
                const moved = (boxes, reference) => boxes.filter((box, i) => box !== reference[i]).length;
                const style = css => blocks.forEach(block => block.style.cssText = css);
                style("content-visibility: visible; contain: layout style paint");
                const drawn = boxes();
                style("content-visibility: visible");
                const plain = boxes();
                return {blocks: blocks.length, moved: moved(drawn, plain)};
            }""",
                DEFERRED_BLOCKS,
            )
            assert result["moved"] == 0, (file.src_uri, viewport, result)


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_tables_on_the_first_screen_stay_put_when_material_wraps_them(chromium, server, url):
    """Material 的脚本在加载后把每个表格换进新建的滚动容器。新元素要是从 content-visibility 的 200 像素估计开始，
    第一屏上的表格会缩成 200 像素一帧再撑开（术语表一页的 CLS 曾因此是 0.058）。这里在手机上把第一屏的表格
    换回脚本运行以前的样子，再像 Material 那样包进新建的元素：表格外层的位置和宽度前后都不变，新包好的表格
    在同一帧里就是真实的高度。"""
    with Visit(chromium, PHONE) as visit:
        page = visit.open(server + url)
        page.evaluate(
            "() => scrollTo(0, document.querySelector('.md-content__inner > h2 ~ .cv-table').offsetTop - 200)"
        )
        boxes = page.evaluate("""() => {
            const wrapper = document.querySelector(".md-content__inner > h2 ~ .cv-table");  // 刚滚到第一屏上
            const box = () => {
                const rect = wrapper.getBoundingClientRect();
                return [rect.top, rect.left, rect.width, rect.height].map(Math.round);
            };
            const wrapped = box();
            const table = wrapper.querySelector("table");
            wrapper.firstElementChild.replaceWith(table);
            const bare = box();
            const scrollwrap = document.createElement("div"), inner = document.createElement("div");
            scrollwrap.className = "md-typeset__scrollwrap";
            inner.className = "md-typeset__table";
            table.replaceWith(scrollwrap);
            scrollwrap.append(inner);
            inner.append(table);
            return {wrapped, bare, rewrapped: box()};
        }""")
    assert boxes["rewrapped"] == boxes["wrapped"]
    assert boxes["bare"][:3] == boxes["wrapped"][:3]  # 上边、左边、宽度；高度随表格的宽度变


def test_blocks_far_below_are_skipped_until_a_link_needs_their_position(chromium, server):
    """打开长页面时，屏幕下面远处的块浏览器不排版。点右侧目录里的链接时，浏览器滚动以前整页已经照常排版：
    就在这一下点击里（hashchange 事件还没来），目标标题已经停在页首栏下面；带 #小节 打开页面时也整页照常排版。"""
    # 块自己总是“看得见”的（占着位），没画出来的是它里面的东西：看有子元素的块，它的第一个子元素
    blocks = f"[...document.querySelectorAll('{DEFERRED_BLOCKS}')].filter(block => block.firstElementChild)"
    skipped = f"{blocks}.filter(block => !block.firstElementChild.checkVisibility({{contentVisibilityAuto: true}}))"
    with Visit(chromium, PHONE) as visit:
        page = visit.open(server + "dl/training/")
        assert page.evaluate(f"{skipped}.length") > page.evaluate(f"{blocks}.length") / 2
        clicked = page.evaluate(f"""() => {{
            const link = [...document.querySelectorAll(".md-sidebar--secondary .md-nav__link")].pop();
            link.click();
            const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
            return {{
                top: Math.round(target.getBoundingClientRect().top),
                header: document.querySelector(".md-header").getBoundingClientRect().bottom,
                skipped: {skipped}.length,
            }};
        }}""")
        assert clicked["header"] <= clicked["top"] <= clicked["header"] + 40 and clicked["skipped"] == 0, clicked
        target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        assert visit.errors == []
    with Visit(chromium, PHONE) as visit:
        assert visit.open(f"{server}dl/training/#{target}").evaluate(f"{skipped}.length") == 0


@pytest.mark.parametrize("url", LONG_PAGES)
def test_a_link_to_a_section_lands_on_its_heading_and_the_toc_marks_it(chromium, server, url):
    """从别处链接到长页面里的一节（地址带 #小节）：标题停在页首栏下面，右侧目录高亮的正是这一节。

    正文的块用了 content-visibility: auto（extra.css）：还没画出来的块只按估计的高度占位，只靠它，浏览器算出的
    小节位置就错了（实测页末的小节标题偏离约 200 像素）。所以地址带 #小节 时整页照常排版（overrides/main.html），
    这一条检查的就是这个。
    """
    problems = []
    for name, viewport in (("桌面", DESKTOP), ("手机", PHONE)):
        with Visit(chromium, viewport) as visit:
            ids = visit.open(server + url).evaluate("[...document.querySelectorAll('article h2[id]')].map(h => h.id)")
            for target in (ids[len(ids) // 2], ids[-1]):
                problems += landing_problems(visit, f"{server}{url}", target, f"{name}，在这一页里改地址")
                with Visit(chromium, viewport) as elsewhere:
                    problems += landing_problems(elsewhere, f"{server}{url}", target, f"{name}，从别处打开")
    assert problems == [], "\n".join(problems)


def landing_problems(visit, url: str, target: str, name: str) -> list[str]:
    """打开 url#target：标题应停在页首栏下沿附近，右侧目录高亮的应正是这一节。返回发现的问题。"""
    page = visit.open(f"{url}#{target}")
    page.wait_for_timeout(500)  # 让目录跟随滚动位置更新（页面上的演示也在这时挂载）
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    active = page.evaluate(
        "[...document.querySelectorAll('.md-sidebar--secondary .md-nav__link--active')]"
        ".map(a => decodeURIComponent(a.hash.slice(1)))"
    )
    where, problems = f"{url}#{target}（{name}）", []
    if not header <= top <= header + 40:
        problems.append(f"{where}：标题在视口 {top:.0f}px 处，应在页首栏下沿 {header:.0f}px 附近")
    if active != [target]:
        problems.append(f"{where}：目录高亮的是 {active}")
    return problems


def search(page, query) -> list[tuple[str, str]]:
    """像读者一样在搜索框里打字，返回 (链接, 标题+摘要) 列表。"""
    page.keyboard.press("s")  # 快捷键打开搜索（手机宽度下搜索框默认是隐藏的）
    box = page.locator("input.md-search__input")
    box.fill(query)  # 中文无法逐键输入（没有对应的按键），所以先填入……
    box.press("End")  # ……再按一个键：Material 的搜索框只响应键盘事件
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    items = page.locator(".md-search-result__item > a")
    results = [(items.nth(i).get_attribute("href"), items.nth(i).inner_text()) for i in range(items.count())]
    page.keyboard.press("Escape")
    return results


SEARCHES = [
    ("语义分割", "cv/tasks/"),
    ("卷积", "dl/convolution/"),
    ("感知机", "dl/perceptron/"),
    ("多层感知机", "dl/mlp/"),
    ("ImageNet", "cv/history/"),
    ("OpenMMLab", "openmmlab/ecosystem/"),
    ("XOR", "dl/perceptron/"),
    ("反向传播", "dl/training/"),
    ("早停", "dl/training/"),
    ("注册器", "openmmlab/ecosystem/"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_chinese_search(chromium, server, query, expected):
    with Visit(chromium, DESKTOP) as visit:
        page = visit.open(server)
        results = search(page, query)
        # 结果链接形如 dl/perceptron/?h=感知机#小节：去掉高亮参数和锚点，只比较页面
        pages = list(dict.fromkeys(href.split("#")[0].split("?")[0].removeprefix(server) for href, _ in results))
        assert expected in pages[:3], f"搜索“{query}”的前几条结果里没有 {expected}：{pages[:5]}"
        assert not [text for _, text in results if "\u200b" in text], "搜索结果里残留了 U+200B"
        assert visit.errors == []


TASKS, HISTORY, ML = "cv/tasks/", "cv/history/", "dl/machine-learning/"
# 原笔记（../shared/seed）里出现的术语 → 讲解它的小节（页面或 页面#小节）。学生拿原笔记里的词来搜，
# 讲解它的那一节要在前三条结果里，而且结果里看得见这个词。
NOTES_TERMS = [
    ("Localization", [f"{TASKS}#定位localization只找一个"]),
    ("语义分割", [f"{TASKS}#语义分割每个像素一个类别"]),
    ("实例分割", [f"{TASKS}#实例分割每个像素一个类别和一个个体"]),
    ("关键点检测", [f"{TASKS}#关键点检测"]),
    ("backbone", [f"{TASKS}#骨干网络backbone-头部head"]),
    ("head", [f"{TASKS}#骨干网络backbone-头部head"]),
    ("ImageNet", [f"{HISTORY}#imagenet-与-ilsvrc"]),
    ("pix2pix", ["cv/applications/#图像翻译pix2pix从航拍照片到地图"]),
    ("特征工程", [f"{HISTORY}#特征工程手工设计的特征"]),
    ("SVM", [f"{HISTORY}#第一批能用的系统手工特征--svm"]),
    ("AlexNet", [f"{HISTORY}#2012alexnet-带来的转折点"]),
    ("Fast R-CNN", [f"{HISTORY}#深度学习时代的里程碑r-cnn-系列fcngan"]),
    ("GAN", [f"{HISTORY}#深度学习时代的里程碑r-cnn-系列fcngan"]),
    ("视觉大模型", [f"{HISTORY}#今天视觉大模型"]),
    ("PyTorch", ["openmmlab/frameworks/#为什么研究者转向了-pytorch", "dl/pytorch-basics/"]),
    ("OpenMMLab", ["openmmlab/ecosystem/", "openmmlab/ecosystem/#openmmlab-是什么"]),
    ("SOTA", ["openmmlab/ecosystem/#按任务认识各个代码库"]),
    ("数据驱动", [f"{ML}#数据驱动为什么要让机器从数据中学习"]),
    ("统计学习", [f"{ML}#数据驱动为什么要让机器从数据中学习", f"{HISTORY}#统计学习与模式识别"]),
    ("小冰", [f"{ML}#从识别到生成ai-也能创作内容"]),
    ("全连接", ["dl/mlp/#多层感知机的结构全连接层"]),
    ("多层感知机", ["dl/mlp/"]),
    ("卷积核", ["dl/convolution/"]),
]


def result_target(href: str, server: str) -> str:
    """结果链接 http://…/cv/tasks/?h=…#小节 → cv/tasks/#小节（去掉高亮参数，锚点解码）。"""
    address, _, anchor = unquote(href).removeprefix(server).partition("#")
    page = address.split("?")[0]
    return f"{page}#{anchor}" if anchor else page


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="没有原笔记（../shared/seed）")
def test_search_terms_come_from_the_notes():
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))).casefold()
    typos = {"实例分割": "实列分割"}  # 原笔记的笔误；学生搜的是正确的写法
    assert [term for term, _ in NOTES_TERMS if typos.get(term, term).casefold() not in seed] == []


@pytest.mark.parametrize(("term", "targets"), NOTES_TERMS, ids=[t for t, _ in NOTES_TERMS])
def test_search_finds_the_section_that_explains_a_term_from_the_notes(chromium, server, term, targets):
    with Visit(chromium, DESKTOP) as visit:
        results = search(visit.open(server), term)
        top = [(result_target(href, server), text.replace("\u200b", "")) for href, text in results[:3]]
        hits = [target for target, text in top if target in targets and term.casefold() in text.casefold()]
        assert hits, f"搜索“{term}”，前三条结果里没有讲解它的 {targets}（或结果里看不到这个词）：{top}"
        assert visit.errors == []


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
    """发布的离线版 zip（tools/offline_zip.py 构建、打包），解压到临时目录：读者拿到的就是这个文件夹。"""
    work = tmp_path_factory.mktemp("offline")
    offline_zip.build_offline(work / "site")
    offline_zip.zip_site(work / "site", work / "offline.zip")
    with zipfile.ZipFile(work / "offline.zip") as archive:
        archive.extractall(work / "unzipped")
    return work / "unzipped" / offline_zip.TOP_FOLDER


def test_pdf_of_the_print_page_embeds_chinese_and_math_fonts(chromium, built_site):
    """tools/print_pdf.py 把打印版印成 PDF：全站两百页左右，嵌入了中文字体（否则它报错）和 KaTeX 的字体。"""
    data = print_pdf.pdf_bytes(chromium, built_site)
    pages = print_pdf.page_count(data)
    assert data.startswith(b"%PDF") and 100 < pages < 400, pages
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+KaTeX_Main", data), "公式的字体没有嵌入"


def test_offline_zip_works_from_file_urls(chromium, offline_site):
    """解压后双击 index.html（file://）：页面能加载、能搜索、能跳到搜到的页面，不向任何地方发请求。"""
    with Visit(chromium, DESKTOP) as visit:
        index = (offline_site / "index.html").as_uri()
        page = visit.open(index)
        results = search(page, "感知机")
        assert any("dl/perceptron.html" in href for href, _ in results), results
        page.goto((offline_site / "dl/perceptron.html").as_uri())
        page.wait_for_load_state("networkidle")
        assert page_problems(page, index) == []
        assert visit.errors == []
        assert [u for u in visit.requests if not u.startswith("file://")] == []
