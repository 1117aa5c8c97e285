"""术语表：``includes/glossary.md`` 既给每页提供悬停解释（mkdocs.yml 里 snippets 的 auto_append），
也在术语表页上展开成表格；格式不对的行、重复定义的术语发出警告。"""

import itertools
import re

from site_hooks import ROOT, log

GLOSSARY = ROOT / "includes" / "glossary.md"
GLOSSARY_MARKER = "<!-- 术语表：由 site_hooks/glossary.py 根据 includes/glossary.md 生成 -->"

GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>\S.*)$")

TERMS: dict[str, str] = {}  # 术语 → 解释；每次构建开始时由 load() 重新读出


def load() -> None:
    TERMS.clear()
    TERMS.update(read_glossary())


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


CHINESE_GROUP = "中文术语"  # 只有中文名的术语排在最后，自成一组


def group_of(term: str) -> str:
    """术语所在的组：英文术语按首字母（A–Z），以数字开头的一组，只有中文名的术语一组。"""
    first = term[0].upper()
    if not first.isascii():
        return CHINESE_GROUP
    return first if first.isalpha() else "0–9"


def expand_table(markdown: str) -> str:
    """术语表页上的标记换成全部术语：每组一个二级标题（目录里就是首字母索引）和一张表，组内按术语排序，不分大小写。

    分组也让手机打开这一页更快：第一个二级标题以后的块在读者滚到附近之前不排版（extra.css），
    一整张 120 多行的表却要在加载时全部排版。"""
    if GLOSSARY_MARKER not in markdown:
        return markdown

    def order(item):  # 先按组（中文术语一组在最后），组内按术语
        group = group_of(item[0])
        return group == CHINESE_GROUP, group, item[0].casefold()

    groups = []
    for group, rows in itertools.groupby(sorted(TERMS.items(), key=order), key=lambda item: group_of(item[0])):
        table = ["| 术语 | 解释 |", "| --- | --- |", *(f"| {t} | {d} |" for t, d in rows)]
        groups.append(f"## {group}\n\n" + "\n".join(table))
    return markdown.replace(GLOSSARY_MARKER, "\n\n".join(groups))
