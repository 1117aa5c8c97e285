"""术语表：``includes/glossary.md`` 既给每页提供悬停解释（mkdocs.yml 里 snippets 的 auto_append），
也在术语表页上展开成表格；格式不对的行、重复定义的术语发出警告。"""

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


def expand_table(markdown: str) -> str:
    """术语表页上的标记换成全部术语的表格（按术语排序，不分大小写）。"""
    if GLOSSARY_MARKER not in markdown:
        return markdown
    rows = sorted(TERMS.items(), key=lambda item: item[0].casefold())
    table = "\n".join(["| 术语 | 解释 |", "| --- | --- |", *(f"| {t} | {d} |" for t, d in rows)])
    return markdown.replace(GLOSSARY_MARKER, table)
