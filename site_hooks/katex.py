"""公式在构建时排版：站内自带的 KaTeX（``docs/assets/katex/katex.min.js``）由 PyPI 的 quickjs 运行，
页面里直接是排好的 HTML，浏览器不运行任何数学脚本，只加载 KaTeX 的 CSS 和页面用到的字体。

pymdownx.arithmatex（generic 模式）把行内公式输出为 ``<span class="arithmatex">\\(…\\)</span>``，
独立公式输出为 ``<div class="arithmatex">\\[…\\]</div>``；这里把其中的 TeX 换成 KaTeX 的输出（HTML 给眼睛看，
MathML 给读屏软件）。排版在 on_post_page 里做：搜索插件在那之前已经把页面文字收进索引，索引里留的是可读的 TeX。
写错的 TeX 发出警告（``--strict`` 下构建失败），指出页面和公式，页面上原样显示 TeX。
"""

import functools
import html
import re

from mkdocs.utils import get_relative_url

from site_hooks import ROOT, add_to_article, log

KATEX_JS = ROOT / "docs" / "assets" / "katex" / "katex.min.js"
KATEX_CSS = "assets/katex/katex.min.css"
MATH_MARKER = 'class="arithmatex"'
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
DELIMITERS = {"\\(": ("\\)", False), "\\[": ("\\]", True)}  # 开头 → (结尾, 是否独立公式)
# 独立公式在手机上常常比正文宽，要横向滚动：能用键盘聚焦才能用方向键滚动（axe：scrollable-region-focusable）。
# 构建时不知道哪个会比屏幕宽，所以每个独立公式都可以聚焦，并有一个名字告诉读屏软件这是什么。
DISPLAY_ATTRIBUTES = ' tabindex="0" role="group" aria-label="公式"'


@functools.cache
def _katex():
    """quickjs 里载入 KaTeX，返回 renderToString 的包装（只在第一次遇到公式时载入，约 20 毫秒）。"""
    import quickjs

    context = quickjs.Context()
    context.eval(KATEX_JS.read_text(encoding="utf-8"))
    return context.eval(
        "(function (tex, display) {  return katex.renderToString(tex, {displayMode: display, throwOnError: true});})"
    )


@functools.cache
def render(tex: str, display: bool) -> tuple[str | None, str | None]:
    """(KaTeX 的 HTML, None)；TeX 写错时 (None, KaTeX 的错误信息)。同一个公式只排一次（打印版再用一遍）。"""
    import quickjs

    try:
        return _katex()(tex, display), None
    except quickjs.JSException as error:
        return None, str(error).splitlines()[0]


def render_math(output: str, where: str) -> str:
    """把页面 HTML 里每个 arithmatex 元素里的 TeX 换成排好的公式；``where`` 是警告里指出的页面。"""

    def typeset(element: re.Match) -> str:
        tag, source = element.groups()
        text = html.unescape(source).strip()
        end, display = DELIMITERS.get(text[:2], (None, False))
        if end is None or not text.endswith(end):
            return element.group()  # 不是 arithmatex 写出的公式（例如已经排好的），不动
        tex = text[2:-2].strip()
        rendered, error = render(tex, display)
        if error:
            log.warning(f"{where}: 公式 {tex} 排不出来：{error}")
            return element.group()
        attributes = DISPLAY_ATTRIBUTES if display else ""
        return f'<{tag} class="arithmatex"{attributes}>{rendered}</{tag}>'

    return ARITHMATEX.sub(typeset, output)


def with_math(output: str, page_url: str, where: str) -> str:
    """页面有公式时排好它们，并在正文（<article>）开头加载 KaTeX 的 CSS；没有公式的页面什么也不加。

    放在正文开头而不是末尾：浏览器在它加载完之前不画后面的正文，第一屏的公式不会先不带样式画出来、
    再缩回去（那样整屏内容上移约 20 像素，Lighthouse 记感知机一页 CLS 0.13）。
    """
    if MATH_MARKER not in output:
        return output
    output = render_math(output, where)
    if KATEX_CSS in output:
        return output
    link = f'<link rel="stylesheet" href="{get_relative_url(KATEX_CSS, page_url)}">'
    return add_to_article(output, link, at_start=True)
