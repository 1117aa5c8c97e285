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
"""

from __future__ import annotations

import html
import logging
import re
import subprocess
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.site")

ROOT = Path(__file__).resolve().parent
FIGS_DIR = ROOT / "figs"

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

GLOSSARY = ROOT / "includes" / "glossary.md"
GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>\S.*)$")
GLOSSARY_MARKER = "<!-- 术语表：由 hooks.py 根据 includes/glossary.md 生成 -->"

MATH_MARKER = 'class="arithmatex"'
MATH_ASSETS = ("assets/katex/katex.min.css", "assets/katex/katex.min.js", "assets/javascripts/math.js")


IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"


def on_config(config):
    """离线版里，把 offline 插件加上的 CDN 垫片换成站内自带的同一个文件。"""
    polyfills = config.extra.get("polyfills", [])
    if any("iframe-worker" in str(script) for script in polyfills):
        others = [script for script in polyfills if "iframe-worker" not in str(script)]
        config.extra["polyfills"] = [*others, IFRAME_WORKER_SHIM]
    return config


def _source(page) -> str:
    return f"docs/{page.file.src_uri}"


def on_files(files: Files, config) -> Files:
    """把 figs/ 下的每个文件当作 docs/figs/ 下的文件加入构建。"""
    for path in sorted(FIGS_DIR.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            files.append(File.generated(config, f"figs/{path.name}", abs_src_path=str(path)))
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
    for line in typed_python_blocks(markdown):
        log.warning(
            f"{_source(page)}:{line}: 页面里直接写了 Python 代码。"
            f'请把代码放进 snippets/ 里的模块（用 "# --8<-- [start:段名]" 标出），'
            f'再用 --8<-- "snippets/模块.py:段名" 引入，并在 tests/ 里测试它。'
        )
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_table())
    lines = markdown.splitlines()
    for number, problem in broken_snippet_includes(markdown):
        log.warning(f'{_source(page)}:{number}: {problem}。引入的写法是 --8<-- "snippets/模块.py:段名"。')
        # 换成一行看得见的错误，让 mkdocs serve 还能显示这一页，--strict 构建则因上面的警告失败
        lines[number - 1] = SNIPPET_INCLUDE.sub(rf"\g<indent># 错误：{problem}", lines[number - 1])
    return "\n".join(lines)


def on_page_content(content: str, page, config, files) -> str:
    for tag in IMG_TAG.findall(content):
        alt = IMG_ALT.search(tag)
        if not alt or not alt.group(1).strip():
            src = IMG_SRC.search(tag)
            log.warning(
                f"{_source(page)}: 图片 {html.unescape(src.group(1)) if src else tag} 没有替代文本（alt）。"
                f"请写成 ![这张图画了什么](路径)，让读屏软件和加载失败时的读者也知道图的内容。"
            )
    return content


def on_post_page(output: str, page, config) -> str:
    return with_math_assets(output, page.url)


def on_post_build(config) -> None:
    """打印版（print-site 插件把全部页面合成的一页）是插件在最后单独写出的，不经过 on_post_page，这里补上。"""
    plugin = config.plugins.get("print-site")
    if plugin and plugin.config.get("enabled"):
        path = Path(plugin.print_page.file.abs_dest_path)
        path.write_text(with_math_assets(path.read_text(encoding="utf-8"), plugin.print_page.url), encoding="utf-8")


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
