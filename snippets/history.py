"""计算机视觉发展简史：top-5 错误率的定义、ILSVRC 历年冠军、里程碑时间线。

页面：docs/cv/history.md；数据：snippets/facts/ilsvrc.py、snippets/facts/milestones.py；
测试：tests/test_history.py。
"""

import torch

from snippets.facts.ilsvrc import ENTRIES, HUMAN_TOP5_ERROR
from snippets.facts.milestones import ERAS, LECTURE_DATE, MILESTONES
from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:topk]
def topk_error(scores, labels, k=5):
    """top-k 错误率：真实类别不在得分最高的 k 个类别里的图片所占的比例。

    scores: 形状 (N, C)，每张图对 C 个类别的得分；labels: 形状 (N,)，真实类别的编号。
    """
    topk = scores.topk(k, dim=1).indices  # (N, k)：每张图得分最高的 k 个类别
    hit = (topk == labels[:, None]).any(dim=1)  # 真实类别在不在这 k 个里面
    return 1.0 - hit.float().mean().item()


# --8<-- [end:topk]


@output("history_topk.txt")
def topk_demo():
    # --8<-- [start:topk-demo]
    g = torch.Generator().manual_seed(0)
    n_images, n_classes = 20_000, 1000  # 1000 类，和 ILSVRC 一样
    labels = torch.randint(n_classes, (n_images,), generator=g)

    guess = torch.randn(n_images, n_classes, generator=g)  # 完全随机地打分
    top1, top5 = topk_error(guess, labels, k=1), topk_error(guess, labels, k=5)
    print(f"随机打分：top-1 错误率 {top1:.1%}，top-5 错误率 {top5:.1%}")
    print(f"  理论值：top-1 为 1 - 1/1000 = {1 - 1 / n_classes:.1%}，top-5 为 1 - 5/1000 = {1 - 5 / n_classes:.1%}")

    # 一个“有点本事”的模型：真实类别的得分平均高出 3.5，但仍有噪声
    better = guess.clone()
    better[torch.arange(n_images), labels] += 3.5
    top1, top5 = topk_error(better, labels, k=1), topk_error(better, labels, k=5)
    print(f"真实类别加 3.5 分：top-1 错误率 {top1:.1%}，top-5 错误率 {top5:.1%}")
    # --8<-- [end:topk-demo]


# --8<-- [start:winners]
def winners(entries=ENTRIES):
    """每年取“只用比赛训练数据”的成绩里 top-5 错误率最低的一条，按年份排好。"""
    best = {}
    for e in entries:
        if e.extra_data:  # 用了额外数据的成绩不和别人比
            continue
        if e.year not in best or e.top5_error < best[e.year].top5_error:
            best[e.year] = e
    return [best[year] for year in sorted(best)]


# --8<-- [end:winners]


@output("history_winners.txt")
def winners_table():
    # --8<-- [start:winners-table]
    previous = None
    for e in winners():
        depth = f"{e.depth:>3} 层" if e.depth else "     -"
        line = f"{e.year}  {e.team:<15}{e.label:<15}{depth}  {e.top5_error:>5g}%"
        if previous is not None:
            drop = previous.top5_error - e.top5_error
            line += f"  比上一年低 {drop:.1f} 个百分点（相对 {drop / previous.top5_error:.0%}）"
        print(line)
        previous = e
    print(f"一名受过训练的标注者：{HUMAN_TOP5_ERROR}%")
    # --8<-- [end:winners-table]


# 图里“手工特征”和“深度网络”两类用颜色加花纹区分，标记用形状区分。
# 每年占横轴上宽 1 的一格：冠军的柱子在格子左边，第二名和用额外数据的成绩画在同一格的右边，不越过格子中线以外太远。
BAR_OFFSET, BAR_WIDTH = -0.12, 0.46  # 柱子中心相对年份刻度的偏移、柱宽
MARK_OFFSET = 0.24  # 点（第二名、额外数据）相对年份刻度的偏移
HANDCRAFTED_STYLE = dict(facecolor=COLORS["orange"], hatch="//", edgecolor="black")
DEEP_STYLE = dict(facecolor=COLORS["blue"], edgecolor="black")


def _tick_label(e):
    """横轴标签：年份、名字（太长就在连字符处换行）、层数。"""
    name = e.label.replace("-", "-\n") if len(e.label) > 10 else e.label
    return f"{e.year}\n{name}" + (f"\n{e.depth} 层" if e.depth else "")


@figure("history_ilsvrc.svg")
def draw_ilsvrc():
    """ILSVRC 分类任务历年冠军的 top-5 错误率（柱），同一年的第二名与用额外数据的成绩（点），人的水平（虚线）。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    best = winners()
    years = [e.year for e in best]
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    for e in best:
        style = DEEP_STYLE if e.deep else HANDCRAFTED_STYLE
        ax.bar(e.year + BAR_OFFSET, e.top5_error, width=BAR_WIDTH, linewidth=0.8, **style)
        ax.text(e.year + BAR_OFFSET, e.top5_error + 0.5, f"{e.top5_error:g}%", ha="center", va="bottom", fontsize=9)

    others = [e for e in ENTRIES if e not in best]
    runner_up = [e for e in others if not e.extra_data]
    extra = [e for e in others if e.extra_data]
    ax.scatter(
        [e.year + MARK_OFFSET for e in runner_up],
        [e.top5_error for e in runner_up],
        marker="D",
        s=40,
        color="white",
        edgecolor="black",
        zorder=3,
    )
    for e in runner_up:
        depth = f"，{e.depth} 层" if e.depth else ""
        ax.annotate(
            f"第二名 {e.label}{depth}\n{e.top5_error:g}%",
            (e.year + MARK_OFFSET, e.top5_error),
            xytext=(5, 5),
            textcoords="offset points",
            fontsize=9,
            va="bottom",
        )
    ax.scatter(
        [e.year + MARK_OFFSET for e in extra],
        [e.top5_error for e in extra],
        marker="x",
        s=40,
        color=COLORS["red"],
        zorder=3,
    )

    # 人的水平：一名受过训练的标注者
    ax.axhline(HUMAN_TOP5_ERROR, color=COLORS["green"], linestyle="--", linewidth=1.5)

    # 2012 年的断崖
    before, after = best[years.index(2011)], best[years.index(2012)]
    ax.annotate(
        "",
        xy=(2012 + BAR_OFFSET, after.top5_error + 2.6),
        xytext=(2011 + BAR_OFFSET + 0.2, before.top5_error + 2.6),
        arrowprops=dict(arrowstyle="->", color=COLORS["red"], linewidth=1.8, connectionstyle="arc3,rad=-0.25"),
    )
    ax.text(
        2012.45,
        22.5,
        f"2012：卷积网络登场\n一年降了 {before.top5_error - after.top5_error:.1f} 个百分点",
        fontsize=10,
        color=COLORS["red"],
        va="center",
    )

    ax.set_xticks(years, [_tick_label(e) for e in best], fontsize=9)
    ax.set(ylabel="top-5 错误率（%）", ylim=(0, 32), xlim=(2009.5, 2017.6))
    ax.set_title("ILSVRC 图像分类：历年冠军的 top-5 错误率")
    handles = [
        Patch(label="手工特征 + 浅层分类器", **HANDCRAFTED_STYLE),
        Patch(label="深度卷积网络", **DEEP_STYLE),
        plt.Line2D([], [], marker="D", color="white", markeredgecolor="black", linestyle="", label="第二名"),
        plt.Line2D([], [], marker="x", color=COLORS["red"], linestyle="", label="冠军用额外数据的成绩"),
        plt.Line2D(
            [], [], color=COLORS["green"], linestyle="--", label=f"人（一名受过训练的标注者）{HUMAN_TOP5_ERROR}%"
        ),
    ]
    ax.legend(handles=handles, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


ERA_STYLE = {  # 每个时代：颜色 + 标记形状
    "early": (COLORS["gray"], "s"),
    "statistical": (COLORS["orange"], "^"),
    "deep": (COLORS["blue"], "o"),
    "foundation": (COLORS["purple"], "D"),
}


def timeline_rows(milestones=MILESTONES):
    """把里程碑按（时代, 年份）分组成时间线的行：[(era_key, year, [labels...]), ...]，按时代、年份排序。"""
    order = {era.key: i for i, era in enumerate(ERAS)}
    rows = {}
    for m in milestones:
        rows.setdefault((order[m.era], m.year, m.era), []).append(m)
    return [(era, year, ms) for (_, year, era), ms in sorted(rows.items())]


@figure("history_timeline.svg")
def draw_timeline():
    """竖排的时间线：每个时代一段，段里每个有里程碑的年份一行；纵向不按时间比例。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    rows = timeline_rows()
    n_lines = len(rows) + len(ERAS)  # 每个时代多一行标题
    fig, ax = plt.subplots(figsize=(5.4, 0.27 * n_lines + 0.3))
    ax.set(xlim=(0, 10), ylim=(n_lines - 0.4, -0.6))
    ax.axis("off")
    x_year, x_axis, x_text = 0.95, 1.25, 1.55

    y = 0
    for era in ERAS:
        color, marker = ERA_STYLE[era.key]
        era_rows = [r for r in rows if r[0] == era.key]
        top, bottom = y - 0.45, y + len(era_rows) + 0.45
        ax.add_patch(Rectangle((0, top), 10, bottom - top, color=color, alpha=0.12, linewidth=0))
        ax.text(0.08, y, f"{era.name}（{era.span}）", fontsize=11, va="center")
        y += 1
        ax.plot([x_axis, x_axis], [y, y + len(era_rows) - 1], color=color, linewidth=1.5, zorder=0)
        for _, year, ms in era_rows:
            later = all(m.after_lecture for m in ms)
            if later:  # 在课之后的里程碑上方画一条“本次课”的分界线
                ax.axhline(y - 0.5, xmin=0.1, color=COLORS["red"], linestyle=":", linewidth=1.2)
                ax.text(
                    9.9, y - 0.5, f"本次课 {LECTURE_DATE}", ha="right", va="bottom", fontsize=9, color=COLORS["red"]
                )
            ax.text(x_year, y, str(year), ha="right", va="center", fontsize=10)
            ax.plot(
                x_axis,
                y,
                marker=marker,
                markersize=7,
                color="white" if later else color,
                markeredgecolor="black" if not later else color,
                markeredgewidth=1.2,
            )
            ax.text(
                x_text,
                y,
                "、".join(m.label for m in ms),
                va="center",
                fontsize=10,
                color=COLORS["gray"] if later else "black",
                style="italic" if later else "normal",
            )
            y += 1
    fig.tight_layout()
    return fig
