"""打印版：print-site 插件把全站合成一页（site/print_page/），这里让它的 id 不重复、生成得更快。"""

import re
from pathlib import Path


def use_fast_anchor_ids() -> None:
    """把插件的 ``update_anchor_ids`` 换成结果相同的快版本 :func:`print_site_anchor_ids`。"""
    from mkdocs_print_site_plugin import urls

    urls.update_anchor_ids = print_site_anchor_ids


def tidy_print_page(config, finish_page) -> None:
    """打印版是插件在最后单独写出的，不经过 on_post_page：在这里去重 id，再交给 ``finish_page(html, url, 名字)``
    排好公式、补上 notebook 的样式。"""
    plugin = config.plugins.get("print-site")
    if plugin and plugin.config.get("enabled"):
        path = Path(plugin.print_page.file.abs_dest_path)
        output = unique_print_page_ids(path.read_text(encoding="utf-8"))
        path.write_text(finish_page(output, plugin.print_page.url, "打印版"), encoding="utf-8")


# print-site 插件给打印版里每页的标题、脚注等加上页面前缀的 id，用的是下面这个正则（照抄插件的 urls.py）
PRINT_SITE_TAG_ID = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
PRINT_SITE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"}  # 插件只改这些标签
ID_ATTR = re.compile(r'id="', flags=re.IGNORECASE)


def print_site_anchor_ids(page_html: str, page_key: str) -> str:
    """代替 print-site 的 ``update_anchor_ids``：快约 50 倍，结果相同（测试在全站每一页上比较），只改正了插件的一个错：
    插件把 id 的值在整个标签里做字符串替换，值是 ``d``、``h``、``i`` 这样的单个字母时，属性名和标签名也被改掉
    （``<h2 id="h">`` 变成 ``<key-h2 id="key-h">``，术语表的字母分组就是这样的标题）。这里只改 id 的值。

    插件在每个 ``<`` 处从头试这个正则，没有 id 的标签要一直找到行尾；每改一个标签又对整页做一次 replace。
    全站合计 1.5～2 秒，是什么都没改时构建时间的四分之一。正则里的 ``.`` 不跨行，匹配只会落在一行之内，
    而且必须在这一行最后一个 ``id="`` 之前开始；所以这里只在那之前的 ``<`` 处尝试，改写也只改匹配到的地方。
    """
    out = []
    for line in page_html.splitlines(keepends=True):
        last_id = 0
        for found in ID_ATTR.finditer(line):
            last_id = found.start()
        done = pos = 0
        while (start := line.find("<", pos, last_id)) != -1:
            tag = PRINT_SITE_TAG_ID.match(line, start)
            if tag is None:
                pos = start + 1
                continue
            if tag[1] in PRINT_SITE_TAGS:
                out += [line[done : tag.start(2)], f"{page_key}-"]  # 前缀只加在 id 的值前面
                done = tag.start(2)
            pos = tag.end()
        out.append(line[done:])
    return "".join(out)


PRINT_PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_NAMING_ATTR = re.compile(r'\b(id|name|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
LOCAL_HREF = re.compile(r'\bhref="#([^"]*)"')


def unique_print_page_ids(print_html: str) -> str:
    """打印版里每页自己的 id 都加上页面前缀，指向它们的链接跟着改：全页没有重复的 id。

    print-site 只给标题、脚注等几种标签的 id 加前缀，而且一行里前面有别的标签时会漏掉（例如正文里的脚注引用
    ``<sup id="fnref:alexnet">``）；代码行号的 id（``__codelineno-0-1``）每页都从 0 数起。于是十几页各有一个
    ``fnref:alexnet``，点脚注后的“↩”会跳到别的页面去。这里按页面切开打印版，把每页里还没有前缀的 id、name、
    for、aria-* 都加上前缀，再把这一页里指向这些 id 的 ``href="#…"`` 改成新名字；指向别页的链接不动。
    """
    starts = [m.start() for m in PRINT_PAGE_SECTION.finditer(print_html)]
    parts = [print_html[: starts[0]]] if starts else [print_html]
    for start, end in zip(starts, [*starts[1:], len(print_html)], strict=True):
        section = print_html[start:end]
        body_start = section.index(">") + 1  # 页面自己的 <section id="key"> 不改
        key = PRINT_PAGE_SECTION.match(section)[1]
        parts += [section[:body_start], _prefix_page_ids(section[body_start:], key)]
    return "".join(parts)


def _prefix_page_ids(body: str, key: str) -> str:
    def prefixed(value: str) -> str:
        return " ".join(v if v.startswith(f"{key}-") else f"{key}-{v}" for v in value.split())

    own_ids = {m[2] for m in ID_NAMING_ATTR.finditer(body) if m[1] == "id"}
    body = ID_NAMING_ATTR.sub(lambda m: f'{m[1]}="{prefixed(m[2])}"', body)
    return LOCAL_HREF.sub(lambda m: f'href="#{prefixed(m[1])}"' if m[1] in own_ids else m[0], body)
