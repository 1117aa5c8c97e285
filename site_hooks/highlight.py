"""代码块：去掉 Pygments 给名字（Name 记号）套的 ``<span class="n">``。

Material 给名字的颜色就是代码正文的颜色（浅色、深色两套配色里都是 ``--md-code-hl-name-color:
var(--md-code-fg-color)``），这层 ``<span>`` 看不出任何区别，却是代码块里最多的一种元素（训练神经网络一页
1,033 个，约占全页元素的一成）：手机上 Material 的脚本每让浏览器重新计算一次样式和排版，都要算到它们。
``tests/test_browser.py`` 检查两种配色下名字确实和代码正文同色；哪天给名字配了颜色，那个测试会失败，这里就该删掉。
"""

import re

NAME_SPAN = re.compile(r'<span class="n">([^<]*)</span>')


def unwrap_names(content: str) -> str:
    """``<span class="n">x</span>`` → ``x``（只动 Pygments 的 Name 记号，别的记号照旧）。"""
    return NAME_SPAN.sub(r"\1", content)
