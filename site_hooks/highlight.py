"""代码块：去掉 Pygments 给名字、运算符、标点和空白套的 ``<span>``；每个代码块先能用键盘聚焦。

这几种记号的颜色就是代码正文的颜色：名字是 Material 的设置（``--md-code-hl-name-color: var(--md-code-fg-color)``），
运算符和标点是本站的设置（``extra.css``），空白没有颜色。套在它们外面的 ``<span>`` 看不出任何区别，却是代码块里
最多的元素（训练神经网络一页约 2,400 个代码元素里有 1,500 个）：手机上 Material 的脚本每让浏览器重新计算一次样式和
排版，都要算到它们。``tests/test_browser.py`` 检查两种配色下这几种记号确实和代码正文同色；哪天给它们配了别的颜色，
那个测试会失败，这里就该去掉对应的类。

键盘聚焦：代码行太长、要横向滚动时，键盘用户得先聚焦代码块才能滚动它。Material 挂载代码块时按需加上或去掉
``tabindex="0"``；本站让代码块滚到屏幕上才挂载（mkdocs.yml 的 content.lazy），还没挂载的代码块就先带着它，
挂载时 Material 再按实际情况去掉。
"""

import re

PLAIN_TOKEN = re.compile(r'<span class="[nopw]">([^<]*)</span>')
CODE_BLOCK = "<pre><span></span><code>"


def unwrap_plain_tokens(content: str) -> str:
    """``<span class="n">x</span>`` → ``x``，运算符、标点、空白同样；别的记号照旧。"""
    return PLAIN_TOKEN.sub(r"\1", content)


def focusable_code_blocks(content: str) -> str:
    """``<pre><span></span><code>`` 加上 ``tabindex="0"``（Pygments 输出的每个代码块都这样开头）。"""
    return content.replace(CODE_BLOCK, CODE_BLOCK.replace("<code>", '<code tabindex="0">'))
