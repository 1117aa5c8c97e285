"""全站图表的统一样式：中文字体、配色、字号。"""

import contextlib
import importlib.resources
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import torch
from matplotlib import font_manager

matplotlib.use("Agg")  # 不需要显示器；notebook 里 %matplotlib inline 会另行设置

# 中文字体来自 PyPI 包 mplfonts 自带的思源黑体（Noto Sans CJK SC，SIL OFL 许可），
# 版本钉在 requirements.txt 里，因此任何机器上生成的图都逐字节相同，也不会出现方块字。
CJK_FONT_FILE = importlib.resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
CJK_FONT = "Noto Sans CJK SC"

# 色盲友好的 Okabe–Ito 配色，在浅色和深色页面背景上都看得清
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "red": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "gray": "#7F7F7F",
}

STYLE = {
    # 直接写字体名，而不是通用名 "sans-serif"：通用名要到保存时才解析，那时样式已经失效
    "font.family": [CJK_FONT, "DejaVu Sans"],
    "axes.unicode_minus": True,  # 刻度上的负号用真正的减号 U+2212（“−1”），两种字体都有这个字
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.prop_cycle": matplotlib.cycler(color=list(COLORS.values())),
    "axes.spines.top": False,
    "axes.spines.right": False,
    # 图的背景是白色：在深色模式下也是一张"白纸"，比透明背景上的黑字易读
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
}


def use_only_pinned_fonts() -> None:
    """只让 matplotlib 使用版本钉死的字体：它自带的 DejaVu 和 mplfonts 里的思源黑体。

    系统里装的字体因机器而异（例如 Debian 的 fonts-noto-cjk 带有粗体），
    一旦被选中，同一段代码在不同机器上画出的图就不再逐字节相同。
    """
    manager = font_manager.fontManager
    pinned_dir, cjk_file = Path(matplotlib.get_data_path()).resolve(), str(CJK_FONT_FILE)
    if cjk_file not in {f.fname for f in manager.ttflist}:
        manager.addfont(cjk_file)
    kept = [f for f in manager.ttflist if f.fname == cjk_file or Path(f.fname).resolve().is_relative_to(pinned_dir)]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        font_manager.FontManager._findfont_cached.cache_clear()
        font_manager._get_font.cache_clear()


@contextlib.contextmanager
def figure_style():
    """在本站的图表样式下运行一段画图代码。"""
    use_only_pinned_fonts()
    with plt.rc_context(STYLE):
        yield


def shade_regions(ax, score, xlim, ylim, steps=200, boundary=True):
    """画决策区域：在 xlim × ylim 上密密地取一格点，算出每个点的得分。

    ``score`` 输入 (N, 2) 的一批点，输出 N 个得分；得分大于 0 的区域涂蓝，其余涂橙。
    ``boundary`` 为真、而且两种颜色都出现时，再画出得分为 0 的分界线（决策边界）。
    """
    g1, g2 = torch.meshgrid(torch.linspace(*xlim, steps), torch.linspace(*ylim, steps), indexing="xy")
    with torch.no_grad():
        z = score(torch.stack([g1, g2], dim=-1).reshape(-1, 2)).reshape(g1.shape)
    ax.contourf(g1, g2, z, levels=[-1e9, 0, 1e9], colors=[COLORS["orange"], COLORS["blue"]], alpha=0.15)
    if boundary and z.min() <= 0 < z.max():
        ax.contour(g1, g2, z, levels=[0], colors="black", linewidths=1.5)
