"""本站的 MkDocs 钩子（hooks），在 mkdocs.yml 的 ``hooks:`` 中登记。

1. 把仓库顶层的 ``figs/`` 发布进站点（``figs/x.svg`` 在站点里也是 ``figs/x.svg``），
   页面用普通的图片语法引用它；图片不存在时 ``--strict`` 构建失败并指出页面。
2. 检查贡献者常犯的错误，发出警告（``--strict`` 下构建失败），警告里写明文件和行号：
   页面里直接手写的 Python 代码块（应从 ``snippets/`` 引入）、引入了不存在的代码文件或分段、
   没有替代文本的图片。
3. 只在含有公式的页面里加载 KaTeX（站内自带，不用 CDN）；没有公式的页面不加载任何数学脚本。
4. 离线版（Material 的 offline 插件）需要的 iframe-worker 垫片用站内自带的一份，而不是插件默认的 CDN 地址。
5. 每页底部显示最后更新日期（取自 git 历史）；没有 git 时（例如从压缩包构建）不显示，构建照常进行。
6. 术语表：``includes/glossary.md`` 既给每页提供悬停解释（auto_append），也在术语表页上展开成表格；
   同一个术语定义两次时发出警告。
7. 动手实验（notebook）：运行 ``docs/notebooks/*.py``（jupytext percent 格式），结果按内容缓存，
   交给 mkdocs-jupyter 渲染，再把它的 HTML 整理成和其他页面一样的样子。见文件末尾“动手实验”一节。
8. 快：搜索索引改写成 UTF-8（小约 40 %）；打印版插件的一个慢函数换成结果相同的快版本；模板编译结果缓存。
9. 中文段落在源文件里折行的地方，浏览器不会显示出多余的空格（见 ``join_cjk_lines``）。
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.site")

ROOT = Path(__file__).resolve().parent
FIGS_DIR = ROOT / "figs"
CACHE_DIR = ROOT / ".cache"  # 构建的各种缓存（已在 .gitignore 里）；删掉它就全部重来

PYTHON_LANGS = {"python", "py", "python3", "pycon"}
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<lang>[\w+-]*)")
SNIPPET_LINE = re.compile(r'^\s*-{1,2}8<-{1,2}\s+"snippets/[^"]+\.py(:[\w-]+)?"\s*$')
# 单独一行的引入：--8<-- "文件" 或 --8<-- "文件:分段"（pymdownx.snippets 的写法）
SNIPPET_INCLUDE = re.compile(
    r'^(?P<indent>\s*)-{1,2}8<-{1,2}\s+"(?P<path>[^":]+)(?::(?P<section>[A-Za-z_][\w-]*))?"\s*$'
)
SECTION_START = re.compile(r"-{1,2}8<-{1,2}\s*\[start:([\w-]+)\]")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_ALT = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)
IMG_SRC = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.IGNORECASE)
# 页面里写的、浏览器打开页面时就会去加载的站外文件：Markdown 图片，或 HTML 标签的 src / href / data
REMOTE_URL = r"(?:https?:)?//[^\s\"')>]+"
EXTERNAL_RESOURCE = re.compile(
    rf"!\[[^\]]*\]\(\s*<?(?P<image>{REMOTE_URL})"
    rf"|<(?:img|script|iframe|source|audio|video|embed|object|link)\b[^>]*?\b(?:src|srcset|href|data)\s*=\s*[\"']?(?P<tag>{REMOTE_URL})"
    rf"|url\(\s*[\"']?(?P<css>{REMOTE_URL})",
    re.IGNORECASE,
)

GLOSSARY = ROOT / "includes" / "glossary.md"
GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>\S.*)$")
GLOSSARY_MARKER = "<!-- 术语表：由 hooks.py 根据 includes/glossary.md 生成 -->"

MATH_MARKER = 'class="arithmatex"'
MATH_ASSETS = ("assets/katex/katex.min.css", "assets/katex/katex.min.js", "assets/javascripts/math.js")


IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"


def on_config(config):
    """离线版用站内自带的垫片；配置 mkdocs-jupyter；模板编译结果缓存；换掉打印版插件的慢函数。"""
    polyfills = config.extra.get("polyfills", [])
    if any("iframe-worker" in str(script) for script in polyfills):
        others = [script for script in polyfills if "iframe-worker" not in str(script)]
        config.extra["polyfills"] = [*others, IFRAME_WORKER_SHIM]
    configure_notebook_plugin(config)
    cache_compiled_templates(config.theme)
    if "print-site" in config.plugins:
        from mkdocs_print_site_plugin import urls

        urls.update_anchor_ids = print_site_anchor_ids
    return config


JINJA_CACHE = CACHE_DIR / "jinja"


def cache_compiled_templates(theme) -> None:
    """主题造出的每个 Jinja 环境都把模板编译结果存到 .cache/jinja。

    Material 的模板很多，每次构建（和 mkdocs serve 每次重建）都重新编译要几百毫秒；
    打印版插件另外向主题要一个环境来渲染打印页，所以缓存加在 ``theme.get_env`` 上，而不只是 on_env 拿到的那一个。
    """
    from jinja2 import FileSystemBytecodeCache

    make_env = theme.get_env
    JINJA_CACHE.mkdir(parents=True, exist_ok=True)

    def get_env():
        env = make_env()
        env.bytecode_cache = FileSystemBytecodeCache(str(JINJA_CACHE))
        return env

    theme.get_env = get_env


def _source(page) -> str:
    return f"docs/{page.file.src_uri}"


@event_priority(50)  # 在 mkdocs-jupyter 之前：它要看到换成执行好的 .ipynb 之后的文件
def on_files(files: Files, config) -> Files:
    """把 figs/ 下的每个文件当作 docs/figs/ 下的文件加入构建；运行（或从缓存取出）每个 notebook。"""
    for path in sorted(FIGS_DIR.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            files.append(File.generated(config, f"figs/{path.name}", abs_src_path=str(path)))
    prepare_notebooks(files, config)
    return files


def read_glossary() -> dict[str, str]:
    """读出术语表（术语 → 解释），格式不对的行和重复的术语发出警告。"""
    terms: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = GLOSSARY_LINE.match(line)
        if not entry:
            log.warning(f"includes/glossary.md:{number}: 这一行不是 *[术语]: 解释 的格式")
        elif entry["term"] in terms:
            first = terms[entry["term"]][0]
            log.warning(f"includes/glossary.md:{number}: 术语 {entry['term']} 重复定义（第 {first} 行已经定义过）")
        else:
            terms[entry["term"]] = (number, entry["definition"])
    return {term: definition for term, (_, definition) in terms.items()}


_glossary: dict[str, str] = {}
_revision_dates: dict[str, str] = {}


def on_pre_build(config) -> None:
    _glossary.clear()
    _glossary.update(read_glossary())
    _revision_dates.clear()
    _revision_dates.update(git_revision_dates())


def git_revision_dates() -> dict[str, str]:
    """docs/ 下每个文件最后一次提交的日期（YYYY-MM-DD）。没有 git 或不在 git 仓库里时返回空表。"""
    command = ["git", "-c", "core.quotepath=off", "log", "--format=%x00%cs", "--name-only", "--", "docs"]
    try:
        log_text = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for commit in log_text.split("\0")[1:]:
        date, *paths = commit.strip().splitlines()
        for path in paths:
            dates.setdefault(path.strip(), date)  # 日志从新到旧，第一次出现的就是最后修改的日期
    return dates


def glossary_table() -> str:
    rows = sorted(_glossary.items(), key=lambda item: item[0].casefold())
    return "\n".join(["| 术语 | 解释 |", "| --- | --- |", *(f"| {t} | {d} |" for t, d in rows)])


def typed_python_blocks(markdown: str) -> list[int]:
    """返回页面里手写 Python 代码块的起始行号（从 1 开始）。

    只由 ``--8<-- "snippets/….py:段名"`` 组成的代码块是合规的：代码来自 snippets/，有测试把关。
    """
    lines = markdown.splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, start = opening["fence"], i
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # 跳过结束的围栏
        typed = any(line.strip() and not SNIPPET_LINE.match(line) for line in body)
        if opening["lang"].lower() in PYTHON_LANGS and typed:
            found.append(start + 1)
    return found


def external_resources(markdown: str) -> list[tuple[int, str]]:
    """返回 (行号, 地址)：页面从别的网站加载的图片、脚本、样式等。代码块里的示例不算。"""
    found, fence = [], None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = FENCE_OPEN.match(line)
        if fence is None and opening:
            fence = opening["fence"]
        elif fence is not None:
            fence = None if line.strip().startswith(fence) else fence
        else:
            found += [(number, next(url for url in m.groups() if url)) for m in EXTERNAL_RESOURCE.finditer(line)]
    return found


def broken_snippet_includes(markdown: str) -> list[tuple[int, str]]:
    """返回 (行号, 问题)：引入的文件不存在，或文件里没有那个分段。"""
    problems = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        include = SNIPPET_INCLUDE.match(line)
        if not include:
            continue
        path, section = include["path"], include["section"]
        source = ROOT / path
        if not source.is_file():
            problems.append((number, f"{path} 不存在"))
        elif section and section not in SECTION_START.findall(source.read_text(encoding="utf-8")):
            available = "、".join(SECTION_START.findall(source.read_text(encoding="utf-8"))) or "无"
            problems.append((number, f"{path} 里没有分段 {section}（现有分段：{available}）"))
    return problems


def on_page_markdown(markdown: str, page, config, files) -> str:
    if date := _revision_dates.get(_source(page)):
        page.meta["revision_date"] = date  # Material 在正文末尾显示为“最后更新”
    if is_notebook_source(page.file.src_uri):
        return markdown  # notebook 页面由 mkdocs-jupyter 渲染，不是 Markdown
    for line in typed_python_blocks(markdown):
        log.warning(
            f"{_source(page)}:{line}: 页面里直接写了 Python 代码。"
            f'请把代码放进 snippets/ 里的模块（用 "# --8<-- [start:段名]" 标出），'
            f'再用 --8<-- "snippets/模块.py:段名" 引入，并在 tests/ 里测试它。'
        )
    for line, url in external_resources(markdown):
        log.warning(
            f"{_source(page)}:{line}: 从站外加载 {url}。离线时、在国内常常打不开；"
            f"请把文件放进仓库（图由 snippets/ 里的代码生成，在 figs/ 下），用相对路径引用。"
        )
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_table())
    lines = markdown.splitlines()
    for number, problem in broken_snippet_includes(markdown):
        log.warning(f'{_source(page)}:{number}: {problem}。引入的写法是 --8<-- "snippets/模块.py:段名"。')
        # 换成一行看得见的错误，让 mkdocs serve 还能显示这一页，--strict 构建则因上面的警告失败
        lines[number - 1] = SNIPPET_INCLUDE.sub(rf"\g<indent># 错误：{problem}", lines[number - 1])
    return "\n".join(lines)


# 中文段落在源文件里折行时，浏览器（Chrome、Safari）把那个换行显示成一个空格：“一页里， 这里”。
# 换行的一边是中文标点，或者两边都是汉字时，去掉换行；中文和英文、数字之间的换行照旧显示成空格。
CJK_CHARS = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018-\u201d\u2026"
CJK_LINE_BREAK = re.compile(
    rf"(?<=[{CJK_PUNCTUATION}])\n[ \t]*|\n[ \t]*(?=[{CJK_PUNCTUATION}])|(?<=[{CJK_CHARS}])\n[ \t]*(?=[{CJK_CHARS}])"
)
VERBATIM_HTML = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


# 脚注（页末的参考资料）不进搜索索引：论文标题里满是 ImageNet、AlexNet 这样的词，搜它们时会把讲解的那一节挤下去
FOOTNOTES = '<div class="footnote">'
FOOTNOTES_UNSEARCHED = '<div class="footnote" data-search-exclude>'


def join_cjk_lines(content: str) -> str:
    """去掉页面 HTML 里中文之间的源文件换行；代码、脚本等原样保留。"""
    parts, start = [], 0
    for verbatim in VERBATIM_HTML.finditer(content):
        parts += [CJK_LINE_BREAK.sub("", content[start : verbatim.start()]), verbatim.group()]
        start = verbatim.end()
    parts.append(CJK_LINE_BREAK.sub("", content[start:]))
    return "".join(parts)


@event_priority(50)  # 在 print-site 保存每页 HTML 之前整理页面，打印版用的是整理后的
def on_page_content(content: str, page, config, files) -> str:
    if is_notebook_source(page.file.src_uri):
        content = tidy_notebook_page(content, page, files)
    for tag in IMG_TAG.findall(content):
        alt = IMG_ALT.search(tag)
        if not alt or not alt.group(1).strip():
            src = IMG_SRC.search(tag)
            log.warning(
                f"{_source(page)}: 图片 {html.unescape(src.group(1)) if src else tag} 没有替代文本（alt）。"
                f"请写成 ![这张图画了什么](路径)，让读屏软件和加载失败时的读者也知道图的内容。"
            )
    content = sized_and_lazy_images(content, page, files)
    return join_cjk_lines(content.replace(FOOTNOTES, FOOTNOTES_UNSEARCHED))


# 图片的宽高写进 <img>：图还没下载完，浏览器就按宽高比留好位置，正文不会在图到达时往下跳（布局偏移，CLS）。
# 显示大小不变：CSS 里 max-width: 100%、height: auto，宽度只是上限，和图片本身的大小一样。
# 第一个二级标题之后的图 loading="lazy"：读者往下翻到附近才下载，手机上打开页面时不和正文抢带宽。
# 页首导语（第一个二级标题之前）里的图多半在第一屏，照常立即加载。
IMG_WIDTH = re.compile(r"\bwidth\s*=", re.IGNORECASE)
SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
SVG_LENGTH = {side: re.compile(rb'\b%s="([\d.]+)(pt|px)?"' % side) for side in (b"width", b"height")}
CSS_PX_PER_UNIT = {b"pt": 96 / 72, b"px": 1, None: 1}


def image_size(data: bytes) -> tuple[int, int] | None:
    """图片文件的显示尺寸（CSS 像素）：PNG 读文件头，SVG 读根元素的 width、height（matplotlib 用 pt）。"""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    root = SVG_ROOT.search(data[:2000])
    lengths = [pattern.search(root.group()) for pattern in SVG_LENGTH.values()] if root else [None]
    if not all(lengths):
        return None
    width, height = (round(float(value) * CSS_PX_PER_UNIT[unit]) for value, unit in (m.groups() for m in lengths))
    return width, height


def sized_and_lazy_images(content: str, page, files) -> str:
    first_section = content.find("<h2")

    def rewrite(tag):
        sized = with_image_size(tag.group(), page, files)
        if 0 <= first_section < tag.start() and "loading=" not in sized:
            sized = sized.replace("<img", '<img loading="lazy"', 1)
        return sized

    return IMG_TAG.sub(rewrite, content)


def with_image_size(tag: str, page, files) -> str:
    src = IMG_SRC.search(tag)
    if IMG_WIDTH.search(tag) or not src or "//" in src.group(1) or src.group(1).startswith("data:"):
        return tag
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), html.unescape(src.group(1))))  # 页面地址的目录
    file = files.get_file_from_path(uri)
    size = image_size(file.content_bytes) if file else None
    if size is None:
        log.warning(f"{_source(page)}: 读不出图片 {uri} 的宽高（只认 PNG 和带 width、height 的 SVG）")
        return tag
    return tag.replace("<img", f'<img width="{size[0]}" height="{size[1]}"', 1)


def on_post_page(output: str, page, config) -> str:
    return with_notebook_assets(with_math_assets(output, page.url), page.url)


def on_post_build(config) -> None:
    """压缩搜索索引；给打印版补上公式和 notebook 的资源。

    打印版（print-site 插件把全部页面合成的一页）是插件在最后单独写出的，不经过 on_post_page。
    """
    compact_search_index(Path(config.site_dir) / "search" / "search_index.json")
    fix_query_segmentation(Path(config.site_dir))
    plugin = config.plugins.get("print-site")
    if plugin and plugin.config.get("enabled"):
        path = Path(plugin.print_page.file.abs_dest_path)
        output, url = unique_print_page_ids(path.read_text(encoding="utf-8")), plugin.print_page.url
        path.write_text(with_notebook_assets(with_math_assets(output, url), url), encoding="utf-8")


# print-site 插件给打印版里每页的标题、脚注等加上页面前缀的 id，用的是下面这个正则（照抄插件的 urls.py）
PRINT_SITE_TAG_ID = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
PRINT_SITE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"}  # 插件只改这些标签
ID_ATTR = re.compile(r'id="', flags=re.IGNORECASE)


def print_site_anchor_ids(page_html: str, page_key: str) -> str:
    """代替 print-site 的 ``update_anchor_ids``：结果相同（测试在全站每一页上比较），快约 50 倍。

    插件在每个 ``<`` 处从头试这个正则，没有 id 的标签要一直找到行尾；每改一个标签又对整页做一次 replace。
    全站合计 1.5～2 秒，是什么都没改时构建时间的四分之一。正则里的 ``.`` 不跨行，匹配只会落在一行之内，
    而且必须在这一行最后一个 ``id="`` 之前开始；所以这里只在那之前的 ``<`` 处尝试，改写也只改匹配到的地方。
    """
    out = []
    for line in page_html.splitlines(keepends=True):
        last_id = 0
        for found in ID_ATTR.finditer(line):
            last_id = found.start()
        done = pos = 0
        while (start := line.find("<", pos, last_id)) != -1:
            tag = PRINT_SITE_TAG_ID.match(line, start)
            if tag is None:
                pos = start + 1
                continue
            name, anchor = tag.groups()
            if name in PRINT_SITE_TAGS:
                out += [line[done:start], tag.group().replace(anchor, f"{page_key}-{anchor}")]
                done = tag.end()
            pos = tag.end()
        out.append(line[done:])
    return "".join(out)


PRINT_PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_NAMING_ATTR = re.compile(r'\b(id|name|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
LOCAL_HREF = re.compile(r'\bhref="#([^"]*)"')


def unique_print_page_ids(print_html: str) -> str:
    """打印版里每页自己的 id 都加上页面前缀，指向它们的链接跟着改：全页没有重复的 id。

    print-site 只给标题、脚注等几种标签的 id 加前缀，而且一行里前面有别的标签时会漏掉（例如正文里的脚注引用
    ``<sup id="fnref:alexnet">``）；代码行号的 id（``__codelineno-0-1``）每页都从 0 数起。于是十几页各有一个
    ``fnref:alexnet``，点脚注后的“↩”会跳到别的页面去。这里按页面切开打印版，把每页里还没有前缀的 id、name、
    for、aria-* 都加上前缀，再把这一页里指向这些 id 的 ``href="#…"`` 改成新名字；指向别页的链接不动。
    """
    starts = [m.start() for m in PRINT_PAGE_SECTION.finditer(print_html)]
    parts = [print_html[: starts[0]]] if starts else [print_html]
    for start, end in zip(starts, [*starts[1:], len(print_html)], strict=True):
        section = print_html[start:end]
        body_start = section.index(">") + 1  # 页面自己的 <section id="key"> 不改
        key = PRINT_PAGE_SECTION.match(section)[1]
        parts += [section[:body_start], _prefix_page_ids(section[body_start:], key)]
    return "".join(parts)


def _prefix_page_ids(body: str, key: str) -> str:
    def prefixed(value: str) -> str:
        return " ".join(v if v.startswith(f"{key}-") else f"{key}-{v}" for v in value.split())

    own_ids = {m[2] for m in ID_NAMING_ATTR.finditer(body) if m[1] == "id"}
    body = ID_NAMING_ATTR.sub(lambda m: f'{m[1]}="{prefixed(m[2])}"', body)
    return LOCAL_HREF.sub(lambda m: f'href="#{prefixed(m[1])}"' if m[1] in own_ids else m[0], body)


# Material 的搜索在浏览器里用索引里已有的词切分中文查询（上游源码 integrations/search/query/segment），
# 但内层循环写成了 j < query.length：以查询最后一个字结尾的词永远切不出来。于是“小冰”只剩“小”（再加通配符，
# 变成搜“小批量”之类），“语义分割”变成“语义”和“分”。这里把构建出的搜索 worker 里的这一处改成 <=。
# 升级 Material 后找不到这段代码时构建报错，提醒重新检查（上游修好了就删掉这个函数）。
QUERY_SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
QUERY_SEGMENT_LOOP_FIXED = QUERY_SEGMENT_LOOP.replace("o<t.length", "o<=t.length")


def fix_query_segmentation(site_dir: Path) -> None:
    """改正构建出的搜索 worker；已经改过的（mkdocs serve --dirty 不重新复制主题文件）不再动。"""
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        if QUERY_SEGMENT_LOOP in text:
            worker.write_text(text.replace(QUERY_SEGMENT_LOOP, QUERY_SEGMENT_LOOP_FIXED), encoding="utf-8")
            return
        if QUERY_SEGMENT_LOOP_FIXED in text:
            return
    log.warning(
        f"hooks.py: Material 的搜索 worker 里没找到要修正的中文查询切分代码（{QUERY_SEGMENT_LOOP}），"
        f"Material 升级了吗？检查上游是否已修好，再更新或删掉 fix_query_segmentation。"
    )


def compact_search_index(path: Path) -> None:
    """Material 写出的搜索索引把每个汉字转义成 \\uXXXX（6 个字节），改写成 UTF-8（3 个字节）：小约 40 %。

    离线版的 search_index.js 由 offline 插件在这之后（它的 on_post_build 排在最后）从这个文件生成。
    """
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def with_math_assets(output: str, page_url: str) -> str:
    """页面有公式时，在正文（<article>）末尾加载 KaTeX；没有公式的页面什么也不加。

    放在正文里而不是 <head> 里，是因为即时加载（navigation.instant）只替换正文，
    并会重新执行正文里的 <script>；这样从没有公式的页面跳转过来时公式也能渲染。
    """
    if MATH_MARKER not in output or MATH_ASSETS[1] in output:
        return output
    css, js, init = (get_relative_url(asset, page_url) for asset in MATH_ASSETS)
    assets = f'\n<link rel="stylesheet" href="{css}">\n<script src="{js}"></script>\n<script src="{init}"></script>\n'
    head, tail = output.rsplit("</article>", 1)
    return head + assets + "</article>" + tail


# =====================================================================================================================
# 动手实验（notebook）
#
# 源文件是 docs/notebooks/*.py（jupytext percent 格式，diff 好读）。每次构建：
# 1. on_files：算出每个 notebook 的缓存键（notebook_cache_key）。缓存里没有这个键时，用 nbclient 在仓库根目录
#    运行它（任何一个单元格报错，构建失败），把带输出的 .ipynb 存进 .cache/notebooks/；发布下载用的 .ipynb
#    和输出里的图。on_pre_page 再把页面的源文件换成这份执行好的 .ipynb，交给 mkdocs-jupyter（execute: false）渲染。
# 2. on_page_content：mkdocs-jupyter 的 HTML 带着约 590 KB 的内联 Jupyter CSS、CDN 上的 MathJax 和 mermaid、
#    中文标题的空 id。tidy_notebook_page 把它整理成和其他页面一样的结构：代码块和运行输出用 Material 的样式，
#    图是带替代文本的普通图片文件，公式交给站内的 KaTeX，标题 id 和目录用与 Markdown 页面相同的 slugify。
#
# 缓存键 = notebook 源文件 + 它导入的 snippets 模块（递归地跟着 import 找，加上途经的包的 __init__.py）
#          + Python 和相关包的版本 + NOTEBOOK_EXECUTOR_VERSION。
# 只算真正导入的模块，而不是整个 snippets/：别人改一个无关的模块，不必把 notebook 里的训练重跑一遍；
# 而 notebook 用到的代码（哪怕是间接导入的，例如 snippets.plotting）一变，缓存就失效。
# 静态分析看不到用 importlib 动态导入的模块；test_notebooks.py 拿内核实际导入的模块和它对照，漏了就失败。
# =====================================================================================================================

NOTEBOOK_DIR = "notebooks"  # docs/ 下的文件夹；与 mkdocs.yml 里 mkdocs-jupyter 的 include 一致
# 环境变量 NOTEBOOK_CACHE_DIR 可以换掉 .cache：测试在临时副本里构建站点时，用的仍是仓库的缓存。
# 执行好的 notebook 总是放在它下面的 notebooks/ 里：mkdocs-jupyter 按 include 里的文件夹名 notebooks/ 认页面
NOTEBOOK_CACHE = Path(os.environ.get("NOTEBOOK_CACHE_DIR") or CACHE_DIR) / NOTEBOOK_DIR
NOTEBOOK_CELL_TIMEOUT = 300  # 秒：单个单元格超过这个时间就算失败
NOTEBOOK_EXECUTOR_VERSION = "1"  # 改了下面运行 notebook 的方式（而不是 notebook 本身）时加 1，旧缓存全部作废
# 这些包的版本也进缓存键：它们变了，同样的代码可能算出、画出不同的结果
NOTEBOOK_PACKAGES = ("torch", "numpy", "matplotlib", "matplotlib-inline", "pillow", "mplfonts")
NOTEBOOK_PACKAGES += ("jupytext", "ipykernel", "nbclient")  # 读 .py、运行它的工具
NOTEBOOK_CSS = "assets/stylesheets/notebook.css"
NOTEBOOK_MARKER = 'class="nb-notebook"'
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
# 与 nbconvert 的 Markdown 解析器认公式的规则相同（它把公式原样留下，等 MathJax 在浏览器里排版）
DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![$\\])\$(.+?)(?<![$\\])\$", re.S)


def is_notebook_source(src_uri: str) -> bool:
    """docs/notebooks/ 下（不含子文件夹）的 .py 文件是 notebook 的源文件。"""
    folder, _, name = src_uri.rpartition("/")
    return folder == NOTEBOOK_DIR and name.endswith(".py")


def configure_notebook_plugin(config) -> None:
    """mkdocs-jupyter 的渲染缓存默认放在当前目录下；改到仓库里，从哪个目录运行 mkdocs 都用同一份。"""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is not None:
        plugin.config["cache_dir"] = str(CACHE_DIR / "mkdocs-jupyter")


# ---- 缓存键 ----------------------------------------------------------------------------------------------------


def _python_source(cell_source: str) -> str:
    """把 IPython 的写法（%matplotlib inline 等魔法命令）转换成普通 Python，才能用 ast 解析。"""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(cell_source)


def imported_snippet_modules(source: str, package: str = "") -> set[str]:
    """一段代码导入的 snippets 模块（或其中的名字）：``{"snippets.perceptron", "snippets.perceptron.XOR_X"}``。

    ``from snippets import perceptron`` 也算导入了 snippets.perceptron；相对导入按 package 解析。
    """
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "snippets" or name.startswith("snippets.")}


def _module_file(module: str) -> Path | None:
    path = ROOT.joinpath(*module.split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None  # 模块里的一个名字（snippets.perceptron.XOR_X），不是文件


def snippet_dependencies(code_cells: list[str]) -> list[Path]:
    """这些代码单元格直接和间接导入的 snippets 源文件（含途经的包的 __init__.py），排好序。"""
    todo = set().union(*(imported_snippet_modules(_python_source(code)) for code in code_cells))
    seen: dict[str, Path | None] = {}
    while todo:
        parts = todo.pop().split(".")
        for depth in range(1, len(parts) + 1):  # 导入 snippets.a.b 会先运行 snippets/__init__.py
            module = ".".join(parts[:depth])
            if module in seen:
                continue
            seen[module] = path = _module_file(module)
            if path is not None:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                todo |= imported_snippet_modules(path.read_text(encoding="utf-8"), package) - seen.keys()
    return sorted(path for path in seen.values() if path is not None)


def _read_notebook(source: Path):
    import jupytext

    return jupytext.read(source)


def notebook_cache_key(source: Path) -> str:
    """决定要不要重新运行 notebook 的键：输入里任何一样变了，键就变。"""
    import hashlib
    import sys
    from importlib.metadata import version

    notebook = _read_notebook(source)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    digest = hashlib.sha256()
    digest.update(f"executor {NOTEBOOK_EXECUTOR_VERSION}; python {sys.version_info[:3]}\n".encode())
    for package in NOTEBOOK_PACKAGES:
        digest.update(f"{package}=={version(package)}\n".encode())
    for path in [source, *snippet_dependencies(code)]:
        digest.update(f"{path.relative_to(ROOT).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ---- 运行 ------------------------------------------------------------------------------------------------------


class NotebookError(Exception):
    """notebook 运行失败：哪个文件、哪个单元格、什么错误。"""


def execute_notebook(source: Path, timeout: int = NOTEBOOK_CELL_TIMEOUT):
    """从头运行 docs/notebooks/ 里的一个 notebook，返回带输出的 NotebookNode。"""
    notebook = _read_notebook(source)
    notebook.metadata.pop("jupytext", None)  # 下载的 .ipynb 是普通 notebook，不与 .py 配对
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return run_notebook(notebook, f"docs/{NOTEBOOK_DIR}/{source.name}", timeout)


def run_notebook(notebook, name: str, timeout: int = NOTEBOOK_CELL_TIMEOUT):
    """在一个新的内核里依次运行 notebook 的单元格（原地写入输出），任何一个报错都抛出 NotebookError。

    内核的工作目录是仓库根目录，PYTHONPATH 里也有它：不论 mkdocs 从哪个目录启动，``import snippets`` 都能找到。
    """
    import os

    import nbclient
    from nbclient.exceptions import CellExecutionError

    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # 输出里不写运行时刻，内容只取决于代码
        resources={"metadata": {"path": str(ROOT)}},
        # 内核自己的日志只留错误：否则它关于“本机 TCP 连接未加密”的提示会混进构建日志里的 WARNING
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    try:
        client.execute(env={**os.environ, "PYTHONPATH": python_path})
    except CellExecutionError as error:
        raise NotebookError(f"{name} 运行出错：\n{error}") from error
    except Exception as error:  # 超时、内核死掉等
        raise NotebookError(f"{name} 没能运行完：{type(error).__name__}: {error}") from error
    return notebook


def executed_notebook(source: Path) -> tuple[Path, bool]:
    """执行好的 .ipynb 在缓存里的路径（必要时先运行）；第二个值表示这次是否真的运行了。"""
    import os
    import time

    import nbformat

    key = notebook_cache_key(source)
    target, key_file = NOTEBOOK_CACHE / f"{source.stem}.ipynb", NOTEBOOK_CACHE / f"{source.stem}.key"
    if target.is_file() and key_file.is_file() and key_file.read_text(encoding="utf-8") == key:
        return target, False
    log.info(f"运行 notebook：docs/{NOTEBOOK_DIR}/{source.name}（缓存里没有这一版）")
    started = time.monotonic()
    notebook = execute_notebook(source)
    NOTEBOOK_CACHE.mkdir(parents=True, exist_ok=True)
    for path, text in [(target, nbformat.writes(notebook) + "\n"), (key_file, key)]:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")  # 先写临时文件再改名：并行构建读不到半个文件
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    log.info(f"运行完毕：docs/{NOTEBOOK_DIR}/{source.name}，用时 {time.monotonic() - started:.1f} s")
    return target, True


# 每个 notebook 页面（src_uri）输出的图：base64 数据 → (站内路径, 替代文本)
_notebook_images: dict[str, dict[str, tuple[str, str | None]]] = {}
_notebook_downloads: dict[str, str] = {}
_notebook_executed: dict[str, Path] = {}


def prepare_notebooks(files: Files, config) -> None:
    """运行（或从缓存取出）每个 notebook，把页面换成执行好的 .ipynb，发布下载文件和图。"""
    import base64

    import nbformat
    from mkdocs.exceptions import PluginError

    _notebook_images.clear()
    _notebook_downloads.clear()
    _notebook_executed.clear()
    notebooks = [f for f in files if is_notebook_source(f.src_uri)]
    # 需要运行时，几个 notebook 同时运行（每个内核只用一个线程）：两核机器上冷启动的构建快将近一半
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            executed_files = list(pool.map(lambda f: executed_notebook(Path(f.abs_src_path))[0], notebooks))
        except NotebookError as error:
            raise PluginError(str(error)) from error
    for file, executed in zip(notebooks, executed_files, strict=True):
        source = Path(file.abs_src_path)
        _notebook_executed[file.src_uri] = executed
        stem = source.stem
        download = f"{NOTEBOOK_DIR}/{stem}.ipynb"
        files.append(File.generated(config, download, content=executed.read_bytes()))
        _notebook_downloads[file.src_uri] = download
        images = _notebook_images[file.src_uri] = {}
        notebook = nbformat.read(executed, as_version=4)
        for number, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
            for output in cell.get("outputs", []):
                for mime, extension in IMAGE_TYPES.items():
                    if mime not in output.get("data", {}):
                        continue
                    data = output["data"][mime]
                    raw = data.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(data)
                    uri = f"{NOTEBOOK_DIR}/{stem}/{stem}-{len(images) + 1}.{extension}"
                    files.append(File.generated(config, uri, content=raw))
                    key = _image_key(data if mime != "image/svg+xml" else base64.b64encode(raw).decode())
                    images[key] = (uri, cell.metadata.get("alt"))
                    if not cell.metadata.get("alt"):
                        log.warning(
                            f"docs/{file.src_uri}：第 {number} 个代码单元格输出了图，但没有替代文本。"
                            f'在这个单元格的标记行写上 # %% alt="这张图画了什么"。'
                        )
                    break  # 同一个输出有多种格式时，只取第一种（与 nbconvert 的优先顺序无关紧要：它们是同一张图）


@event_priority(50)  # 在 mkdocs-jupyter 的 on_pre_page 之前：它按 page.file.abs_src_path 渲染和缓存
def on_pre_page(page, config, files):
    """notebook 页面的源文件换成执行好的 .ipynb；页面地址、“编辑此页”、最后更新日期仍按 docs/ 里的 .py。"""
    if executed := _notebook_executed.get(page.file.src_uri):
        page.file.abs_src_path = str(executed)
    return page


def _image_key(base64_data: str) -> str:
    return "".join(base64_data.split())


# ---- 整理 mkdocs-jupyter 的 HTML -------------------------------------------------------------------------------


def tidy_notebook_page(content: str, page, files) -> str:
    """把 mkdocs-jupyter 生成的 HTML 整理成与 Markdown 页面相同的结构，并重写标题 id 和目录。"""
    from bs4 import BeautifulSoup, Comment
    from markdown.extensions.toc import nest_toc_tokens, unique
    from mkdocs.structure.toc import get_toc
    from pymdownx.slugs import slugify

    soup = BeautifulSoup(content, "html.parser")
    for tag in soup.find_all(["style", "script", "link"]):  # 内联的 Jupyter CSS、MathJax、mermaid、复制按钮脚本
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()

    notebook = soup.new_tag("div", attrs={"class": "nb-notebook"})
    cells = soup.select("div.jp-Notebook > div.jp-Cell")
    if not cells:
        log.warning(f"docs/{page.file.src_uri}：在 mkdocs-jupyter 的输出里没有找到单元格（它的 HTML 结构变了？）")
    for cell in cells:
        classes = cell.get("class", [])
        if "jp-MarkdownCell" in classes:
            rendered = cell.select_one(".jp-RenderedMarkdown")
            if rendered is not None:
                _markdown_math(soup, rendered)
                _markdown_links(rendered, page, files)
                _glossary_abbr(soup, rendered)
                notebook.extend(list(rendered.contents))
        elif "jp-CodeCell" in classes:
            notebook.append(_code_cell(soup, cell, page))

    # 标题：与 Markdown 页面相同的 slugify（中文标题得到可读的 id），目录按新的 id 重建
    slug, used_ids, tokens = slugify(case="lower"), set(), []
    for heading in notebook.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        for anchor in heading.select("a.anchor-link"):
            anchor.decompose()
        name = heading.get_text().strip()
        heading["id"] = unique(slug(name, "-"), used_ids)
        permalink = soup.new_tag("a", attrs={"class": "headerlink", "href": f"#{heading['id']}", "title": "本节链接"})
        permalink.string = "¶"
        heading.append(permalink)
        tokens.append({"level": int(heading.name[1]), "id": heading["id"], "name": html.escape(name, quote=False)})
    page.toc = get_toc(nest_toc_tokens(tokens))

    title = notebook.find("h1")
    if title is not None and page.file.src_uri in _notebook_downloads:
        title.insert_after(BeautifulSoup(_download_box(page), "html.parser"))
    return str(notebook)


def _download_box(page) -> str:
    href = get_relative_url(_notebook_downloads[page.file.src_uri], page.url)
    return (
        '<div class="admonition tip"><p class="admonition-title">自己动手运行</p>'
        "<p>本页由一个 Jupyter notebook 生成，下面的输出和图都是构建网站时真正运行得到的。"
        f'<a class="md-button md-button--primary" href="{href}" download>下载 notebook（.ipynb）</a></p>'
        "<p>它会导入本仓库的 <code>snippets</code> 包：把下载的文件放在仓库根目录，"
        "用 Jupyter 或 VS Code 打开，就能逐格运行、修改参数再看结果。</p></div>"
    )


def _next_math(text: str):
    """text 里最靠前的一个公式（同一位置先认 $$…$$）。"""
    found = [match for match in (DISPLAY_MATH.search(text), INLINE_MATH.search(text)) if match]
    return min(found, key=lambda match: match.start()) if found else None


def _markdown_math(soup, element) -> None:
    """Markdown 单元格里的 $…$、$$…$$ 换成 pymdownx.arithmatex 的写法，交给站内 KaTeX（math.js）排版。"""
    for text in list(element.find_all(string=True)):
        if text.find_parent(["code", "pre"]) is not None or "$" not in text:
            continue
        pieces, rest = [], str(text)
        while match := _next_math(rest):
            display = match.re is DISPLAY_MATH
            pieces.append(rest[: match.start()])
            math = soup.new_tag("span", attrs={"class": "arithmatex"})
            math.string = f"\\[{match.group(1)}\\]" if display else f"\\({match.group(1)}\\)"
            pieces.append(math)
            rest = rest[match.end() :]
        if not pieces:
            continue
        pieces.append(rest)
        parent = text.parent
        text.replace_with(*[piece for piece in pieces if piece != ""])
        # 独占一段的独立公式：整段 <p> 换成 <div class="arithmatex">，和 Markdown 页面上的独立公式一样
        alone = [node for node in parent.contents if not (isinstance(node, str) and not node.strip())]
        if parent.name == "p" and len(alone) == 1 and alone[0].get_text().startswith("\\["):
            alone[0].name = "div"
            parent.replace_with(alone[0])


def _glossary_abbr(soup, element) -> None:
    """术语表里的术语加上悬停解释，与 Markdown 页面上 abbr 扩展的效果相同（整词匹配，代码和链接里不加）。"""
    if not _glossary:
        return
    terms = sorted(_glossary, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\b")
    skip = ["code", "pre", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6"]
    for text in list(element.find_all(string=True)):
        if text.find_parent(skip) or text.find_parent(class_="arithmatex") or not pattern.search(text):
            continue
        pieces = []
        for index, piece in enumerate(pattern.split(str(text))):
            if index % 2:  # split 的奇数位是匹配到的术语
                abbr = soup.new_tag("abbr", attrs={"title": _glossary[piece]})
                abbr.string = piece
                pieces.append(abbr)
            elif piece:
                pieces.append(piece)
        text.replace_with(*pieces)


def _markdown_links(element, page, files) -> None:
    """Markdown 单元格里指向其他页面的 .md 链接（相对 notebook 源文件写）换成站内地址；目标不存在时警告。"""
    import posixpath

    for link in element.find_all("a", href=True):
        target, _, anchor = link["href"].partition("#")
        if not target.endswith(".md") or "://" in target:
            continue
        src_uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), target))
        file = files.get_file_from_path(src_uri)
        if file is None:
            log.warning(f"docs/{page.file.src_uri}：链接 {link['href']} 指向的 {src_uri} 不存在")
            continue
        link["href"] = get_relative_url(file.url, page.url) + (f"#{anchor}" if anchor else "")


def _code_cell(soup, cell, page):
    """一个代码单元格：代码块 + 运行输出（文字用“运行输出”代码块，图用 <figure>）。"""
    box = soup.new_tag("div", attrs={"class": "nb-cell"})
    source = cell.select_one(".highlight-ipynb pre")
    if source is not None:
        box.append(_code_block(soup, "python", list(source.contents)))
    text_outputs: list = []

    def flush_text():
        if text_outputs:
            box.append(_code_block(soup, "text", text_outputs[:], title="运行输出"))
            text_outputs.clear()

    for output in cell.select(".jp-OutputArea-output"):
        mime = output.get("data-mime-type", "")
        image = output.find("img")
        if image is not None:
            flush_text()
            box.append(_figure(soup, image, page))
        elif output.find("pre") is not None:
            if mime == "application/vnd.jupyter.stderr":
                log.warning(
                    f"docs/{page.file.src_uri}：有单元格向 stderr 输出了内容（警告？）：{output.get_text()[:200]}"
                )
            text_outputs.extend(list(output.find("pre").contents))
        else:
            flush_text()
            box.append(output)
    flush_text()
    return box


def _code_block(soup, language: str, contents: list, title: str | None = None):
    """与 pymdownx.highlight 相同的结构，于是代码高亮、复制按钮、深色模式都和其他页面一样。"""
    block = soup.new_tag("div", attrs={"class": f"language-{language} highlight"})
    if title:
        label = soup.new_tag("span", attrs={"class": "filename"})
        label.string = title
        block.append(label)
    pre, code = soup.new_tag("pre"), soup.new_tag("code")
    pre.append(soup.new_tag("span"))
    for node in contents:
        if getattr(node, "name", None) == "span" and not node.contents and not node.attrs:
            continue  # pygments 放在最前面的空 <span></span>
        code.append(node)
    pre.append(code)
    block.append(pre)
    return block


def _figure(soup, image, page):
    """输出里的图：data: URI 换成发布出去的图片文件，替代文本取自单元格元数据 alt。"""
    src = image.get("src", "")
    if src.startswith("data:"):
        found = _notebook_images.get(page.file.src_uri, {}).get(_image_key(src.partition(",")[2]))
        if found is not None:
            uri, alt = found
            image["src"] = get_relative_url(uri, page.url)
            if alt:
                image["alt"] = alt
    for attribute in ("class",):
        image.attrs.pop(attribute, None)
    figure = soup.new_tag("figure", attrs={"class": "nb-figure"})
    figure.append(image)
    return figure


def with_notebook_assets(output: str, page_url: str) -> str:
    """notebook 页面（和包含它们的打印版）加载 notebook.css；放在正文里，理由同 with_math_assets。"""
    if NOTEBOOK_MARKER not in output or NOTEBOOK_CSS in output:
        return output
    css = get_relative_url(NOTEBOOK_CSS, page_url)
    head, tail = output.rsplit("</article>", 1)
    return head + f'\n<link rel="stylesheet" href="{css}">\n' + "</article>" + tail
