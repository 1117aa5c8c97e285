"""生成文件的唯一登记处：``figs/`` 里的每张图、``snippets/outputs/`` 里的每段运行输出、
``docs/notebooks/`` 里每个执行好的 notebook（.ipynb）。

画图函数用 :func:`figure` 登记，打印结果的函数用 :func:`output` 登记，notebook 由 :mod:`snippets.notebooks`
登记；登记表 :data:`REGISTRY` 把"文件路径 → 生成它的函数"一一对应起来。一条命令重新生成全部：

    python -m snippets            # 重新生成并写入
    python -m snippets --check    # 只比较，不写入；有差异时退出码为 1

``tests/test_generated.py`` 在临时目录里重新生成每个文件，与仓库里提交的逐字节比较，
所以图和输出永远与代码一致。

可复现（逐字节相同）的做法：
- 每次生成前重置 ``random`` / NumPy / PyTorch 的随机种子，PyTorch 只用一个线程；
- SVG 去掉日期和软件版本元数据，固定 ``svg.hashsalt``（matplotlib 用它生成元素 id）；
- PNG 去掉 ``Software`` 元数据；matplotlib、Pillow、字体包的版本都在 requirements.txt 里钉死。
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import pkgutil
import random
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGS_DIR = "figs"
OUTPUTS_DIR = "snippets/outputs"
NOTEBOOKS_DIR = "docs/notebooks"  # 源文件 *.py 是人写的，旁边的 *.ipynb 是生成的
REGEN_COMMAND = "python -m snippets"

# 两种图片格式各有所长，每张图按内容选择（文件名后缀决定）：
# - SVG：折线、散点、示意图。矢量图在任何缩放下都清晰，这类图的文件也小；
#   文字转成路径（svg.fonttype = "path"），读者电脑上没有中文字体也能正确显示。
# - PNG：像素级内容（图像、卷积响应、热力图）。这类图做成 SVG 会有成千上万个小方块，
#   文件大、渲染慢；PNG 按 2 倍像素密度保存，在高分屏上也清晰。
PNG_DPI = 240  # 6.4 英寸宽的图（裁掉白边后约 5.9 英寸）→ 约 1400 像素，桌面上显示宽度（约 690 像素）的 2 倍以上
# 每张 PNG 另存一份给手机的 figs/<名字>-phone.png，宽约 860 像素：手机屏幕宽 390～430 像素、2 倍屏时正好清晰，
# 文件只有原图的几分之一。页面上的 <img> 由 site_hooks/figures.py 加上 srcset，浏览器按屏幕挑一份下载。
PHONE_PNG_WIDTH = 860
PHONE_SUFFIX = "-phone.png"
SVG_RC = {"svg.hashsalt": "cv-notes", "svg.fonttype": "path"}


@dataclass(frozen=True)
class Generated:
    """一个生成文件：仓库内的相对路径，以及产生其内容的函数。"""

    path: str  # 相对仓库根目录，例如 "figs/perceptron_boundary.svg"
    render: Callable[[], bytes]
    source: str  # "模块:函数" 或源文件路径，出错时告诉贡献者去哪里改

    def __str__(self) -> str:
        return f"{self.path}（由 {self.source} 生成）"


REGISTRY: dict[str, Generated] = {}


def register(path: str, source: str, render: Callable[[], bytes]) -> None:
    """登记一个生成文件：仓库内的路径、生成它的东西（"模块:函数" 或源文件路径）、返回文件内容的函数。"""
    if path in REGISTRY and REGISTRY[path].source != source:
        raise ValueError(f"{path} 被登记了两次：{REGISTRY[path].source} 和 {source}")
    REGISTRY[path] = Generated(path, render, source)


def _reset_random_state() -> None:
    """每个文件都从同样的随机状态开始生成，与生成顺序无关。"""
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.manual_seed(0)
        torch.set_num_threads(1)


def figure(name: str) -> Callable:
    """登记一个画图函数：它返回一个 matplotlib ``Figure``，保存为 ``figs/<name>``。

    文件名后缀（``.svg`` 或 ``.png``）决定格式。被装饰的函数在中文字体样式下运行，
    在 notebook 里直接调用也能正确显示中文。
    """
    fmt = Path(name).suffix.lstrip(".")
    if fmt not in ("svg", "png"):
        raise ValueError(f"图 {name} 的后缀必须是 .svg 或 .png")

    def decorate(draw: Callable) -> Callable:
        from snippets.plotting import figure_style

        def styled(*args, **kwargs):
            with figure_style():
                return draw(*args, **kwargs)

        styled.__name__, styled.__qualname__ = draw.__name__, draw.__qualname__
        styled.__module__, styled.__doc__ = draw.__module__, draw.__doc__

        def render(phone: bool = False) -> bytes:
            import matplotlib.pyplot as plt

            # 保存时也要在样式里：savefig.* 这些设置是保存那一刻才读取的
            with warnings.catch_warnings(), figure_style(), _font_substitutions() as substitutions:
                # "Glyph … missing from font(s)" 意味着图里出现了方块字（豆腐块），当作错误。
                warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
                fig = draw()
                try:
                    data = _figure_bytes(fig, fmt)
                    if phone:  # 按原图的宽度换算分辨率：手机版宽 PHONE_PNG_WIDTH 像素
                        width = int.from_bytes(data[16:20], "big")
                        data = _figure_bytes(fig, fmt, dpi=PNG_DPI * PHONE_PNG_WIDTH / width)
                finally:
                    plt.close(fig)
            if substitutions:
                raise RuntimeError(f"字体被替换（例如思源黑体没有粗体，不要用 fontweight='bold'）：{substitutions[0]}")
            return data

        register(f"{FIGS_DIR}/{name}", _qualified_name(draw), render)
        if fmt == "png":
            phone_name = name.removesuffix(".png") + PHONE_SUFFIX
            register(f"{FIGS_DIR}/{phone_name}", _qualified_name(draw), lambda: render(phone=True))
        return styled

    return decorate


@contextlib.contextmanager
def _font_substitutions():
    """收集 matplotlib 找不到所要字体、改用别的字体时的日志（"findfont: Failed to find …"）。"""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logger, handler = logging.getLogger("matplotlib.font_manager"), Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def output(name: str) -> Callable:
    """登记一个示例函数：它打印的内容保存为 ``snippets/outputs/<name>``，页面原样引入。"""

    def decorate(func: Callable) -> Callable:
        def render() -> bytes:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                func()
            return buffer.getvalue().encode("utf-8")

        register(f"{OUTPUTS_DIR}/{name}", _qualified_name(func), render)
        return func

    return decorate


def _qualified_name(func: Callable) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def _figure_bytes(fig, fmt: str, dpi: float = PNG_DPI) -> bytes:
    import matplotlib as mpl

    buffer = io.BytesIO()
    if fmt == "svg":
        with mpl.rc_context(SVG_RC):
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    else:
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def load_all() -> dict[str, Generated]:
    """导入 snippets 包的每个模块，让其中的 @figure / @output 和 snippets.notebooks 完成登记。"""
    import snippets

    for module in pkgutil.iter_modules(snippets.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"snippets.{module.name}")
    return REGISTRY


def render(entry: Generated) -> bytes:
    _reset_random_state()
    try:
        return entry.render()
    except Exception as error:
        raise RuntimeError(f"生成 {entry} 时出错：{error}") from error


def regenerate(root: Path = ROOT, only: str | None = None) -> list[Path]:
    """重新生成登记的文件，写到 ``root`` 下；``only`` 为路径中包含的子串时只生成匹配的。"""
    written = []
    for entry in sorted(load_all().values(), key=lambda e: e.path):
        if only and only not in entry.path:
            continue
        target = root / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(entry))
        written.append(target)
    return written


def stale_files(fresh_root: Path, only: str | None = None) -> list[str]:
    """把 ``fresh_root`` 下新生成的文件与仓库里提交的比较，返回问题列表（空表示一致）。

    ``only`` 与 :func:`regenerate` 相同：只比较路径中包含这个子串的文件（此时不检查多余的文件）。
    """
    problems = []
    for entry in sorted(load_all().values(), key=lambda e: e.path):
        if only and only not in entry.path:
            continue
        committed, fresh = ROOT / entry.path, fresh_root / entry.path
        if not committed.exists():
            problems.append(f"{entry.path}：仓库里没有这个文件（由 {entry.source} 生成）")
        elif committed.read_bytes() != fresh.read_bytes():
            problems.append(f"{entry.path}：与代码现在生成的不一致（由 {entry.source} 生成）")
    if not only:
        problems += [
            f"{path}：没有任何代码生成它（请用 @figure / @output 登记，或删除）" for path in unregistered_files()
        ]
    return problems


def unregistered_files() -> list[str]:
    """生成文件的位置里没有登记、也就没有代码生成的文件（手画的图、删了代码或源文件留下的旧文件）。"""
    load_all()
    return [
        path.relative_to(ROOT).as_posix()
        for folder, pattern in ((FIGS_DIR, "*"), (OUTPUTS_DIR, "*"), (NOTEBOOKS_DIR, "*.ipynb"))
        for path in sorted((ROOT / folder).glob(pattern))
        if path.is_file() and path.relative_to(ROOT).as_posix() not in REGISTRY and path.name != ".gitkeep"
    ]
