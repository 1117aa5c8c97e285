"""动手实验的 notebook：源文件 ``docs/notebooks/*.py`` → 执行好的 ``docs/notebooks/*.ipynb``。

执行好的 notebook 和 ``figs/`` 里的图一样是生成文件，走同一条流水线（:mod:`snippets.generated`）：
``python -m snippets`` 用 nbclient 从头运行每个源文件（jupytext percent 格式，diff 好读），把带输出的 .ipynb
写在它旁边；``tests/test_generated.py`` 重新运行并逐字节比较。网站构建时不运行任何代码，只读这些 .ipynb
（``site_hooks/notebook_pages.py``），并用元数据里记下的源文件摘要确认它们是源文件现在的执行结果。

逐字节可复现：单元格 id 按顺序编号（jupytext 给的是随机 id），不记运行时刻，不记 Python 的小版本号；
图由 matplotlib 画，版本钉死在 requirements.txt 里。
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from snippets.generated import NOTEBOOKS_DIR, ROOT, register

CELL_TIMEOUT = 300  # 秒：单个单元格超过这个时间就算失败
GENERATED_FROM = "generated_from"  # notebook 元数据里记录源文件和它的摘要的键；site_hooks/notebook_pages.py 读它


class NotebookError(Exception):
    """notebook 运行失败：哪个文件、哪个单元格、什么错误。"""


def sources() -> list[Path]:
    """全部 notebook 源文件：docs/notebooks/ 下（不含子文件夹）的 .py。"""
    return sorted((ROOT / NOTEBOOKS_DIR).glob("*.py"))


def source_digest(source: Path) -> str:
    """源文件内容的 SHA-256。按文本读（换行统一成 \\n）：Windows 上检出成 CRLF 也得到同一个摘要。"""
    return hashlib.sha256(source.read_text(encoding="utf-8").encode("utf-8")).hexdigest()


def run_notebook(notebook, name: str, timeout: int = CELL_TIMEOUT):
    """在一个新的内核里依次运行 notebook 的单元格（原地写入输出），任何一个报错都抛出 NotebookError。

    内核的工作目录是仓库根目录，PYTHONPATH 里也有它：不论从哪个目录运行，``import snippets`` 都能找到。
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
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    try:
        client.execute(env={**os.environ, "PYTHONPATH": python_path})
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


for _source in sources():
    register(
        _source.with_suffix(".ipynb").relative_to(ROOT).as_posix(),
        _source.relative_to(ROOT).as_posix(),
        lambda source=_source: executed_notebook(source),
    )
