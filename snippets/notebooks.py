"""动手实验的 notebook：源文件 ``docs/notebooks/*.py`` → 执行好的 ``docs/notebooks/*.ipynb``。

执行好的 notebook 和 ``figs/`` 里的图一样是生成文件，走同一条流水线（:mod:`snippets.generated`）：
``python -m snippets`` 用 nbclient 从头运行每个源文件（jupytext percent 格式，diff 好读），把带输出的 .ipynb
写在它旁边；``tests/test_generated.py`` 重新运行并逐字节比较。网站构建时不运行任何代码，只读这些 .ipynb
（``site_hooks/notebook_pages.py``），并用元数据里记下的源文件摘要确认它们是源文件现在的执行结果。

逐字节可复现：单元格 id 按顺序编号（jupytext 给的是随机 id），不记运行时刻，不记 Python 的小版本号；
图由 matplotlib 画，版本钉死在 requirements.txt 里。

练习（“你来写”）用单元格的标签（jupytext：``# %% tags=["exercise"]``）标出三种单元格：

- ``exercise``：留给读者写的函数，函数体是 ``raise NotImplementedError``；
- ``solution``：紧跟在后面的参考答案，重新定义同一个函数（标记行再写上 ``exercise="练习 1：……"``，附录里用作标题）；
- ``check``：再后面的检查单元格，调用 :mod:`snippets.labs` 的检查函数，印出“正确。”或哪里不对。

提交的 .ipynb 是填好参考答案运行的结果：检查单元格印的是“正确。”。网站上参考答案折叠在练习下面
（``site_hooks/notebook_pages.py``）；读者下载的是 :func:`lab_notebook` 做出的练习版。
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from pathlib import Path

from snippets.generated import NOTEBOOKS_DIR, ROOT, register

CELL_TIMEOUT = 300  # 秒：单个单元格超过这个时间就算失败
GENERATED_FROM = "generated_from"  # notebook 元数据里记录源文件和它的摘要的键；site_hooks/notebook_pages.py 读它
EXERCISE, SOLUTION, CHECK = "exercise", "solution", "check"  # 练习的三种单元格的标签
APPENDIX_TITLE = "附录：“你来写”的参考答案"


class NotebookError(Exception):
    """notebook 运行失败：哪个文件、哪个单元格、什么错误。"""


def sources() -> list[Path]:
    """全部 notebook 源文件：docs/notebooks/ 下（不含子文件夹）的 .py。"""
    return sorted((ROOT / NOTEBOOKS_DIR).glob("*.py"))


def source_digest(source: Path) -> str:
    """源文件内容的 SHA-256。按文本读（换行统一成 \\n）：Windows 上检出成 CRLF 也得到同一个摘要。"""
    return hashlib.sha256(source.read_text(encoding="utf-8").encode("utf-8")).hexdigest()


def run_notebook(notebook, name: str, timeout: int = CELL_TIMEOUT, python_path: bool = True):
    """在一个新的内核里依次运行 notebook 的单元格（原地写入输出），任何一个报错都抛出 NotebookError。

    内核的工作目录是仓库根目录，PYTHONPATH 里也有它：不论从哪个目录运行，``import snippets`` 都能找到。
    python_path=False 时不设 PYTHONPATH，和读者把下载的 notebook 放在仓库根目录、在那里打开它一样。
    """
    import nbclient
    from nbclient.exceptions import CellExecutionError

    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # 输出里不写运行时刻，内容只取决于代码
        resources={"metadata": {"path": str(ROOT)}},
        # 内核自己的日志只留错误：否则它关于“本机 TCP 连接未加密”的提示会混进输出
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        raise NotebookError(f"{name} 运行出错：\n{error}") from error
    except Exception as error:  # 超时、内核死掉等
        raise NotebookError(f"{name} 没能运行完：{type(error).__name__}: {error}") from error
    return notebook


def read_source(source: Path):
    """读出 notebook 源文件，整理成读者下载后能直接打开的普通 notebook（还没有输出）。"""
    import jupytext

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)  # 下载的 .ipynb 是普通 notebook，不与 .py 配对
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    return notebook


def merged_streams(outputs: list) -> list:
    """相邻的同名文字输出（stdout、stderr）合成一段。

    内核把 print 的内容分几批送来，分在哪里取决于时机（同一个单元格这次是一段、下次是两段），合起来才逐字节可复现；
    只合并相邻的，夹在中间的图不会挪位置。
    """
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous
            and previous.output_type == "stream"
            and (previous.name == output.name)
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def executed_notebook(source: Path) -> bytes:
    """运行一个 notebook 源文件，返回执行好的 .ipynb 的内容。"""
    import nbformat

    name = source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else str(source)
    notebook = run_notebook(read_source(source), name)
    for cell in notebook.cells:
        cell_outputs = cell.get("outputs")
        if cell_outputs:
            cell.outputs = merged_streams(cell_outputs)
    notebook.metadata.get("language_info", {}).pop("version", None)  # 3.11.7 还是 3.11.9 与结果无关
    notebook.metadata[GENERATED_FROM] = {"path": name, "sha256": source_digest(source)}
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def lab_notebook(executed: dict) -> dict:
    """读者下载的练习版：由执行好的 notebook（读出的 JSON）做出，不运行任何代码。

    - 参考答案（标签 solution）从练习下面挪到文末的附录里，原处留一句话指向它；附录里每个答案后面跟着它的检查单元格。
      为什么不用 ``jupyter.source_hidden`` 把答案藏在原处：藏起来的单元格照样运行，“全部运行”时它会在检查之前
      用参考答案覆盖读者写的函数，检查永远说“正确”。挪到文末，读者写的函数在检查时还是读者自己的；
      附录在最后运行，重新定义同名函数也不影响前面。
    - 输出全部清空：先猜、再运行、再和网页上的结果对照。
    - 检查函数从不抛出异常，练习之后的单元格也不用读者写的函数：什么都不写，“全部运行”也能从头跑到尾。
    """
    import copy

    notebook = copy.deepcopy(executed)
    notebook.get("metadata", {}).pop(GENERATED_FROM, None)
    cells, appendix, number = [], [], 0
    source = notebook["cells"]
    for index, cell in enumerate(source):
        cell["source"] = _text(cell["source"])  # .ipynb 里按行存成列表，读出的 JSON 里也是
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        else:
            cell["source"] = _links_from_repository_root(cell["source"])
        if SOLUTION not in tags(cell):
            cells.append(cell)
            continue
        number += 1
        name = cell["metadata"].pop("exercise", f"练习 {number}")
        cell["metadata"].pop("tags")
        pointer = f"写不出来时，参考答案在文末的附录里（{name}）。"
        cells.append(_markdown_cell(pointer, f"answer-{number}-pointer"))
        appendix += [_markdown_cell(f"### {name}", f"answer-{number}"), cell]
        following = source[index + 1] if index + 1 < len(source) else None
        if following is not None and CHECK in tags(following):
            check = {**copy.deepcopy(following), "id": f"answer-{number}-check", "outputs": [], "execution_count": None}
            appendix.append(check)
    if appendix:
        intro = (
            f"## {APPENDIX_TITLE}\n\n先自己写，写完运行练习下面的检查单元格；实在写不出来再看这里。"
            "运行这里的单元格会用参考答案重新定义同名的函数，再检查一遍。"
        )
        cells += [_markdown_cell(intro, "appendix"), *appendix]
    notebook["cells"] = cells
    return notebook


MARKDOWN_LINK = re.compile(r"\]\((?!https?://|#)([^)\s]+)\)")


def _links_from_repository_root(source) -> str:
    """Markdown 里相对 docs/notebooks/ 写的链接（../dl/mlp.md）改成相对仓库根目录（docs/dl/mlp.md）：
    练习版放在仓库根目录打开，链接仍指向仓库里的那个文件。"""
    text = _text(source)

    def from_root(match):
        target = posixpath.normpath(posixpath.join(NOTEBOOKS_DIR, match.group(1)))
        return f"]({target})"

    return MARKDOWN_LINK.sub(from_root, text)


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def _markdown_cell(text: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def lab_notebook_bytes(executed: dict) -> bytes:
    """练习版 .ipynb 的内容（与 nbformat 写出的格式相同，逐字节可复现）。"""
    import nbformat

    notebook = nbformat.from_dict(lab_notebook(executed))
    nbformat.validate(notebook)
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


for _source in sources():
    register(
        _source.with_suffix(".ipynb").relative_to(ROOT).as_posix(),
        _source.relative_to(ROOT).as_posix(),
        lambda source=_source: executed_notebook(source),
    )
