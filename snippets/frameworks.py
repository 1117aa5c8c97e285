"""深度学习框架与部署：动态图与自动求导、用 torch.export 导出再加载、框架时间线、MMDeploy 支持表；
以及“计算机视觉的应用”一页的自动驾驶流程图（名字以 frameworks_apps_ 开头）。

页面：docs/openmmlab/frameworks.md、docs/cv/applications.md；测试：tests/test_frameworks.py。
"""

import io

import torch
from torch import nn

from snippets.facts.frameworks import BACKENDS, DEVICE_MATRIX, FRAMEWORKS, OS_ABBR, SLIDE_BACKENDS, SLIDE_TIMELINE
from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:dynamic]
def branchy(x):
    """普通的 Python 函数：走哪条分支，要等看到 x 的值才知道。"""
    if x.sum() > 0:
        return (x**2).sum()  # 对 x 求导：2x
    return (3 * x).sum()  # 对 x 求导：3


# --8<-- [end:dynamic]


@output("frameworks_dynamic.txt")
def dynamic_demo():
    # --8<-- [start:dynamic-demo]
    for values in ([1.0, 2.0], [-1.0, -2.0]):
        x = torch.tensor(values, requires_grad=True)  # requires_grad：记录对 x 做过的运算
        y = branchy(x)  # 边算边建图：这次真正走过的那条分支才进图
        y.backward()  # 自动求导：沿着刚建好的图反向传播
        print(f"x = {values}，y = {y.item():g}，dy/dx = {x.grad.tolist()}")
    # --8<-- [end:dynamic-demo]


# --8<-- [start:tiny-model]
class TinyNet(nn.Module):
    """一个很小的图像分类网络：卷积 → ReLU → 全局平均池化 → 全连接，输入 3×16×16，输出 2 类的得分。"""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        x = torch.relu(self.conv(x))  # (N, 3, 16, 16) → (N, 8, 16, 16)
        x = x.mean(dim=(2, 3))  # 全局平均池化 → (N, 8)
        return self.fc(x)  # → (N, 2)


# --8<-- [end:tiny-model]


# --8<-- [start:export]
def export_and_reload(model, example):
    """把模型导出成一张静态计算图，存成字节，再读回来：模拟“训练机上导出、部署机上加载”。"""
    batch = torch.export.Dim("batch")  # 声明第 0 维（批大小）可以变，其余维度按示例输入固定
    program = torch.export.export(model, (example,), dynamic_shapes={"x": {0: batch}})
    buffer = io.BytesIO()  # 实际部署时写进一个 .pt2 文件
    torch.export.save(program, buffer)
    buffer.seek(0)
    return torch.export.load(buffer)


# --8<-- [end:export]


def graph_ops(program):
    """导出的计算图里依次调用的算子（ATen 算子名）。"""
    return [str(node.target) for node in program.graph.nodes if node.op == "call_function"]


@output("frameworks_export.txt")
def export_demo():
    # --8<-- [start:export-demo]
    torch.manual_seed(0)  # 固定权重的随机初始化
    model = TinyNet().eval()  # eval()：推理模式
    g = torch.Generator().manual_seed(0)
    loaded = export_and_reload(model, torch.randn(2, 3, 16, 16, generator=g))
    print("计算图里的算子：", " → ".join(graph_ops(loaded)))
    print("随图保存的参数：", ", ".join(loaded.state_dict))

    deployed = loaded.module()  # 读回来的图，可以像普通模型一样调用
    for n in (1, 5):
        x = torch.randn(n, 3, 16, 16, generator=g)
        with torch.no_grad():
            same = torch.equal(model(x), deployed(x))  # 逐个元素比较，要求完全相等
        print(f"批大小 {n}：输出形状 {tuple(deployed(x).shape)}，与原模型的输出完全相同：{same}")
    try:
        deployed(torch.randn(1, 3, 32, 32, generator=g))
    except AssertionError as error:  # 导出时固定了 16×16，换尺寸会被拒绝
        print(f"换成 32×32 的输入：被拒绝（{error}）")
    # --8<-- [end:export-demo]


@output("frameworks_slide_check.txt")
def slide_check_demo():
    """把课件上的框架时间线与 snippets/facts/frameworks.py 里查证过的年份逐一对照。"""
    checked = {f.name: f for f in FRAMEWORKS}
    for name, slide_year in SLIDE_TIMELINE.items():
        fact = checked[name]
        verdict = "一致" if fact.year == slide_year else "不一致"
        print(f"{name}：课件 {slide_year}，查证 {fact.year}，{verdict}。{fact.note}")


# ---------------------------------------------------------------- 图
KIND_STYLE = {  # 类别 → (图例文字, 颜色, 标记形状)
    "framework": ("深度学习框架", COLORS["blue"], "o"),
    "toolbox": ("建立在 PyTorch 之上的工具箱", COLORS["orange"], "s"),
    "event": ("大事件", COLORS["gray"], "D"),
}


@figure("frameworks_timeline.svg")
def draw_timeline():
    """框架时间线：每行一个年份（只列有条目的年份），每个框写名字和开发机构。"""
    import matplotlib.pyplot as plt

    years = sorted({f.year for f in FRAMEWORKS})
    row_h, slot_w, x0 = 0.62, 1.78, 0.95  # 行高、每个条目占的宽度、第一个条目的位置（单位：英寸）
    width, height = 8.7, row_h * len(years) + 0.75
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, width), ylim=(height, 0))  # 数据坐标就是英寸，y 轴朝下
    ax.axis("off")

    ax.plot([0.55, 0.55], [0.45, 0.45 + row_h * (len(years) - 1)], color="black", lw=1.2, zorder=1)
    for i, year in enumerate(years):
        y = 0.45 + row_h * i
        ax.plot(0.55, y, "o", color="black", ms=5, zorder=2)
        ax.text(0.45, y, str(year), ha="right", va="center", fontsize=11)
        for j, item in enumerate(f for f in FRAMEWORKS if f.year == year):
            _, color, marker = KIND_STYLE[item.kind]
            x = x0 + slot_w * j
            ax.plot(x + 0.1, y, marker, color=color, ms=8, mec="black", mew=0.6, zorder=3)
            ax.text(x + 0.25, y - 0.11, item.name, ha="left", va="center", fontsize=10.5)
            ax.text(x + 0.25, y + 0.13, item.org, ha="left", va="center", fontsize=10, color="#444444")
        if i + 1 < len(years) and years[i + 1] - year > 1:  # 中间有空着的年份：画一段虚线提示
            ax.plot([0.55, 0.55], [y + 0.12, y + row_h - 0.12], color="white", lw=2.5, zorder=1)
            ax.plot([0.55, 0.55], [y + 0.12, y + row_h - 0.12], color="black", lw=1.2, ls=":", zorder=1)

    handles = [
        plt.Line2D([], [], ls="", marker=m, color=c, mec="black", mew=0.6, ms=8, label=label)
        for label, c, m in KIND_STYLE.values()
    ]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(0.995, 0.005), fontsize=10, frameon=True)
    ax.text(0.1, height - 0.2, "虚线：中间的年份没有条目", fontsize=10, color="#444444", va="center")
    return fig


@figure("frameworks_mmdeploy_matrix.svg")
def draw_deploy_matrix():
    """MMDeploy 1.x 的“设备 × 推理后端”支持表：有格子的地方表示支持，格中字母是操作系统。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    names = [b.name for b in BACKENDS]
    fig, ax = plt.subplots(figsize=(8.6, 6.2))
    for j, name in enumerate(names):  # 课件上出现过的后端：整列淡黄色底
        if name in SLIDE_BACKENDS:
            ax.add_patch(Rectangle((j - 0.5, -0.5), 1, len(DEVICE_MATRIX), color=COLORS["yellow"], alpha=0.25, lw=0))
    for i, row in enumerate(DEVICE_MATRIX):
        for j, name in enumerate(names):
            systems = row.support.get(name)
            if systems:
                ax.add_patch(Rectangle((j - 0.42, i - 0.4), 0.84, 0.8, color=COLORS["blue"], zorder=2))
                label = " ".join(OS_ABBR[s] for s in systems)
                ax.text(j, i, label, ha="center", va="center", color="white", fontsize=10, zorder=3)
            else:
                ax.plot(j, i, ".", color="#BBBBBB", ms=4, zorder=2)
    ax.set(xlim=(-0.5, len(names) - 0.5), ylim=(len(DEVICE_MATRIX) - 0.5, -0.5))
    ax.set_yticks(range(len(DEVICE_MATRIX)), [r.device_zh for r in DEVICE_MATRIX], fontsize=10.5)
    ax.set_xticks(range(len(names)), [f"{b.name}（{b.vendor}）" for b in BACKENDS], fontsize=10.5)
    ax.xaxis.tick_top()
    plt.setp(ax.get_xticklabels(), rotation=40, ha="left", rotation_mode="anchor")
    for label in ax.get_xticklabels():
        if label.get_text().split("（")[0] in SLIDE_BACKENDS:
            label.set_color(COLORS["red"])  # 课件上出现的后端用红色标出（思源黑体只有常规字重，不能加粗）
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(
        "格中字母是操作系统：L = Linux，W = Windows，M = macOS，A = Android\n红字、淡黄底的列：课件上出现过的后端",
        fontsize=10,
        labelpad=8,
    )
    fig.tight_layout()
    return fig


# 自动驾驶的模块化流程：每一级的名字、里面的内容，以及上方的括号把它归入哪一段
DRIVING_STAGES = [
    ("传感器", ["摄像头", "激光雷达", "毫米波雷达", "GNSS / IMU"], "输入"),
    ("感知", ["2D / 3D 目标检测", "语义分割", "目标跟踪", "车道线检测"], "计算机视觉"),
    ("环境模型", ["物体位置与速度", "物体类别", "可行驶区域", "自车定位"], "多传感器融合"),
    ("规划", ["路线规划", "行为决策", "轨迹规划"], "决策与执行"),
    ("控制", ["方向盘", "油门", "刹车"], "决策与执行"),
]
DRIVING_BOX_W = 1.62  # 每个方框的宽度（英寸）；测试检查最长的一行字放得进去


@figure("frameworks_apps_driving.svg")
def draw_driving_pipeline():
    """自动驾驶的模块化流程：传感器 → 感知 → 环境模型 → 规划 → 控制；视觉负责感知这一段。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    box_w, gap, top, box_h, margin = DRIVING_BOX_W, 0.26, 0.62, 1.95, 0.1
    width = 2 * margin + len(DRIVING_STAGES) * box_w + (len(DRIVING_STAGES) - 1) * gap
    height = top + box_h + 0.08
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, width), ylim=(height, 0))  # 数据坐标就是英寸，y 轴朝下
    ax.axis("off")
    colors = [COLORS["gray"], COLORS["blue"], COLORS["sky"], COLORS["orange"], COLORS["red"]]
    for k, ((title, items, _), color) in enumerate(zip(DRIVING_STAGES, colors)):
        x = margin + k * (box_w + gap)
        ax.add_patch(
            FancyBboxPatch(
                (x, top), box_w, box_h, boxstyle="round,pad=0.02,rounding_size=0.08", fc="white", ec=color, lw=2
            )
        )
        ax.add_patch(FancyBboxPatch((x, top), box_w, 0.4, boxstyle="round,pad=0.02,rounding_size=0.08", fc=color))
        ax.text(x + box_w / 2, top + 0.2, title, ha="center", va="center", color="white", fontsize=12)
        for n, item in enumerate(items):
            ax.text(x + 0.1, top + 0.64 + 0.34 * n, item, ha="left", va="center", fontsize=10)
        if k + 1 < len(DRIVING_STAGES):
            ax.annotate(
                "",
                xy=(x + box_w + gap - 0.02, top + box_h / 2),
                xytext=(x + box_w + 0.02, top + box_h / 2),
                arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5, mutation_scale=14),
            )
    # 上方的括号：相邻、同一段的方框共用一个括号
    group_color = {"输入": COLORS["gray"], "计算机视觉": COLORS["blue"], "多传感器融合": COLORS["sky"]}
    groups = []
    for k, (_, _, group) in enumerate(DRIVING_STAGES):
        if groups and groups[-1][0] == group:
            groups[-1][1].append(k)
        else:
            groups.append((group, [k]))
    for label, stages in groups:
        left = margin + stages[0] * (box_w + gap)
        right = margin + stages[-1] * (box_w + gap) + box_w
        color = group_color.get(label, COLORS["orange"])
        ax.plot([left, left, right, right], [0.5, 0.38, 0.38, 0.5], color=color, lw=1.5)
        ax.text((left + right) / 2, 0.19, label, ha="center", va="center", fontsize=10.5)
    return fig
