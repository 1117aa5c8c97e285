"""搜索：索引里不收脚注，索引改写成 UTF-8，修正 Material 中文搜索的查询切分。"""

import json
from pathlib import Path

from site_hooks import log

# 脚注（页末的参考资料）不进搜索索引：论文标题里满是 ImageNet、AlexNet 这样的词，搜它们时会把讲解的那一节挤下去
FOOTNOTES = '<div class="footnote">'
FOOTNOTES_UNSEARCHED = '<div class="footnote" data-search-exclude>'


def exclude_footnotes(content: str) -> str:
    return content.replace(FOOTNOTES, FOOTNOTES_UNSEARCHED)


# Material 的搜索在浏览器里用索引里已有的词切分中文查询（上游源码 integrations/search/query/segment），
# 但内层循环写成了 j < query.length：以查询最后一个字结尾的词永远切不出来。于是“小冰”只剩“小”（再加通配符，
# 变成搜“小批量”之类），“语义分割”变成“语义”和“分”。这里把构建出的搜索 worker 里的这一处改成 <=。
# 升级 Material 后找不到这段代码时构建报错，提醒重新检查（上游修好了就删掉这个函数）。
QUERY_SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
QUERY_SEGMENT_LOOP_FIXED = QUERY_SEGMENT_LOOP.replace("o<t.length", "o<=t.length")


def fix_query_segmentation(site_dir: Path) -> None:
    """改正构建出的搜索 worker；已经改过的（mkdocs serve --dirty 不重新复制主题文件）不再动。"""
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        if QUERY_SEGMENT_LOOP in text:
            worker.write_text(text.replace(QUERY_SEGMENT_LOOP, QUERY_SEGMENT_LOOP_FIXED), encoding="utf-8")
            return
        if QUERY_SEGMENT_LOOP_FIXED in text:
            return
    log.warning(
        f"site_hooks/search.py: Material 的搜索 worker 里没找到要修正的中文查询切分代码（{QUERY_SEGMENT_LOOP}），"
        f"Material 升级了吗？检查上游是否已修好，再更新或删掉 fix_query_segmentation。"
    )


def compact_search_index(path: Path) -> None:
    """Material 写出的搜索索引把每个汉字转义成 \\uXXXX（6 个字节），改写成 UTF-8（3 个字节）：小约 40 %。

    离线版的 search_index.js 由 offline 插件在这之后（它的 on_post_build 排在最后）从这个文件生成。
    """
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
