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
    """场景里的一个物体：类别，以及组成它的各个部件（部件名 → 部件的掩码）。"""

    label: str
    parts: dict[str, np.ndarray]

    @property
    def shape(self):
        """整个物体的掩码：所有部件的并集。"""
        return np.logical_or.reduce(list(self.parts.values()))


def cat(x, y, s):
    """一只由几何图形拼成的"猫"，头朝右：椭圆身体、圆头、两只三角耳朵、细长尾巴。
    (x, y) 是身体中心，s 是大小。"""
    hx, hy, r = x + 0.9 * s, y - 0.55 * s, 0.42 * s  # 头的圆心和半径
    base, tip = hy - 0.6 * r, hy - 1.6 * r  # 耳根和耳尖的 y
    ear = [polygon((ex - 0.4 * r, base), (ex, tip), (ex + 0.4 * r, base)) for ex in (hx - 0.45 * r, hx + 0.45 * r)]
    return Obj(
        "cat",
        {
            "身体": ellipse(x, y, s, 0.55 * s),
            "头": ellipse(hx, hy, r, r),
            "左耳": ear[0],
            "右耳": ear[1],
            "尾巴": ellipse(x - 1.3 * s, y - 0.25 * s, 0.45 * s, 0.12 * s),
        },
    )


def car(x, y, s):
    """一辆"汽车"，车头朝右：长方形车身、梯形车厢、两个圆形车轮。(x, y) 是车身中心。"""
    top = y - 0.7 * s  # 车厢是梯形：上边在 top，下边在 y
    return Obj(
        "car",
        {
            "车身": rect(x - s, y - 0.25 * s, x + s, y + 0.25 * s),
            "车厢": polygon((x - 0.55 * s, top), (x + 0.3 * s, top), (x + 0.6 * s, y), (x - 0.75 * s, y)),
            "后轮": ellipse(x - 0.55 * s, y + 0.3 * s, 0.25 * s, 0.25 * s),
            "前轮": ellipse(x + 0.55 * s, y + 0.3 * s, 0.25 * s, 0.25 * s),
        },
    )


def place(objects):
    """objects 按从后到前的顺序给出，后放的挡住先放的。
    返回每个物体，以及它的可见掩码（没有被挡住的那部分像素）。"""
    masks, covered = [], np.zeros((H, W), dtype=bool)
    for obj in reversed(objects):  # 从最前面的物体开始：它的像素全部可见
        masks.append(obj.shape & ~covered)
        covered |= obj.shape
    return objects, masks[::-1]


def make_scene():
    """本页的场景：大猫、坐在它前面的小猫，和一辆车。"""
    return place([cat(x=60, y=76, s=27), cat(x=38, y=95, s=16), car(x=126, y=88, s=26)])


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


# 关键点的约定：每类 4 个点，名字和顺序事先定好；每个点取某个部件的掩码上最靠某一边的像素
KEYPOINTS = {
    "cat": {"左耳": ("左耳", "上"), "右耳": ("右耳", "上"), "鼻子": ("头", "前"), "尾巴": ("尾巴", "后")},
    "car": {"后轮": ("后轮", "中心"), "前轮": ("前轮", "中心"), "车顶": ("车厢", "上"), "车灯": ("车身", "前")},
}


def extreme_point(mask, side):
    """掩码上最靠上、前（右）、后（左）边的像素 (x, y)，几个像素并列时取居中的那个；或掩码的中心。"""
    ys, xs = np.nonzero(mask)
    if side == "中心":
        return round(float(xs.mean())), round(float(ys.mean()))
    key = {"上": -ys, "前": xs, "后": -xs}[side]
    edge = np.flatnonzero(key == key.max())  # 并列最靠边的像素
    i = edge[len(edge) // 2]
    return int(xs[i]), int(ys[i])


def keypoint_labels(objects):
    """关键点检测：每个物体 K 个点 (x, y)，由它的部件掩码按 KEYPOINTS 的约定算出。"""
    return [
        (obj.label, {name: extreme_point(obj.parts[part], side) for name, (part, side) in KEYPOINTS[obj.label].items()})
        for obj in objects
    ]


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
    """骨干网络（backbone）：两层步幅为 2 的卷积，
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
HEADS = {  # 同一个骨干网络，换不同的头部（head）
    "分类": pooled_linear(K),  # 每个类别一个分数
    "定位": pooled_linear(K + 4),  # 类别分数 + 一个框 (x, y, w, h)
    "检测": nn.Conv2d(32, K + 4, kernel_size=1),  # 特征图每个位置：K 个类别分数（各过 sigmoid）+ 一个框
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
    print(f"输入 {tuple(image.shape)} → 骨干网络输出的特征 {tuple(features.shape)}")
    for task, head in HEADS.items():
        print(f"  {task}头部输出 {tuple(head(features).shape)}")
    # --8<-- [end:heads-demo]


# --8<-- [start:heatmaps]
def heatmap(points, shape, sigma=2.5):
    """关键点热力图：在每个点上放一个峰值为 1 的高斯亮斑，几个亮斑取最大值叠在一起。"""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    return np.max([np.exp(-((cols - x) ** 2 + (rows - y) ** 2) / (2 * sigma**2)) for x, y in points], axis=0)


def peaks(hm, threshold=0.5):
    """热力图上的亮斑：不比周围 8 个像素暗、且不低于阈值的位置 (x, y)。"""
    padded = np.pad(hm, 1)
    shifts = [
        padded[1 + dy : 1 + dy + hm.shape[0], 1 + dx : 1 + dx + hm.shape[1]] for dy in (-1, 0, 1) for dx in (-1, 0, 1)
    ]
    ys, xs = np.nonzero((hm >= np.max(shifts, axis=0)) & (hm >= threshold))
    return [(int(x), int(y)) for x, y in zip(xs, ys)]


CROP_H, CROP_W = 24, 40  # 自顶向下：每个物体的框放宽一些裁出来，缩放成 24×40 的小图


def enlarge(box, factor=1.3):
    """以框的中心为准把框放大 factor 倍：耳尖这类关键点就在物体边上，四周留点余地。"""
    x, y, w, h = box
    return x - (factor - 1) * w / 2, y - (factor - 1) * h / 2, factor * w, factor * h


def to_crop(point, box):
    """原图上的点 (x, y) → 把框裁出来、缩放成小图后的坐标 (u, v)。"""
    (px, py), (x, y, w, h) = point, box
    return (px + 0.5 - x) * CROP_W / w - 0.5, (py + 0.5 - y) * CROP_H / h - 0.5


def from_crop(point, box):
    """小图上的 (u, v) → 原图上的 (x, y)：to_crop 倒过来。"""
    (u, v), (x, y, w, h) = point, box
    return x + (u + 0.5) * w / CROP_W - 0.5, y + (v + 0.5) * h / CROP_H - 0.5


# --8<-- [end:heatmaps]


@output("cv_tasks_heatmaps.txt")
def heatmaps_demo():
    # --8<-- [start:heatmaps-demo]
    objects, masks = make_scene()
    boxes = [box for label, box in detection(objects, masks) if label == "cat"]
    ears = [points["左耳"] for label, points in keypoint_labels(objects) if label == "cat"]
    whole = heatmap(ears, (H, W))  # 整张图一张“左耳”热力图
    print(f"两只猫的左耳：{ears}")
    print(f"整张图一张“左耳”热力图：{len(peaks(whole))} 个亮斑 {peaks(whole)}")
    for i, (box, ear) in enumerate(zip(boxes, ears), start=1):  # 自顶向下：每只猫一张小图
        crop_box = enlarge(box)
        small = heatmap([to_crop(ear, crop_box)], (CROP_H, CROP_W))  # 只标框里这只猫的左耳
        ((u, v),) = peaks(small)
        x, y = from_crop((u, v), crop_box)
        print(f"猫 #{i}：框 {box} → {CROP_H}×{CROP_W} 的小图上亮斑在 {(u, v)} → 原图 ({x:.1f}, {y:.1f})")
    # --8<-- [end:heatmaps-demo]


# ---------------------------------------------------------------- 画图

ZH = {"cat": "猫", "car": "汽车"}
CLASS_COLORS = {"cat": COLORS["orange"], "car": COLORS["blue"]}
INSTANCE_COLORS = [COLORS["sky"], COLORS["purple"], COLORS["green"]]
CLASS_MARKERS = {"cat": "o", "car": "s"}
SKELETON = {"cat": [("左耳", "鼻子"), ("右耳", "鼻子")], "car": [("后轮", "前轮"), ("车顶", "车灯")]}
SHORT_NAMES = {"鼻子": "鼻", "尾巴": "尾", "车顶": "顶", "车灯": "灯"}  # 图里写的简称；其余照写全名
KEYPOINT_LABEL_OFFSETS = {  # 关键点名字相对点的位置（像素），避开点和连线
    "左耳": (-7, -3),
    "右耳": (7, -3),
    "鼻子": (6, 0),
    "尾巴": (0, -6),
    "后轮": (0, 8),
    "前轮": (0, 8),
    "车顶": (0, -6),
    "车灯": (0, -6),
}


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
    """同一张合成图上的六种任务标注，全部由物体（及其部件）的掩码推出。"""
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
    for (label, points), color in zip(keypoint_labels(objects), INSTANCE_COLORS):  # 颜色同实例图，形状区分类别
        for a, b in SKELETON[label]:
            ax.plot(*zip(points[a], points[b]), color=color, linewidth=1.5)
        xs, ys = zip(*points.values())
        ax.scatter(xs, ys, marker=CLASS_MARKERS[label], s=22, color=color, edgecolor="black", linewidth=0.7, zorder=3)
        for name, (x, y) in points.items():
            dx, dy = KEYPOINT_LABEL_OFFSETS[name]
            ax.text(x + dx, y + dy, SHORT_NAMES.get(name, name), fontsize=7, ha="center", va="center", color="black")
    ax.set_title("关键点检测（keypoints）")

    fig.tight_layout(h_pad=0.6, w_pad=0.4)
    return fig


def _crop_image(image, box):
    """把框里的图按 from_crop 的对应关系取样成 CROP_H×CROP_W 的小图（最近邻；框伸出图外的部分取边上的像素）。"""
    us, vs = np.meshgrid(np.arange(CROP_W), np.arange(CROP_H))
    xs, ys = from_crop((us, vs), box)
    return image[np.clip(np.round(ys).astype(int), 0, H - 1), np.clip(np.round(xs).astype(int), 0, W - 1)]


def _overlay(ax, hm):
    """在图上叠一层热力图：越亮越不透明。"""
    rgba = np.zeros((*hm.shape, 4))
    rgba[..., :3] = _hex_rgb(COLORS["red"])
    rgba[..., 3] = 0.9 * hm
    ax.imshow(rgba, interpolation="bilinear")


@figure("cv_tasks_keypoint_heatmaps.png")
def draw_keypoint_heatmaps():
    """两只猫的“左耳”：整张图一张热力图（两个亮斑）与自顶向下每个框一张热力图（一个亮斑）。"""
    import matplotlib.patches as patches
    import matplotlib.pyplot as plt

    objects, masks = make_scene()
    image = 0.55 * render_image(objects, masks) + 0.45
    cats = [
        (box, points["左耳"])
        for (label, box), (_, points) in zip(detection(objects, masks), keypoint_labels(objects))
        if label == "cat"
    ]
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 2.9), gridspec_kw={"width_ratios": [1.25, 1, 1]})
    ax = axes[0]
    ax.imshow(image, interpolation="nearest")
    _overlay(ax, heatmap([ear for _, ear in cats], (H, W)))
    for i, (box, _) in enumerate(cats, start=1):
        x, y, w, h = enlarge(box)
        color = INSTANCE_COLORS[i - 1]
        ax.add_patch(patches.Rectangle((x - 0.5, y - 0.5), w, h, fill=False, edgecolor=color, linewidth=1.5))
        label_y, va = (y - 1, "bottom") if i == 1 else (y + h, "top")  # #1 的名字写在框上方，#2 的写在下方
        ax.text(x + w - 1, label_y, f"#{i} 的框（放宽）", fontsize=8, ha="right", va=va)
    ax.set_title("整张图一张“左耳”热力图：两个亮斑")
    for ax, (i, (box, ear)) in zip(axes[1:], enumerate(cats, start=1)):
        crop_box = enlarge(box)
        ax.imshow(_crop_image(image, crop_box), interpolation="nearest")
        _overlay(ax, heatmap([to_crop(ear, crop_box)], (CROP_H, CROP_W)))
        ax.set_title(f"#{i} 的框 → {CROP_H}×{CROP_W} 小图：一个亮斑")
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():  # 整张图描一圈细灰边，两张小图的边框用各自框的颜色
            spine.set_visible(True)
            spine.set_edgecolor(INSTANCE_COLORS[i - 1] if i else COLORS["gray"])
            spine.set_linewidth(2 if i else 0.6)
    fig.tight_layout(w_pad=0.8)
    return fig
