"""六种视觉任务：在同一张合成图上，从物体的掩码推出分类、定位、检测、语义分割、实例分割和关键点的标注。

页面：docs/cv/tasks.md；测试：tests/test_cv_tasks.py。
"""

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from snippets.generated import figure, output
from snippets.plotting import COLORS

# --8<-- [start:shapes]
H, W = 120, 160  # 图像的高和宽（像素）
ROWS, COLS = np.mgrid[0:H, 0:W]  # 每个像素的行号 y 和列号 x


def ellipse(cx, cy, rx, ry):
    """椭圆内部的像素为 True（rx == ry 时就是圆）。"""
    return ((COLS - cx) / rx) ** 2 + ((ROWS - cy) / ry) ** 2 <= 1


def polygon(*points):
    """凸多边形内部的像素为 True；顶点 (x, y) 按顺时针给出（y 轴朝下）。"""
    inside = np.ones((H, W), dtype=bool)
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        # 叉积 >= 0：像素在这条边的右侧（内侧）
        inside &= (x1 - x0) * (ROWS - y0) - (y1 - y0) * (COLS - x0) >= 0
    return inside


def rect(x0, y0, x1, y1):
    """长方形：左上角 (x0, y0)，右下角 (x1, y1)。"""
    return polygon((x0, y0), (x1, y0), (x1, y1), (x0, y1))


# --8<-- [end:shapes]


# --8<-- [start:objects]
@dataclass
class Obj:
    """场景里的一个物体：类别、形状（二值掩码）和几个关键点 (x, y)。"""

    label: str
    shape: np.ndarray
    keypoints: dict[str, tuple[int, int]]


def cat(x, y, s, facing=1):
    """一只由几何图形拼成的"猫"：椭圆身体、圆头、两只三角耳朵、细长尾巴。
    (x, y) 是身体中心，s 是大小，facing=1 头朝右，-1 头朝左。"""
    hx, hy, r = x + facing * 0.9 * s, y - 0.55 * s, 0.42 * s  # 头的圆心和半径
    shape = ellipse(x, y, s, 0.55 * s) | ellipse(hx, hy, r, r)  # 身体和头
    for ex in (hx - 0.45 * r, hx + 0.45 * r):  # 两只三角形耳朵，ex 是耳尖的 x
        base, tip = hy - 0.6 * r, hy - 1.6 * r  # 耳根和耳尖的 y
        shape |= polygon((ex - 0.4 * r, base), (ex, tip), (ex + 0.4 * r, base))
    tail_x, tail_y = x - facing * 1.3 * s, y - 0.25 * s
    shape |= ellipse(tail_x, tail_y, 0.45 * s, 0.12 * s)  # 尾巴
    keypoints = {
        "左耳": (round(hx - 0.45 * r), round(hy - 1.3 * r)),
        "右耳": (round(hx + 0.45 * r), round(hy - 1.3 * r)),
        "鼻子": (round(hx + facing * 0.75 * r), round(hy + 0.2 * r)),
        "尾巴": (round(tail_x - facing * 0.3 * s), round(tail_y)),
    }
    return Obj("cat", shape, keypoints)


def car(x, y, s):
    """一辆"汽车"：长方形车身、梯形车厢、两个圆形车轮。(x, y) 是车身中心。"""
    shape = rect(x - s, y - 0.25 * s, x + s, y + 0.25 * s)  # 车身
    top = y - 0.7 * s  # 车厢是梯形：上边在 top，下边在 y
    shape |= polygon((x - 0.55 * s, top), (x + 0.3 * s, top), (x + 0.6 * s, y), (x - 0.75 * s, y))
    wheels = [(x - 0.55 * s, y + 0.3 * s), (x + 0.55 * s, y + 0.3 * s)]
    for wx, wy in wheels:
        shape |= ellipse(wx, wy, 0.25 * s, 0.25 * s)
    keypoints = {
        "后轮": (round(wheels[0][0]), round(wheels[0][1])),
        "前轮": (round(wheels[1][0]), round(wheels[1][1])),
        "车顶": (round(x - 0.12 * s), round(y - 0.6 * s)),
        "车灯": (round(x + 0.9 * s), round(y - 0.1 * s)),
    }
    return Obj("car", shape, keypoints)


def make_scene():
    """按从后到前的顺序摆放物体；后画的挡住先画的。
    返回每个物体，以及它的可见掩码（没有被挡住的那部分像素）。"""
    objects = [cat(x=60, y=76, s=27), cat(x=38, y=95, s=13), car(x=126, y=88, s=26)]
    masks, covered = [], np.zeros((H, W), dtype=bool)
    for obj in reversed(objects):  # 从最前面的物体开始：它的像素全部可见
        masks.append(obj.shape & ~covered)
        covered |= obj.shape
    return objects, masks[::-1]


# --8<-- [end:objects]


# --8<-- [start:annotations]
CLASSES = ["background", "cat", "car"]  # 类别编号：0 是背景


def bbox(mask):
    """掩码的外接矩形（bounding box），格式 (x, y, w, h)：左上角坐标和宽高。"""
    ys, xs = np.nonzero(mask)  # 物体所有像素的行号、列号
    x0, y0, x1, y1 = xs.min(), ys.min(), xs.max(), ys.max()
    return int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1)


def classification(objects, masks):
    """分类：整张图一个类别。这里约定：面积最大的物体就是图的"主体"。"""
    return objects[int(np.argmax([m.sum() for m in masks]))].label


def localization(objects, masks):
    """定位：类别 + 一个框。它假定图中只有一个（主体）物体，其余物体被忽略。"""
    main = int(np.argmax([m.sum() for m in masks]))
    return objects[main].label, bbox(masks[main])


def detection(objects, masks):
    """检测：每个物体一个 (类别, 框)，个数不固定。"""
    return [(obj.label, bbox(mask)) for obj, mask in zip(objects, masks)]


def semantic_map(objects, masks):
    """语义分割：H×W 的类别图，每个像素一个类别编号，不区分同类的不同个体。"""
    seg = np.zeros((H, W), dtype=np.int64)
    for obj, mask in zip(objects, masks):
        seg[mask] = CLASSES.index(obj.label)
    return seg


def instance_map(masks):
    """实例分割：H×W 的实例图，每个物体一个编号 1, 2, 3…（0 是背景）。
    每个编号的类别由对应物体的 label 给出。"""
    ids = np.zeros((H, W), dtype=np.int64)
    for i, mask in enumerate(masks, start=1):
        ids[mask] = i
    return ids


def keypoint_labels(objects):
    """关键点检测：每个物体 K 个点 (x, y)，点的名字和顺序由类别事先约定。"""
    return [(obj.label, obj.keypoints) for obj in objects]


# --8<-- [end:annotations]


@output("cv_tasks_labels.txt")
def demo():
    # --8<-- [start:demo]
    objects, masks = make_scene()
    print(f"图像大小 H×W = {H}×{W}，共 {H * W} 个像素；物体 {len(objects)} 个")
    print(f"1. 分类：{classification(objects, masks)}")
    label, box = localization(objects, masks)
    print(f"2. 定位：{label}，框 (x, y, w, h) = {box}")
    print("3. 检测：")
    for i, (label, box) in enumerate(detection(objects, masks), start=1):
        print(f"   #{i} {label}，框 {box}")
    seg = semantic_map(objects, masks)
    counts = [f"{c} {(seg == i).sum()}" for i, c in enumerate(CLASSES)]
    print(f"4. 语义分割：{seg.shape} 的类别图，各类像素数：{'，'.join(counts)}")
    ids = instance_map(masks)
    sizes = [f"#{i} {o.label} {(ids == i).sum()}" for i, o in enumerate(objects, 1)]
    print(f"5. 实例分割：{ids.shape} 的实例图，各实例像素数：{'，'.join(sizes)}")
    print("6. 关键点 (x, y)：")
    for i, (label, points) in enumerate(keypoint_labels(objects), start=1):
        print(f"   #{i} {label}：" + "，".join(f"{k} {xy}" for k, xy in points.items()))
    # --8<-- [end:demo]


# --8<-- [start:heads]
NUM_CLASSES, NUM_KEYPOINTS = 2, 4  # 类别：猫、车；每个物体 4 个关键点


class TinyBackbone(nn.Module):
    """骨干网络（backbone）：两层步长为 2 的卷积，
    把 3×H×W 的图变成 32×(H/4)×(W/4) 的特征图。"""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.layers(x)


def pooled_linear(out_features):
    """全局平均池化 + 全连接：整张特征图 → 一个长度为 out_features 的向量。"""
    pool = nn.AdaptiveAvgPool2d(1)
    return nn.Sequential(pool, nn.Flatten(), nn.Linear(32, out_features))


def per_pixel(out_channels):
    """1×1 卷积 + 放大 4 倍：特征图每个位置 → 原图每个像素各 out_channels 个数。"""
    conv = nn.Conv2d(32, out_channels, kernel_size=1)
    return nn.Sequential(conv, nn.Upsample(scale_factor=4))


K, P = NUM_CLASSES, NUM_KEYPOINTS
HEADS = {  # 同一个 backbone，换不同的任务头（head）
    "分类": pooled_linear(K),  # 每个类别一个分数
    "定位": pooled_linear(K + 4),  # 类别分数 + 一个框 (x, y, w, h)
    "检测": nn.Conv2d(32, K + 4, kernel_size=1),  # 特征图每个位置一个候选框
    "语义分割": per_pixel(K + 1),  # 每个像素 K + 1 个类别分数（含背景）
    "关键点": per_pixel(P),  # 每个关键点一张热力图
}
# --8<-- [end:heads]


@output("cv_tasks_heads.txt")
def heads_demo():
    # --8<-- [start:heads-demo]
    torch.manual_seed(0)
    image = torch.rand(1, 3, H, W)  # 批大小 1，3×120×160；网络没训练，只看形状
    features = TinyBackbone()(image)
    print(f"输入 {tuple(image.shape)} → backbone 特征 {tuple(features.shape)}")
    for task, head in HEADS.items():
        print(f"  {task} head 输出 {tuple(head(features).shape)}")
    # --8<-- [end:heads-demo]


# ---------------------------------------------------------------- 画图

ZH = {"cat": "猫", "car": "汽车"}
CLASS_COLORS = {"cat": COLORS["orange"], "car": COLORS["blue"]}
INSTANCE_COLORS = [COLORS["sky"], COLORS["purple"], COLORS["green"]]
CLASS_MARKERS = {"cat": "o", "car": "s"}
SKELETON = {"cat": [("左耳", "鼻子"), ("右耳", "鼻子"), ("鼻子", "尾巴")], "car": [("后轮", "前轮"), ("车顶", "车灯")]}


def _hex_rgb(color):
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def render_image(objects, masks):
    """把场景画成一张 RGB "照片"：天空、草地，灰褐色的猫、红色的车（与标注用色区分开）。"""
    img = np.where((ROWS < 70)[..., None], _hex_rgb("#DCEBF5"), _hex_rgb("#D5E8C4"))
    fur = {"cat": ["#8C7A6B", "#5E5147"], "car": ["#B8322A"]}
    for i, (obj, mask) in enumerate(zip(objects, masks)):
        shades = fur[obj.label]
        img[mask] = _hex_rgb(shades[i % len(shades)])
    return img


def _paint(label_map, colors, background="#F2F2F2"):
    """把编号图（0 = 背景）按颜色表涂成 RGB。"""
    rgb = np.empty((H, W, 3))
    rgb[:] = _hex_rgb(background)
    for value, color in colors.items():
        rgb[label_map == value] = _hex_rgb(color)
    return rgb


def _draw_box(ax, box, color, text):
    import matplotlib.patches as patches

    x, y, w, h = box
    ax.add_patch(patches.Rectangle((x - 0.5, y - 0.5), w, h, fill=False, edgecolor=color, linewidth=2))
    ax.text(
        x - 0.5,
        y - 1.5,
        text,
        color="white",
        fontsize=10,
        va="bottom",
        ha="left",
        bbox={"facecolor": color, "edgecolor": "none", "pad": 1.5},
    )


def _center(mask):
    ys, xs = np.nonzero(mask)
    return xs.mean(), ys.mean()


@figure("cv_tasks_six.png")
def draw_six_tasks():
    """同一张合成图上的六种任务标注，全部由物体掩码推出。"""
    import matplotlib.pyplot as plt

    objects, masks = make_scene()
    image = render_image(objects, masks)
    fig, axes = plt.subplots(2, 3, figsize=(8.8, 5.0))
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])

    ax = axes[0, 0]
    ax.imshow(image, interpolation="nearest")
    ax.text(
        4,
        6,
        f"整张图：{ZH[classification(objects, masks)]}",
        fontsize=11,
        va="top",
        bbox={"facecolor": "white", "edgecolor": "black", "pad": 3},
    )
    ax.set_title("图像分类（classification）")

    ax = axes[0, 1]
    ax.imshow(image, interpolation="nearest")
    label, box = localization(objects, masks)
    _draw_box(ax, box, CLASS_COLORS[label], ZH[label])
    ax.set_title("定位（localization）")

    ax = axes[0, 2]
    ax.imshow(image, interpolation="nearest")
    for i, (label, box) in enumerate(detection(objects, masks), start=1):
        _draw_box(ax, box, CLASS_COLORS[label], f"{ZH[label]} #{i}")
    ax.set_title("目标检测（detection）")

    ax = axes[1, 0]
    seg = semantic_map(objects, masks)
    ax.imshow(_paint(seg, {CLASSES.index(c): CLASS_COLORS[c] for c in ZH}), interpolation="nearest")
    for c in ZH:
        ax.text(*_center(seg == CLASSES.index(c)), ZH[c], fontsize=11, ha="center", va="center", color="white")
    ax.set_title("语义分割（semantic seg.）")

    ax = axes[1, 1]
    ids = instance_map(masks)
    ax.imshow(_paint(ids, dict(enumerate(INSTANCE_COLORS, start=1))), interpolation="nearest")
    for i, obj in enumerate(objects, start=1):
        ax.text(*_center(ids == i), f"{ZH[obj.label]} #{i}", fontsize=10, ha="center", va="center", color="black")
    ax.set_title("实例分割（instance seg.）")

    ax = axes[1, 2]
    ax.imshow(0.45 * image + 0.55, interpolation="nearest")  # 图调淡，突出关键点
    for obj, color in zip(objects, INSTANCE_COLORS):  # 颜色同实例分割图，形状区分类别
        marker = CLASS_MARKERS[obj.label]
        for a, b in SKELETON[obj.label]:
            (xa, ya), (xb, yb) = obj.keypoints[a], obj.keypoints[b]
            ax.plot([xa, xb], [ya, yb], color=color, linewidth=2)
        xs, ys = zip(*obj.keypoints.values())
        ax.scatter(xs, ys, marker=marker, s=40, color=color, edgecolor="black", linewidth=0.8, zorder=3)
    ax.set_title("关键点检测（keypoints）")

    fig.tight_layout(h_pad=0.6, w_pad=0.4)
    return fig
