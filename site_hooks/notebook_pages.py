"""动手实验（notebook）的页面。

源文件是 ``docs/notebooks/*.py``（jupytext percent 格式，diff 好读），执行好的 ``docs/notebooks/*.ipynb`` 就在它旁边：
由 ``python -m snippets`` 生成并提交，和 ``figs/`` 里的图一样有测试检查它与代码一致（见 ``snippets/notebooks.py``）。
构建时不运行任何代码：

1. on_files（:func:`prepare_notebooks`）：确认每个 .ipynb 是它的源文件现在的执行结果（元数据里记着源文件的
   SHA-256）；不是时发出警告（``--strict`` 下构建失败），页面顶上也显示一条提醒，说明该运行哪条命令。
   发布 .ipynb 供下载，把输出里的图发布成单独的图片文件。
2. on_pre_page（:func:`use_executed_notebook`）：页面的源文件换成执行好的 .ipynb，交给 mkdocs-jupyter 渲染。
3. on_page_content（:func:`tidy_notebook_page`）：mkdocs-jupyter 的 HTML 带着约 590 KB 的内联 Jupyter CSS、
   CDN 上的 MathJax 和 mermaid、中文标题的空 id。这里把它整理成和其他页面一样的结构：代码块和运行输出用
   Material 的样式，图是带替代文本的普通图片文件，公式交给站内的 KaTeX，标题 id 和目录用与 Markdown 页面相同的 slugify。
"""

import base64
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from site_hooks import CACHE_DIR, add_to_article, glossary, log
from snippets.generated import REGEN_COMMAND
from snippets.notebooks import CHECK, EXERCISE, GENERATED_FROM, SOLUTION, lab_notebook_bytes, source_digest

NOTEBOOK_DIR = "notebooks"  # docs/ 下的文件夹；与 mkdocs.yml 里 mkdocs-jupyter 的 include 一致
NOTEBOOK_CSS = "assets/stylesheets/notebook.css"
NOTEBOOK_MARKER = 'class="nb-notebook"'
REGENERATE = f"{REGEN_COMMAND} notebooks"
INSTALL_EVERYTHING = "pip install -r requirements.txt"
# README 里创建虚拟环境、装好全部依赖的命令（下载框里照抄；tests/test_notebooks.py 检查两处一致）
SETUP_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"
GUESS = "先猜一猜"  # 实验前的提问：> **先猜一猜**：……（Markdown 单元格里的引用块），页面上显示成提示框
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
# 与 nbconvert 的 Markdown 解析器认公式的规则相同（它把公式原样留下，等 MathJax 在浏览器里排版）
DISPLAY_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![$\\])\$(.+?)(?<![$\\])\$", re.S)


@dataclass
class Notebook:
    """一个 notebook 页面在这次构建里用到的东西。"""

    executed: Path | None  # 执行好的 .ipynb；不存在时为 None（页面只有代码，没有输出）
    download: str | None  # 站内的下载地址
    problem: str | None  # .ipynb 缺失或过时的说明；没问题时为 None
    images: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # 输出里的图：base64 → (站内路径, 替代文本)


_notebooks: dict[str, Notebook] = {}  # 页面的 src_uri → Notebook
_repository: list[str] = []  # 部署时由 edit_uri 推出的仓库地址（下载框里的 git clone 用）；本地构建时为空


def is_notebook_source(src_uri: str) -> bool:
    """docs/notebooks/ 下（不含子文件夹）的 .py 文件是 notebook 的源文件。"""
    folder, _, name = src_uri.rpartition("/")
    return folder == NOTEBOOK_DIR and name.endswith(".py")


def configure_notebook_plugin(config) -> None:
    """mkdocs-jupyter 的渲染缓存默认放在当前目录下；改到仓库里，从哪个目录运行 mkdocs 都用同一份。"""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is not None:
        plugin.config["cache_dir"] = str(CACHE_DIR / "mkdocs-jupyter")


def stale_notebook(source: Path, executed: dict | None) -> str | None:
    """执行好的 .ipynb（读出的内容；文件不存在时为 None）缺失，或者不是源文件现在的执行结果时，
    返回说明和修复的命令；一切正常时返回 None。"""
    name = f"docs/{NOTEBOOK_DIR}/{source.stem}"
    if executed is None:
        reason = f"{name}.ipynb 不存在，页面上没有运行结果"
    else:
        recorded = executed.get("metadata", {}).get(GENERATED_FROM, {})
        if recorded.get("sha256") == source_digest(source):
            return None
        reason = f"{name}.py 改过了，{name}.ipynb 还是旧的执行结果"
    try:
        full_environment = all(find_spec(package) for package in ("torch", "nbclient", "matplotlib"))
    except (ImportError, ValueError):
        full_environment = False
    if full_environment:
        how = f"运行 {REGENERATE}（本机已经装好了运行它需要的包）"
    else:
        how = f"先装好完整环境（{INSTALL_EVERYTHING}），再运行 {REGENERATE}"
    return f"{reason}。{how}，然后提交生成的 .ipynb。"


def prepare_notebooks(files: Files, config) -> None:
    """检查每个 notebook 的执行结果是否最新，发布下载用的 .ipynb 和输出里的图。"""
    _notebooks.clear()
    _repository[:] = [url] if (url := repository_url(config.get("edit_uri"))) else []
    for file in [f for f in files if is_notebook_source(f.src_uri)]:
        source = Path(file.abs_src_path)
        executed, download = source.with_suffix(".ipynb"), f"{NOTEBOOK_DIR}/{source.stem}.ipynb"
        if committed := files.get_file_from_path(download):
            # 换成只有内容、没有源路径的文件：mkdocs-jupyter 按源路径认页面，否则会把它也当成一页
            files.remove(committed)
        data = executed.read_bytes() if executed.is_file() else None
        content = json.loads(data) if data is not None else None
        if problem := stale_notebook(source, content):
            log.warning(problem)
        if data is None:
            _notebooks[file.src_uri] = Notebook(None, None, problem)
            continue
        # 下载的是练习版：参考答案挪到文末的附录里，输出清空（snippets.notebooks.lab_notebook）
        files.append(File.generated(config, download, content=lab_notebook_bytes(content)))
        notebook = _notebooks[file.src_uri] = Notebook(executed, download, problem)
        _publish_images(notebook, content, file.src_uri, files, config)


def repository_url(edit_uri: str | None) -> str | None:
    """“编辑此页”的地址（https://github.com/用户/仓库/edit/分支/docs/）→ 仓库地址；不是这种形式时返回 None。"""
    match = re.match(r"(https://[^/]+/[^/]+/[^/]+)/edit/", edit_uri or "")
    return match.group(1) if match else None


def _publish_images(notebook: Notebook, content: dict, src_uri: str, files: Files, config) -> None:
    stem = Path(src_uri).stem
    code_cells = (cell for cell in content["cells"] if cell["cell_type"] == "code")
    for number, cell in enumerate(code_cells, start=1):
        alt = cell.get("metadata", {}).get("alt")
        for output in cell.get("outputs", []):
            for mime, extension in IMAGE_TYPES.items():
                if mime not in output.get("data", {}):
                    continue
                data = output["data"][mime]
                data = "".join(data) if isinstance(data, list) else data  # SVG 在 .ipynb 里按行存成列表
                raw = data.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(data)
                uri = f"{NOTEBOOK_DIR}/{stem}/{stem}-{len(notebook.images) + 1}.{extension}"
                files.append(File.generated(config, uri, content=raw))
                key = _image_key(data if mime != "image/svg+xml" else base64.b64encode(raw).decode())
                notebook.images[key] = (uri, alt)
                if not alt:
                    log.warning(
                        f"docs/{src_uri}：第 {number} 个代码单元格输出了图，但没有替代文本。"
                        f'在这个单元格的标记行写上 # %% alt="这张图画了什么"。'
                    )
                break  # 同一个输出有多种格式时，只取第一种（它们是同一张图）


def use_executed_notebook(page) -> None:
    """notebook 页面的源文件换成执行好的 .ipynb；页面地址、“编辑此页”、最后更新日期仍按 docs/ 里的 .py。"""
    notebook = _notebooks.get(page.file.src_uri)
    if notebook is not None and notebook.executed is not None:
        page.file.abs_src_path = str(notebook.executed)


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
                _guess_boxes(soup, rendered)
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
    if title is not None and (found := _notebooks.get(page.file.src_uri)) is not None:
        boxes = [_stale_box(found.problem)] if found.problem else []
        boxes += [_download_box(found.download, page)] if found.download else []
        for box in reversed(boxes):
            title.insert_after(BeautifulSoup(box, "html.parser"))
    return str(notebook)


def _stale_box(problem: str) -> str:
    """构建时发现 .ipynb 缺失或过时：页面顶上写明（mkdocs serve 照常显示这一页，--strict 构建则失败）。"""
    text = html.escape(problem)
    for command in (REGENERATE, INSTALL_EVERYTHING):
        text = text.replace(command, f"<code>{command}</code>")
    return f'<div class="admonition warning"><p class="admonition-title">运行结果不是最新的</p><p>{text}</p></div>'


def _download_box(download: str, page) -> str:
    href = get_relative_url(download, page.url)
    clone = f"<code>git clone {_repository[0]}.git</code>" if _repository else "（<code>git clone</code>）"
    return (
        '<div class="admonition tip"><p class="admonition-title">自己动手运行</p>'
        "<p>本页由一个 Jupyter notebook 生成，下面的输出和图都是运行它得到的。"
        "下载的是练习版：“你来写”的单元格留给你写，参考答案挪到了文末的附录里，输出都清空了。</p>"
        f'<p><a class="md-button md-button--primary" href="{href}" download>下载 notebook（.ipynb）</a></p>'
        "<p>它要导入本站仓库里的 <code>snippets</code> 包，所以在仓库里运行：</p><ol>"
        f"<li>把本站的仓库克隆到本机{clone}，在仓库根目录装好全部依赖：<code>{SETUP_COMMAND}</code></li>"
        "<li>把下载的 .ipynb 放在仓库根目录（和 <code>snippets/</code> 同一层）；</li>"
        "<li>用 VS Code 打开仓库文件夹（装好 VS Code 的 Jupyter 扩展），打开这个 .ipynb，"
        "内核选 <code>.venv</code> 里的 Python，从上到下逐格运行。"
        "<code>requirements.txt</code> 里没有 JupyterLab；想用它，另外装上 <code>jupyterlab</code>，"
        "在仓库根目录运行 <code>jupyter lab</code>。</li></ol></div>"
    )


def _guess_boxes(soup, element) -> None:
    """以“先猜一猜”开头的引用块（> **先猜一猜**：……）换成 Material 的 question 提示框，和页面上的其他提示框一样。"""
    for quote in element.find_all("blockquote"):
        first = quote.find("strong")
        if first is None or first.get_text() != GUESS:
            continue
        first.extract()
        box = soup.new_tag("div", attrs={"class": "admonition question"})
        title = soup.new_tag("p", attrs={"class": "admonition-title"})
        title.string = GUESS
        box.append(title)
        box.extend(list(quote.contents))
        paragraph = box.find("p", class_=lambda c: c != "admonition-title")
        if paragraph is not None and paragraph.contents and isinstance(paragraph.contents[0], str):
            paragraph.contents[0].replace_with(paragraph.contents[0].lstrip("：:"))
        quote.replace_with(box)


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
    if not glossary.TERMS:
        return
    terms = sorted(glossary.TERMS, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\b")
    skip = ["code", "pre", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6"]
    for text in list(element.find_all(string=True)):
        if text.find_parent(skip) or text.find_parent(class_="arithmatex") or not pattern.search(text):
            continue
        pieces = []
        for index, piece in enumerate(pattern.split(str(text))):
            if index % 2:  # split 的奇数位是匹配到的术语
                abbr = soup.new_tag("abbr", attrs={"title": glossary.TERMS[piece]})
                abbr.string = piece
                pieces.append(abbr)
            elif piece:
                pieces.append(piece)
        text.replace_with(*pieces)


def _markdown_links(element, page, files) -> None:
    """Markdown 单元格里指向其他页面的 .md 链接（相对 notebook 源文件写）换成站内地址；目标不存在时警告。"""
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
    classes = cell.get("class", [])
    # 检查单元格的输出是一句话，像 Jupyter 里一样折行显示（notebook.css），不用横向滚动
    box = soup.new_tag("div", attrs={"class": "nb-cell nb-check" if f"celltag_{CHECK}" in classes else "nb-cell"})
    source = cell.select_one(".highlight-ipynb pre")
    if source is not None:
        title = "你来写" if f"celltag_{EXERCISE}" in classes else None
        box.append(_code_block(soup, "python", list(source.contents), title=title))
    if f"celltag_{SOLUTION}" in classes:
        # 参考答案折叠起来，样式与 Markdown 页面上的 ??? 折叠块相同；下载的练习版里它在文末的附录
        details = soup.new_tag("details", attrs={"class": "success nb-solution"})
        summary = soup.new_tag("summary")
        summary.string = "参考答案（先自己写，写不出来再展开）"
        details.append(summary)
        details.extend(list(box.contents))
        box.append(details)
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
        notebook = _notebooks.get(page.file.src_uri)
        found = notebook.images.get(_image_key(src.partition(",")[2])) if notebook else None
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
    """notebook 页面（和包含它们的打印版）在正文末尾加载 notebook.css。"""
    if NOTEBOOK_MARKER not in output or NOTEBOOK_CSS in output:
        return output
    css = get_relative_url(NOTEBOOK_CSS, page_url)
    return add_to_article(output, f'<link rel="stylesheet" href="{css}">')
