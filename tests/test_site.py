"""构建真实站点（--strict，不加 -q），检查构建出的 HTML：读者打开每一页时看到的东西。"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import pytest

import hooks
from site_hooks import cjk, figures, footnotes, print_page, search
from tests.conftest import CONFIG, EDIT_URI, ROOT, build_site, nav_pages

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class Tags(HTMLParser):
    """收集一页里的标签和属性，以及 <style> 里的 CSS。"""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme in ("http", "https") or parts.netloc or url.startswith("//"))


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def article(html: str) -> str:
    """页面的正文（<article> 元素），不含导航、页眉页脚。"""
    return html[html.index("<article") : html.rindex("</article>")]


def test_every_nav_page_is_built(built_site):
    pages = nav_pages()
    assert pages, "导航是空的"
    for file in pages:
        assert (built_site / file.dest_uri).is_file(), f"导航里的 {file.src_uri} 没有生成 {file.dest_uri}"


def test_every_image_has_alt_text(built_site):
    for page in html_files(built_site):
        for tag, attrs in parse(page).tags:
            if tag == "img":
                assert (attrs.get("alt") or "").strip(), (
                    f"{page.relative_to(built_site)}：<img src={attrs.get('src')}> 没有 alt"
                )


def test_every_image_on_a_page_exists(built_site):
    for page in html_files(built_site):
        for tag, attrs in parse(page).tags:
            if tag == "img" and not is_external(attrs["src"]):
                target = (page.parent / attrs["src"]).resolve()
                assert target.is_file(), f"{page.relative_to(built_site)}：图片 {attrs['src']} 不存在"


def test_nothing_is_loaded_from_outside_the_site(built_site):
    """离线优先：不从任何外部主机加载脚本、样式、字体或图片（国内常被墙或很慢，断网时也用不了）。"""
    site_url = CONFIG["site_url"]
    problems = []
    for page in html_files(built_site):
        tags = parse(page)
        for tag, attrs in tags.tags:
            urls = []
            if tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
                urls.append(attrs.get("src") or "")
            if tag == "link":
                rel = (attrs.get("rel") or "").split()
                # canonical 只是元数据（指向本站自己的地址），浏览器不会去加载它
                if not ("canonical" in rel and attrs.get("href", "").startswith(site_url)):
                    urls.append(attrs.get("href") or "")
            if tag == "object":
                urls.append(attrs.get("data") or "")
            urls += CSS_URL.findall(attrs.get("style") or "")
            problems += [f"{page.relative_to(built_site)}：<{tag}> {u}" for u in urls if is_external(u)]
        for css in tags.styles:
            problems += [f"{page.relative_to(built_site)}：<style> {u}" for u in CSS_URL.findall(css) if is_external(u)]
    for css_file in built_site.rglob("*.css"):
        text = css_file.read_text(encoding="utf-8")
        problems += [f"{css_file.relative_to(built_site)}：url({u})" for u in CSS_URL.findall(text) if is_external(u)]
        problems += [
            f"{css_file.relative_to(built_site)}：@import" for _ in re.findall(r"@import\s+['\"]?https?:", text)
        ]
    assert problems == [], "页面从站外加载资源：\n" + "\n".join(problems)


def test_math_is_typeset_at_build_time_and_no_page_loads_a_math_script(built_site):
    """公式在构建时排好（site_hooks/katex.py）：有公式的页面只加载 KaTeX 的 CSS，任何页面都不加载数学脚本；
    没有公式的页面连 CSS 也不加载。"""
    with_math = 0
    for file in [*nav_pages(), None]:  # None：打印版
        page = built_site / (file.dest_uri if file else "print_page/index.html")
        html = page.read_text(encoding="utf-8")
        tags = parse(page).tags
        scripts = [attrs.get("src", "") for tag, attrs in tags if tag == "script"]
        scripts += re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)  # 内联的脚本
        assert not any("katex" in script.lower() for script in scripts), f"{page} 加载了数学脚本"
        styles = [attrs["href"] for tag, attrs in tags if tag == "link" and attrs.get("rel") == "stylesheet"]
        formulas = html.count('class="arithmatex"')
        if formulas:
            with_math += 1
            assert any(href.endswith("assets/katex/katex.min.css") for href in styles), f"{page} 没有加载 KaTeX 的 CSS"
            # CSS 在第一个公式之前：第一屏的公式不会先不带样式画出来、再缩回去（版面跳动）
            assert html.index("assets/katex/katex.min.css") < html.index('class="arithmatex"'), (
                f"{page}：KaTeX 的 CSS 在公式之后"
            )
            # 每个公式里都是排好的 KaTeX（读屏软件读 MathML，眼睛看 HTML），没有留下 TeX 原文
            typeset = re.findall(r'class="arithmatex"[^>]*><span class="katex(?:-display)?"><span class="katex', html)
            assert len(typeset) == formulas, f"{page}：{formulas} 个公式里只有 {len(typeset)} 个排好了"
            assert "<math" in html and "katex-error" not in html
            # 独立公式在手机上常要横向滚动：每个都能用键盘聚焦（没有脚本替它判断哪个比屏幕宽）
            display = re.findall(r'<div class="arithmatex"[^>]*>', html)
            assert all('tabindex="0"' in tag and 'aria-label="公式"' in tag for tag in display), display
        else:
            assert "katex" not in html, f"{page} 没有公式，却加载了 KaTeX"
    assert with_math >= 5, "感知机、多层感知机等页面都有公式"


def test_search_index_keeps_the_tex_source_readable(built_site):
    """公式在搜索插件收录页面文字之后才排版：索引里是 TeX 原文，不是 KaTeX 的 HTML。"""
    import json

    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("dl/perceptron/"))
    assert r"\mathbf{w}\cdot\mathbf{x} + b" in text
    assert "katex" not in text


def test_katex_fonts_referenced_by_css_exist(built_site):
    css = built_site / "assets/katex/katex.min.css"
    for url in CSS_URL.findall(css.read_text(encoding="utf-8")):
        assert (css.parent / url).is_file(), f"katex.min.css 引用的 {url} 不存在"


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("一页里，\n这里", "一页里，这里"),  # 中文标点之后
        ("不再重复\n只看", "不再重复只看"),  # 两边都是汉字
        ("之后。\nAlexNet 论文\n  （括号）", "之后。AlexNet 论文（括号）"),  # 标点前后，连同下一行的缩进
        ("只看 ReLU\n之后", "只看 ReLU\n之后"),  # 英文和中文之间：换行显示成应有的空格
        *[(code, code) for code in ["<pre><code>中文\n中文</code></pre>", "<code>文\n中</code>"]],  # 代码原样保留
    ],
)
def test_line_breaks_inside_chinese_text_are_joined(source, shown):
    assert cjk.join_cjk_lines(source) == shown


def test_no_page_shows_a_space_where_chinese_text_was_wrapped(built_site):
    """源文件里折行的中文段落，在浏览器里不会多出空格：每页正文（代码除外）里没有中文之间的换行。"""
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        prose = cjk.VERBATIM_HTML.sub("code", article(html))  # 代码和英文一样：它与中文之间的换行显示成空格，是对的
        wrapped = cjk.CJK_LINE_BREAK.search(prose)
        assert wrapped is None, f"{page.relative_to(built_site)}：{prose[wrapped.start() - 20 : wrapped.end() + 20]!r}"


def test_chinese_headings_have_readable_ids(built_site):
    for file in nav_pages():
        html = (built_site / file.dest_uri).read_text(encoding="utf-8")
        ids = re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', html)
        assert not [i for i in ids if re.fullmatch(r"_\d+", i)], f"{file.src_uri}：标题 id 是 _1 这样的无意义编号"
    html = (built_site / "dl/perceptron/index.html").read_text(encoding="utf-8")
    assert 'id="从神经元到感知机"' in html


def test_figures_are_published(built_site):
    for figure in (ROOT / "figs").iterdir():
        assert (built_site / "figs" / figure.name).read_bytes() == figure.read_bytes()


def test_glossary_terms_get_hover_definitions(built_site):
    html = (built_site / "dl/perceptron/index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">XOR</abbr>', html)
    assert "*[XOR]" not in html, "术语表的定义行不应出现在页面上"


def test_glossary_page_lists_every_term_once_in_letter_groups(built_site):
    """术语表页：includes/glossary.md 里的每个术语在表里正好一行，每组一个二级标题（A–Z 依次，只有中文名的在最后），
    组内按术语排序（不分大小写）。"""
    from bs4 import BeautifulSoup

    from site_hooks.glossary import CHINESE_GROUP, group_of, read_glossary

    assert [group_of(term) for term in ("Adam", "autograd", "3D", "感受野")] == ["A", "A", "0–9", CHINESE_GROUP]

    html = (built_site / "appendix/glossary/index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one(".md-content__inner")
    groups = {}
    for heading in article.find_all("h2", recursive=False):
        table = heading.find_next_sibling(class_="cv-table")
        groups[heading.get_text().rstrip("¶")] = [row.td.get_text() for row in table.select("tbody tr")]
    terms = read_glossary()
    assert sorted(term for rows in groups.values() for term in rows) == sorted(terms)
    assert list(groups)[-1] == CHINESE_GROUP and list(groups)[:-1] == sorted(groups.keys() - {CHINESE_GROUP})
    for group, rows in groups.items():
        assert rows == sorted(rows, key=str.casefold), group
        assert {group_of(term) for term in rows} == {group}


TOUCHING_MARKERS = re.compile(r'(?<!,)</sup><sup id="fnref')  # 前面不是分隔用的逗号


def test_touching_footnote_markers_are_separated_by_a_comma(built_site):
    """两个脚注标记紧挨着（“见文献 3 和 4”）时显示成“³,⁴”，不会读成第 34 条（site_hooks/footnotes.py）。"""
    pages = sorted(built_site.rglob("index.html"))
    touching = [str(p.relative_to(built_site)) for p in pages if TOUCHING_MARKERS.search(p.read_text("utf-8"))]
    assert touching == []
    perceptron = (built_site / "dl/perceptron/index.html").read_text(encoding="utf-8")
    assert f'</sup>{footnotes.SEPARATOR}<sup id="fnref:novikoff">' in perceptron


def test_search_index_segments_chinese(built_site):
    """装了 jieba 时，搜索索引里的中文被切成词（词之间用 U+200B 分隔），"感知机"能被单独搜到。"""
    import json

    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in text
    separator = re.compile(index["config"]["separator"])
    tokens = {t for t in separator.split(text) if t}
    assert {"感知机", "XOR", "分界线"} <= tokens
    assert "（perceptron）" not in tokens, "全角括号应当是分隔符"


@pytest.mark.parametrize("page", ["index.html", "dl/perceptron/index.html"])
def test_pages_have_prev_next_footer_and_back_to_top(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert "md-footer__link" in html
    assert "md-top" in html


def test_every_page_links_to_its_source_for_editing(built_site):
    for file in nav_pages():
        html = (built_site / file.dest_uri).read_text(encoding="utf-8")
        assert f'<a href="{EDIT_URI}{file.src_uri}" title="编辑此页"' in html, f"{file.src_uri} 没有“编辑此页”链接"


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="不在 git 仓库里：没有历史，也就没有最后更新日期")
def test_every_page_shows_its_last_update_from_git(built_site):
    for file in nav_pages():
        html = (built_site / file.dest_uri).read_text(encoding="utf-8")
        updated = re.search(r'title="最后更新">.*?</span>\s*(\d{4}-\d{2}-\d{2})', html, re.S)
        assert updated, f"{file.src_uri} 没有最后更新日期"


def test_print_page_combines_every_page_with_figures_and_math(built_site):
    """打印版：一页里有全部页面的标题、全部的图，公式由站内的 KaTeX 渲染。"""
    page = built_site / "print_page/index.html"
    html = page.read_text(encoding="utf-8")
    for file in nav_pages():
        source = (ROOT / "docs" / file.src_uri).read_text(encoding="utf-8")
        if file.src_uri.endswith(".py"):  # notebook（jupytext percent 格式）：标题在第一个 Markdown 单元格里
            source = jupytext.reads(source, fmt="py:percent").cells[0].source
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        assert title in html, f"打印版里没有 {file.src_uri}（标题“{title}”）"
    images = {Path(attrs["src"]).name for tag, attrs in parse(page).tags if tag == "img"}
    assert {f.name for f in (ROOT / "figs").iterdir() if not f.name.endswith("-phone.png")} <= images
    assert "../assets/katex/katex.min.css" in html and 'class="arithmatex"><span class="katex' in html


def test_print_site_anchor_ids_equal_the_plugins_own(built_site):
    """site_hooks/print_page.py 换掉的 print-site 函数：在全站每一页（包括打印版本身）上，结果和插件原来的函数
    逐行相同；只有插件改坏了标签的行不同（插件在那里把前缀也加到了 id 的值以外的地方，这里只加在值前面）。"""
    from mkdocs_print_site_plugin.urls import update_anchor_ids  # 测试进程里没有运行钩子，这是插件原来的函数

    pages = sorted(built_site.rglob("*.html"))
    assert built_site / "print_page/index.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        renamed = print_page.print_site_anchor_ids(html, "key")
        theirs = update_anchor_ids(html, "key")
        for ours, plugin in zip(renamed.splitlines(), theirs.splitlines(), strict=True):
            if ours != plugin:
                assert ours.count("key-") == ours.count('id="key-') < plugin.count("key-"), page.relative_to(built_site)
        if page.parent.name == "print_page":
            assert renamed.count('id="key-') > 100  # 确实改了：每个标题、脚注都加上了前缀


def test_print_site_anchor_ids_rename_only_the_id_value():
    """id 的值也出现在标签名或属性名里时（术语表的 D、H、I 组），插件把它们一起改坏，这里只改 id 的值。"""
    from mkdocs_print_site_plugin.urls import update_anchor_ids

    html = '<h2 id="d">D</h2>\n<h2 id="h">H</h2>\n<h2 id="i">I</h2>\n<li id="li">x</li>\n'
    renamed = '<h2 id="key-d">D</h2>\n<h2 id="key-h">H</h2>\n<h2 id="key-i">I</h2>\n<li id="key-li">x</li>\n'
    assert print_page.print_site_anchor_ids(html, "key") == renamed
    assert '<key-h2 id="key-h">' in update_anchor_ids(html, "key")  # 插件的错（插件修好以后这一行会失败）


def test_every_theme_environment_reuses_compiled_templates(monkeypatch):
    """钩子给主题造出的每个 Jinja 环境都配上编译缓存，包括打印版插件另要的那个：第二个环境不再编译 main.html。"""
    from mkdocs.config import load_config
    from mkdocs_print_site_plugin import urls

    monkeypatch.setattr(urls, "update_anchor_ids", urls.update_anchor_ids)  # on_config 会换掉它，测试后还原
    config = hooks.on_config(load_config(str(ROOT / "mkdocs.yml")))
    config.theme.get_env().get_template("main.html")  # 编译，写进缓存
    second = config.theme.get_env()
    monkeypatch.setattr(second, "compile", lambda *args, **kwargs: pytest.fail("main.html 又编译了一次"))
    second.get_template("main.html")


class VisibleText(HTMLParser):
    """正文里读者看到的文字：代码、按键、公式、脚本之外的文本。"""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    VERBATIM = {"code", "pre", "kbd", "script", "style", "textarea"}

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skipping: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            classes = (dict(attrs).get("class") or "").split()
            self._skipping.append(tag in self.VERBATIM or "arithmatex" in classes)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._skipping:
            self._skipping.pop()

    def handle_data(self, data):
        if not any(self._skipping):
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(article(html))
    return "".join(parser.chunks)


# 扩展没有处理、原样漏到页面上的 Markdown 语法
UNRENDERED_MARKDOWN = {
    "++按键++（pymdownx.keys）": re.compile(r"\+\+[^\s+][^+\n]*\+\+"),
    "脚注 [^…]": re.compile(r"\[\^[^\]]*\]"),
    "术语 *[…]:": re.compile(r"\*\[[^\]]+\]:"),
    "提示框 !!! / ??? 或块 ///": re.compile(r"^[ \t]*(?:!!!|\?\?\?|///)", re.M),
    "::": re.compile(r"::"),
    "公式的 $": re.compile(r"(?<!\\)\$"),
    "链接 ](": re.compile(r"\]\("),
    "属性 {: … }": re.compile(r"\{[:.#][^}]*\}"),
    "加粗 **": re.compile(r"\*\*"),
}


@pytest.mark.parametrize("text", ["按 ++s++ 键", "见[^note]", "*[XOR]: 异或", "!!! note", "a :: b", "$x$", "[a](b.md)"])
def test_unrendered_markdown_is_recognised(text):
    assert any(pattern.search(text) for pattern in UNRENDERED_MARKDOWN.values()), text


def test_no_page_shows_unrendered_markdown(built_site):
    """每页正文（代码和公式之外）没有原样漏出来的 Markdown 语法，例如没启用 keys 扩展时的“按 ++s++ 键”。"""
    problems = []
    for file in nav_pages():
        text = visible_text((built_site / file.dest_uri).read_text(encoding="utf-8"))
        for name, pattern in UNRENDERED_MARKDOWN.items():
            problems += [
                f"docs/{file.src_uri}：{name}：{text[m.start() - 20 : m.end() + 20]!r}" for m in pattern.finditer(text)
            ]
    assert problems == [], "页面上有没渲染的 Markdown 语法：\n" + "\n".join(problems)


def test_print_page_ids_are_unique_and_links_stay_on_their_page(built_site):
    """打印版：没有重复的 id，每个页内链接都有目标；脚注和“↩”跳回的地方在同一页（同一个 section）里。"""
    html = (built_site / "print_page/index.html").read_text(encoding="utf-8")
    ids = re.findall(r"""\bid=["']([^"']*)["']""", html)
    duplicates = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
    assert duplicates == [], f"打印版有 {len(duplicates)} 个重复的 id：{duplicates[:10]}"
    targets = set(ids)
    links = [unquote(href) for href in re.findall(r'href="#([^"]+)"', html)]
    assert [link for link in links if link not in targets] == []
    sections = list(print_page.PRINT_PAGE_SECTION.finditer(html))
    assert len(sections) == len(nav_pages())
    for section, following in zip(sections, [*sections[1:], None], strict=True):
        chunk = html[section.start() : following.start() if following else len(html)]
        own = set(re.findall(r'\bid="([^"]*)"', chunk))
        footnote_links = re.findall(r'class="footnote-(?:ref|backref)" href="#([^"]+)"', chunk)
        strays = [link for link in map(unquote, footnote_links) if link not in own]
        assert strays == [], f"打印版 {section[1]} 一节的脚注链接指向了别的页面：{strays}"


def test_query_segmentation_fix_is_applied_once_and_warns_when_the_code_is_gone(tmp_path, caplog):
    """search.fix_query_segmentation：改正 Material 搜索 worker 里的那一处循环；再跑一次（serve --dirty）不报警；
    找不到那段代码（Material 升级后）时发出警告，严格构建因此失败。"""
    from material import templates

    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    original = next((Path(templates.__file__).parent / "assets/javascripts/workers").glob("search.*.min.js"))
    (workers / original.name).write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):
        search.fix_query_segmentation(tmp_path)
    text = (workers / original.name).read_text(encoding="utf-8")
    assert search.QUERY_SEGMENT_LOOP not in text and text.count(search.QUERY_SEGMENT_LOOP_FIXED) == 1
    assert not caplog.records
    (workers / original.name).write_text("// 升级后的 worker", encoding="utf-8")
    search.fix_query_segmentation(tmp_path)
    assert "没找到要修正的中文查询切分代码" in caplog.text


def test_every_image_has_width_and_height_with_the_files_aspect_ratio(built_site):
    """每个 <img> 都写着宽高，比例与图片文件相同：图还没到时浏览器就能留好位置，正文不会跳动（CLS）。"""
    problems = []
    for file in nav_pages():
        page = built_site / file.dest_uri
        for tag, attrs in parse(page).tags:
            if tag != "img":
                continue
            width, height = int(attrs.get("width") or 0), int(attrs.get("height") or 0)
            size = figures.image_size((page.parent / attrs["src"]).read_bytes())
            if not (width and height and size and abs(width * size[1] / size[0] - height) <= 1):  # 取整差 1 像素以内
                problems.append(f"docs/{file.src_uri}：{attrs['src']} 写着 {width}×{height}，文件是 {size}")
    assert problems == [], "\n".join(problems)


def test_every_png_figure_offers_its_phone_version_in_srcset(built_site):
    """figs/ 里的每张 PNG 都有约 860 像素宽的手机版，页面上的 <img> 用 srcset 把两份都交给浏览器，
    宽度描述与文件本身相符（浏览器据此挑选，写错了会挑错）。"""
    from snippets.generated import PHONE_PNG_WIDTH, PHONE_SUFFIX

    seen = set()
    for file in nav_pages():
        page = built_site / file.dest_uri
        for tag, attrs in parse(page).tags:
            if tag != "img" or "/figs/" not in "/" + attrs["src"] or not attrs["src"].endswith(".png"):
                continue
            phone_src = attrs["src"].removesuffix(".png") + PHONE_SUFFIX
            full, phone = ((page.parent / src).read_bytes() for src in (attrs["src"], phone_src))
            expected = f"{phone_src} {figures.image_size(phone)[0]}w, {attrs['src']} {figures.image_size(full)[0]}w"
            assert attrs.get("srcset") == expected and attrs.get("sizes") == figures.SIZES, (page, attrs)
            assert abs(figures.image_size(phone)[0] - PHONE_PNG_WIDTH) <= 1 and len(phone) < len(full)
            seen.add(Path(attrs["src"]).name)
    assert seen == {path.name for path in (ROOT / "figs").glob("*.png") if not path.name.endswith(PHONE_SUFFIX)}


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6">',
            (614, 461),
        ),
        (b'<svg height="20px" width="30px">', (30, 20)),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x05x\x00\x00\x02\xd0", (1400, 720)),
        (b"GIF89a", None),
    ],
)
def test_image_size_reads_png_headers_and_svg_root_size(data, size):
    assert figures.image_size(data) == size


def test_home_page_offers_the_downloads_that_the_deploy_workflow_publishes(built_site):
    """首页的“下载离线版”和“下载 PDF 版”指向 tools/offline_zip.py、tools/print_pdf.py 写出的文件，
    发布工作流在构建之后运行它们（PDF 之前先装中文字体）。"""
    from tools import offline_zip, print_pdf

    home = (built_site / "index.html").read_text(encoding="utf-8")
    workflow = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    for path, command in [(offline_zip.ZIP_PATH, "tools/offline_zip.py"), (print_pdf.PDF_PATH, "tools/print_pdf.py")]:
        assert f'href="{path}"' in home
        assert f"python {command} site" in workflow
        assert workflow.index("mkdocs build --strict") < workflow.index(command)
    assert workflow.index("fonts-noto-cjk") < workflow.index("tools/print_pdf.py")


def test_images_below_the_page_opening_load_lazily(built_site):
    """第一个二级标题之后的图都写着 loading="lazy"（读者翻到附近才下载）；页首导语里的图立即加载。"""
    problems, lazy = [], 0
    for file in nav_pages():
        html = (built_site / file.dest_uri).read_text(encoding="utf-8")
        body = article(html)
        first_section = body.find("<h2")
        for image in figures.IMG_TAG.finditer(body):
            wants_lazy = 0 <= first_section < image.start()
            lazy += wants_lazy
            if ('loading="lazy"' in image.group()) != wants_lazy:
                problems.append(f"docs/{file.src_uri}：{image.group()[:80]}… 应当{'' if wants_lazy else '不'}延迟加载")
    assert problems == [], "\n".join(problems)
    assert lazy > 30, "几乎所有的图都在某个二级标题之后"


# 构建进程启动时（sitecustomize）装上的导入拦截：导入不在 requirements-site.txt 里的包一律失败，并记下是哪个。
# 只拦真正的导入；importlib.util.find_spec 这样的探测（nbconvert 用它看装没装 playwright）照常返回。
IMPORT_BLOCKER = """
import importlib.abc, importlib.machinery, os, sys
BLOCKED = set(os.environ["BLOCKED_MODULES"].split(","))

class Refuse(importlib.abc.Loader):
    def create_module(self, spec):
        with open(os.environ["BLOCKED_LOG"], "a", encoding="utf-8") as log:
            log.write(spec.name + "\\n")
        raise ModuleNotFoundError(f"{spec.name} 不在 requirements-site.txt 里，构建不应导入它", name=spec.name)

    def exec_module(self, module):
        pass

class BlockNonSitePackages:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            return importlib.machinery.ModuleSpec(name, Refuse())
        return None

sys.meta_path.insert(0, BlockNonSitePackages())
"""


def test_the_build_runs_no_code_and_needs_only_the_site_requirements(tmp_path):
    """mkdocs build 不运行示例代码，也不导入 torch、numpy、matplotlib：构建进程里导入任何一个不在
    requirements-site.txt 里的包都会失败，构建仍然成功（页面上的输出和图都是提交的文件）。"""
    from importlib.metadata import packages_distributions

    from tests.test_project import canonical_name, pinned_names

    allowed = {*pinned_names("requirements-site.txt"), "pip", "setuptools"}  # 每个虚拟环境都自带 pip 和 setuptools
    blocked = {
        module
        for module, distributions in packages_distributions().items()
        if not any(canonical_name(d) in allowed for d in distributions)
    }
    assert {"torch", "numpy", "matplotlib", "mplfonts", "pytest", "playwright"} <= blocked
    (tmp_path / "sitecustomize.py").write_text(IMPORT_BLOCKER, encoding="utf-8")
    log = tmp_path / "blocked.log"
    env = {
        "PYTHONPATH": str(tmp_path),
        "BLOCKED_MODULES": ",".join(sorted(blocked)),
        "BLOCKED_LOG": str(log),
    }
    result = build_site(ROOT / "mkdocs.yml", tmp_path / "site", env=env)
    attempts = sorted(set(log.read_text(encoding="utf-8").split())) if log.exists() else []
    assert result.returncode == 0, f"构建失败（试图导入：{attempts}）：\n{result.stdout[-3000:]}"
    assert attempts == [], f"构建试图导入不在 requirements-site.txt 里的包：{attempts}"
    assert (tmp_path / "site" / "notebooks" / "perceptron-mlp" / "index.html").is_file()
