"""交互演示：只在放了演示占位块的页面上加载演示的 CSS 和脚本。

一个演示由三部分组成（以感知机为例）：

- 页面里的占位块 ``<div class="cv-demo" data-demo="perceptron" markdown>没有 JavaScript 时显示的话</div>``；
- ``docs/assets/javascripts/demos/perceptron.js``：普通脚本（不是 ES 模块，离线版的 file:// 也能运行），
  调用 ``cvDemos.define("perceptron", {mount, ……计算函数})``，把占位块换成演示（公共部分在 ``core.js``，
  那里的开头写了挂载的细节）；
- ``snippets/demos.py`` 里的 ``@output("demo_perceptron.json")``：页面上的 Python 代码算出的期望结果，
  tests/test_demos.py 在浏览器里拿它与演示的计算函数比较。

这里做的只是第二部分的加载：页面 HTML 里有 ``data-demo="名字"``，就在正文（``<article>``）末尾加上
``demos.css``、``core.js`` 和每个 ``名字.js``。放在正文里而不是 ``<head>`` 里，理由与 KaTeX 的 CSS 相同
（site_hooks/katex.py）：Material 的即时加载换页时只换正文，并重新执行正文里的 ``<script>``。
占位块写了一个不存在的演示名字时发出警告（``--strict`` 下构建失败）。
"""

import re

from mkdocs.utils import get_relative_url

from site_hooks import ROOT, add_to_article, log

DEMO_DIR = "assets/javascripts/demos"
DEMO_CSS = "assets/stylesheets/demos.css"
PLACEHOLDER = re.compile(r'<div\b[^>]*\bdata-demo="([\w-]+)"')


def demo_names(output: str) -> list[str]:
    """页面 HTML 里各个演示占位块的名字（按第一次出现的顺序，不重复）。"""
    return list(dict.fromkeys(PLACEHOLDER.findall(output)))


def demo_assets(names: list[str]) -> list[str]:
    """一页要加载的演示文件（相对 docs/ 的路径）：CSS、公共部分、每个演示的脚本。"""
    return [DEMO_CSS, f"{DEMO_DIR}/core.js", *(f"{DEMO_DIR}/{name}.js" for name in names)]


def with_demos(output: str, page_url: str, where: str) -> str:
    """页面有演示占位块时，在正文末尾加载演示的 CSS 和脚本；``where`` 是警告里指出的页面。"""
    names = demo_names(output)
    if not names or DEMO_CSS in output:
        return output
    for name in names:
        if not (ROOT / "docs" / DEMO_DIR / f"{name}.js").is_file():
            log.warning(f'{where}: 演示占位块 data-demo="{name}" 没有对应的 docs/{DEMO_DIR}/{name}.js')
    tags = []
    for path in demo_assets(names):
        url = get_relative_url(path, page_url)
        tags.append(
            f'<link rel="stylesheet" href="{url}">' if path.endswith(".css") else f'<script src="{url}"></script>'
        )
    return add_to_article(output, "\n".join(tags))
