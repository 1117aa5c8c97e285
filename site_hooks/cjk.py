"""中文段落在源文件里折行时，浏览器（Chrome、Safari）把那个换行显示成一个空格：“一页里， 这里”。

换行的一边是中文标点，或者两边都是汉字时，去掉换行；中文和英文、数字之间的换行照旧显示成空格。
"""

import re

CJK_CHARS = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018-\u201d\u2026"
CJK_LINE_BREAK = re.compile(
    rf"(?<=[{CJK_PUNCTUATION}])\n[ \t]*|\n[ \t]*(?=[{CJK_PUNCTUATION}])|(?<=[{CJK_CHARS}])\n[ \t]*(?=[{CJK_CHARS}])"
)
VERBATIM_HTML = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def join_cjk_lines(content: str) -> str:
    """去掉页面 HTML 里中文之间的源文件换行；代码、脚本等原样保留。"""
    parts, start = [], 0
    for verbatim in VERBATIM_HTML.finditer(content):
        parts += [CJK_LINE_BREAK.sub("", content[start : verbatim.start()]), verbatim.group()]
        start = verbatim.end()
    parts.append(CJK_LINE_BREAK.sub("", content[start:]))
    return "".join(parts)
