"""表格：每个 ``<table>`` 先在构建时套一层 ``<div class="cv-table">``。

Material 的 bundle.js 在页面加载完时把每个不带 class 的表格包进它的滚动容器（``md-typeset__scrollwrap``），
也就是在表格的父元素里插入一个新的子元素。Material 的 CSS 里有 ``:nth-child()`` 在右端、前面没有类名的选择器
（内容标签页的样式），父元素的子元素一变，浏览器就把父元素的整棵子树的样式重算一遍。表格直接在正文
``<article>`` 里时，这就是整页（训练神经网络一页 8 千多个元素）；先套一层只装着表格的 ``<div>``，重算的只是这个表格。
正文里的这层 ``<div>`` 占着滚动容器的外边距（extra.css：长页面离屏幕远的表格推迟排版，用在这一层上），
排版和没有它时一样（``tests/test_browser.py`` 检查）。
"""

import re

TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)


def wrap_tables(content: str) -> str:
    """``<table>…</table>`` → ``<div class="cv-table"><table>…</table></div>``。

    只动没有属性的表格（Markdown 写的表格都是），Material 也只给没有 class 的表格加滚动容器。"""
    return TABLE.sub(lambda table: f'<div class="cv-table">{table.group()}</div>', content)
