"""本站的 MkDocs 钩子的入口（mkdocs.yml 的 ``hooks:`` 登记这个文件）。

每个事件只是把活分给 ``site_hooks/`` 里管那件事的模块，各模块做什么见 ``site_hooks/__init__.py``。
MkDocs 加载这个文件时把它所在的目录（仓库根目录）放进 sys.path，所以能导入 site_hooks 和 snippets。
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from site_hooks import (
    checks,
    cjk,
    demos,
    figures,
    footnotes,
    glossary,
    highlight,
    katex,
    notebook_pages,
    print_page,
    revision_dates,
    search,
    source_path,
    tables,
    theme,
)


def on_config(config):
    """离线版用站内自带的垫片；配置 mkdocs-jupyter；模板编译结果缓存；换掉打印版插件的慢函数。"""
    theme.use_local_iframe_worker(config)
    notebook_pages.configure_notebook_plugin(config)
    theme.cache_compiled_templates(config.theme)
    if "print-site" in config.plugins:
        print_page.use_fast_anchor_ids()
    return config


@event_priority(50)  # 在 mkdocs-jupyter 之前：它要看到 notebook_pages 换好的文件列表
def on_files(files: Files, config) -> Files:
    figures.publish_figs(files, config)
    notebook_pages.prepare_notebooks(files, config)
    return files


def on_pre_build(config) -> None:
    glossary.load()
    revision_dates.load()


@event_priority(50)  # 在 mkdocs-jupyter 的 on_pre_page 之前：它按 page.file.abs_src_path 渲染和缓存
def on_pre_page(page, config, files):
    notebook_pages.use_executed_notebook(page)
    return page


def on_page_markdown(markdown: str, page, config, files) -> str:
    revision_dates.set_revision_date(page, source_path(page))
    if notebook_pages.is_notebook_source(page.file.src_uri):
        return markdown  # notebook 页面由 mkdocs-jupyter 渲染，不是 Markdown
    return checks.check_markdown(glossary.expand_table(markdown), page)


@event_priority(50)  # 在 print-site 保存每页 HTML 之前整理页面，打印版用的是整理后的
def on_page_content(content: str, page, config, files) -> str:
    if notebook_pages.is_notebook_source(page.file.src_uri):
        content = notebook_pages.tidy_notebook_page(content, page, files)
    checks.check_alt_text(content, page)
    content = figures.sized_and_lazy_images(content, page, files)
    content = footnotes.separate_touching_markers(search.exclude_footnotes(content))
    content = highlight.focusable_code_blocks(cjk.join_cjk_lines(content))
    # 下面两步只为手机上页面加载得快：Material 的脚本挂载页面时，浏览器要重算样式的元素少一些
    return tables.wrap_tables(highlight.unwrap_plain_tokens(content))


def finish_page(output: str, page_url: str, where: str) -> str:
    """排好页面里的公式；页面用到公式、notebook 或交互演示时，在正文末尾加载它们的样式（和演示的脚本）。"""
    output = notebook_pages.with_notebook_assets(katex.with_math(output, page_url, where), page_url)
    return demos.with_demos(output, page_url, where)


def on_post_page(output: str, page, config) -> str:
    return finish_page(output, page.url, source_path(page))


def on_post_build(config) -> None:
    """压缩搜索索引、修正搜索 worker；整理打印版（它不经过 on_post_page）。"""
    site_dir = Path(config.site_dir)
    search.compact_search_index(site_dir / "search" / "search_index.json")
    search.fix_query_segmentation(site_dir)
    print_page.tidy_print_page(config, finish_page)
