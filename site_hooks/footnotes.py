"""脚注：两个脚注标记紧挨着时，中间加一个上标的逗号，“³⁴”才不会读成第 34 条。"""

import re

TOUCHING = re.compile(r'</sup>(?=<sup id="fnref)')  # 一个上标刚结束，紧接着就是脚注标记
SEPARATOR = '<sup class="footnote-sep">,</sup>'


def separate_touching_markers(content: str) -> str:
    return TOUCHING.sub("</sup>" + SEPARATOR, content)
