"""只在含有公式的页面里加载 KaTeX（站内自带，不用 CDN）；没有公式的页面不加载任何数学脚本。"""

from mkdocs.utils import get_relative_url

MATH_MARKER = 'class="arithmatex"'
MATH_ASSETS = ("assets/katex/katex.min.css", "assets/katex/katex.min.js", "assets/javascripts/math.js")


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
