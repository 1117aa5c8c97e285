"""贡献者常犯的错误：发出警告（``--strict`` 下构建失败），警告里写明文件和行号。

页面里直接手写的 Python 代码块（应从 ``snippets/`` 引入）、从站外加载的资源、引入了不存在的代码文件或分段、
没有替代文本的图片。
"""

import html
import re

from site_hooks import ROOT, log, source_path
from site_hooks.figures import IMG_SRC, IMG_TAG

PYTHON_LANGS = {"python", "py", "python3", "pycon"}
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<lang>[\w+-]*)")
SNIPPET_LINE = re.compile(r'^\s*-{1,2}8<-{1,2}\s+"snippets/[^"]+\.py(:[\w-]+)?"\s*$')
# 单独一行的引入：--8<-- "文件" 或 --8<-- "文件:分段"（pymdownx.snippets 的写法）
SNIPPET_INCLUDE = re.compile(
    r'^(?P<indent>\s*)-{1,2}8<-{1,2}\s+"(?P<path>[^":]+)(?::(?P<section>[A-Za-z_][\w-]*))?"\s*$'
)
SECTION_START = re.compile(r"-{1,2}8<-{1,2}\s*\[start:([\w-]+)\]")
IMG_ALT = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)
# 页面里写的、浏览器打开页面时就会去加载的站外文件：Markdown 图片，或 HTML 标签的 src / href / data
REMOTE_URL = r"(?:https?:)?//[^\s\"')>]+"
EXTERNAL_RESOURCE = re.compile(
    rf"!\[[^\]]*\]\(\s*<?(?P<image>{REMOTE_URL})"
    rf"|<(?:img|script|iframe|source|audio|video|embed|object|link)\b[^>]*?\b(?:src|srcset|href|data)\s*=\s*[\"']?(?P<tag>{REMOTE_URL})"
    rf"|url\(\s*[\"']?(?P<css>{REMOTE_URL})",
    re.IGNORECASE,
)


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


def check_markdown(markdown: str, page) -> str:
    """警告手写的代码、站外资源和坏的引入；坏的引入换成一行看得见的错误，返回改过的 Markdown。"""
    source = source_path(page)
    for line in typed_python_blocks(markdown):
        log.warning(
            f"{source}:{line}: 页面里直接写了 Python 代码。"
            f'请把代码放进 snippets/ 里的模块（用 "# --8<-- [start:段名]" 标出），'
            f'再用 --8<-- "snippets/模块.py:段名" 引入，并在 tests/ 里测试它。'
        )
    for line, url in external_resources(markdown):
        log.warning(
            f"{source}:{line}: 从站外加载 {url}。离线时、在国内常常打不开；"
            f"请把文件放进仓库（图由 snippets/ 里的代码生成，在 figs/ 下），用相对路径引用。"
        )
    lines = markdown.splitlines()
    for number, problem in broken_snippet_includes(markdown):
        log.warning(f'{source}:{number}: {problem}。引入的写法是 --8<-- "snippets/模块.py:段名"。')
        # 换成一行看得见的错误，让 mkdocs serve 还能显示这一页，--strict 构建则因上面的警告失败
        lines[number - 1] = SNIPPET_INCLUDE.sub(rf"\g<indent># 错误：{problem}", lines[number - 1])
    return "\n".join(lines)


def check_alt_text(content: str, page) -> None:
    """页面 HTML 里每张没有替代文本（alt）的图片发出一条警告。"""
    for tag in IMG_TAG.findall(content):
        alt = IMG_ALT.search(tag)
        if not alt or not alt.group(1).strip():
            src = IMG_SRC.search(tag)
            log.warning(
                f"{source_path(page)}: 图片 {html.unescape(src.group(1)) if src else tag} 没有替代文本（alt）。"
                f"请写成 ![这张图画了什么](路径)，让读屏软件和加载失败时的读者也知道图的内容。"
            )
