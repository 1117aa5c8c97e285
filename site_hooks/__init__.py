"""本站的 MkDocs 钩子，每个模块管一件事；入口是仓库根目录的 ``hooks.py``（``mkdocs.yml`` 的 ``hooks:`` 登记它）。

- :mod:`site_hooks.theme`：离线版的垫片用站内自带的一份；主题模板的编译结果缓存。
- :mod:`site_hooks.figures`：把 ``figs/`` 发布进站点；图片写上宽高，第一屏以下的图延迟加载。
- :mod:`site_hooks.checks`：贡献者常犯的错误（手写的 Python 代码、站外资源、引入不存在的代码、图片没有替代文本）。
- :mod:`site_hooks.glossary`：术语表 ``includes/glossary.md``。
- :mod:`site_hooks.revision_dates`：每页底部的“最后更新”日期（取自 git 历史）。
- :mod:`site_hooks.cjk`：中文段落在源文件里折行的地方，浏览器不显示多余的空格。
- :mod:`site_hooks.footnotes`：紧挨着的两个脚注标记之间加逗号。
- :mod:`site_hooks.highlight`：代码块里和正文同色的记号（名字、运算符、标点）不再单独套一层 ``<span>``
  （长页面少一千多个元素）；还没挂载的代码块也能用键盘聚焦。
- :mod:`site_hooks.tables`：表格先套一层 ``<div>``，Material 的脚本给表格加滚动容器时不必重算整页的样式。
- :mod:`site_hooks.katex`：公式在构建时由站内自带的 KaTeX 排好，页面不运行数学脚本。
- :mod:`site_hooks.notebook_pages`：动手实验页面用提交的、执行好的 .ipynb，整理 mkdocs-jupyter 的 HTML。
- :mod:`site_hooks.print_page`：打印版（全站合成一页）的 id 去重和一个更快的插件函数。
- :mod:`site_hooks.demos`：有交互演示占位块（``data-demo``）的页面加载演示的 CSS 和脚本。
- :mod:`site_hooks.search`：搜索索引改写成 UTF-8；修正 Material 中文搜索的查询切分。

构建和预览只用 requirements-site.txt 里的包：这里不运行任何示例代码，也不导入 torch、numpy、matplotlib。
"""

import logging
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / ".cache"  # 构建的各种缓存（已在 .gitignore 里）；删掉它就全部重来

log = logging.getLogger("mkdocs.hooks.site")


def source_path(page) -> str:
    """页面源文件相对仓库根目录的路径，警告里用它指出文件。"""
    return f"docs/{page.file.src_uri}"


ARTICLE_START = re.compile(r"<article\b[^>]*>")


def add_to_article(output: str, tags: str, *, at_start: bool = False) -> str:
    """把 ``tags``（样式表、脚本）放进正文 ``<article>`` 的开头或末尾，而不是 ``<head>``：即时加载
    （navigation.instant）只替换正文，从别的页面跳过来时它们随正文一起到达。"""
    if at_start:
        return ARTICLE_START.sub(lambda tag: tag.group() + "\n" + tags, output, count=1)
    head, tail = output.rsplit("</article>", 1)
    return head + "\n" + tags + "\n</article>" + tail
