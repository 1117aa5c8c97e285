"""目标检测的几个零件：框的两种写法、交并比、分数阈值、非极大值抑制（NMS），以及精确率、召回率和 AP。

页面：docs/cv/tasks.md；测试：tests/test_detection.py。场景和标注来自 snippets/cv_tasks.py。
"""

import numpy as np

from snippets.cv_tasks import CLASSES, NUM_CLASSES, H, W, bbox, cat, instance_map, make_scene, place, render_image
from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:boxes]
def xywh_to_xyxy(box):
    """COCO 的写法 (x, y, w, h) → 左上角和右下角 (x1, y1, x2, y2)。"""
    x, y, w, h = box
    return x, y, x + w, y + h


def xyxy_to_xywh(box):
    """(x1, y1, x2, y2) → (x, y, w, h)。"""
    x1, y1, x2, y2 = box
    return x1, y1, x2 - x1, y2 - y1


def box_iou(a, b):
    """两个 (x, y, w, h) 框的交并比：交集面积 / 并集面积。"""
    ax1, ay1, ax2, ay2 = xywh_to_xyxy(a)
    bx1, by1, bx2, by2 = xywh_to_xyxy(b)
    inter = max(0, min(ax2, bx2) - max(ax1, bx1)) * max(0, min(ay2, by2) - max(ay1, by1))
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


# --8<-- [end:boxes]


@output("detection_boxes.txt")
def boxes_demo():
    # --8<-- [start:boxes-demo]
    coco = (10, 20, 30, 40)  # COCO 标注里的 [x, y, width, height]
    print(f"(x, y, w, h) = {coco} → (x1, y1, x2, y2) = {xywh_to_xyxy(coco)}")
    print(f"再换回来：{xyxy_to_xywh(xywh_to_xyxy(coco))}")
    print(f"IoU((0, 0, 10, 10), (5, 0, 10, 10)) = {box_iou((0, 0, 10, 10), (5, 0, 10, 10)):.3f}")
    # --8<-- [end:boxes-demo]


# --8<-- [start:dense]
K = NUM_CLASSES  # 类别数：猫、车
STRIDE = 4  # 检测头的特征图是 30×40：每个位置管原图里一个 4×4 的格子


def fake_head_output(objects, masks, seed=0):
    """照着真实标注“造”一份训练好的检测头输出（不是网络算出来的），形状和检测头相同：(K + 4, 30, 40)。
    前 K 个通道是每一类的分数（未过 sigmoid），后 4 个通道是这个位置预测的框 (x, y, w, h)。
    格子中心落在某个物体上：这一类的分数高，框是真实框加一点误差；其余位置分数很低。"""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0 : H // STRIDE, 0 : W // STRIDE] * STRIDE + STRIDE // 2  # 每个格子中心的像素
    out = np.empty((K + 4, H // STRIDE, W // STRIDE))
    out[:K] = rng.normal(-6, 1, size=out[:K].shape)  # 背景：sigmoid(−6) ≈ 0.0025
    out[K:] = np.stack([xs - 8, ys - 8, np.full(xs.shape, 16), np.full(xs.shape, 16)])  # 背景处随手画的小框
    owner = instance_map(masks)[ys, xs]  # 格子中心的像素属于哪个物体（0 是背景）
    for n, (obj, mask) in enumerate(zip(objects, masks), start=1):
        on = owner == n
        k = CLASSES.index(obj.label) - 1  # 这个物体的类别通道：猫 0，车 1
        out[k, on] = rng.normal(1, 2, on.sum())
        truth = np.array(bbox(mask), dtype=float)
        out[K:, on] = (truth + rng.normal(0, 0.05, (on.sum(), 4)) * truth[[2, 3, 2, 3]]).T
    return out


def candidates(out, score_threshold):
    """分数阈值：某个位置某一类的分数 ≥ 阈值，才成为一个候选框 (类别, 分数, 框)。"""
    scores = 1 / (1 + np.exp(-out[:K]))  # sigmoid：每一类各自回答“这里有没有这一类的物体”
    ks, rows, cols = np.nonzero(scores >= score_threshold)
    return [(CLASSES[k + 1], float(scores[k, i, j]), tuple(out[K:, i, j])) for k, i, j in zip(ks, rows, cols)]


# --8<-- [end:dense]


# --8<-- [start:nms]
def nms(boxes, scores, iou_threshold=0.5):
    """非极大值抑制：反复取出剩下的框里分数最高的一个留下，删掉与它 IoU 超过阈值的框。
    返回留下的框的下标，按分数从高到低。"""
    order = sorted(range(len(boxes)), key=lambda i: -scores[i])
    keep = []
    while order:
        best = order.pop(0)
        keep.append(best)
        order = [i for i in order if box_iou(boxes[best], boxes[i]) <= iou_threshold]
    return keep


def postprocess(out, score_threshold=0.05, iou_threshold=0.5):
    """检测头输出 → 检测结果：先按分数阈值筛出候选框，再对每一类分别做 NMS。"""
    results = []
    for label in CLASSES[1:]:
        mine = [c for c in candidates(out, score_threshold) if c[0] == label]
        keep = nms([box for _, _, box in mine], [score for _, score, _ in mine], iou_threshold)
        results += [mine[i] for i in keep]
    return results


# --8<-- [end:nms]


@output("detection_dense.txt")
def dense_demo():
    # --8<-- [start:dense-demo]
    objects, masks = make_scene()
    out = fake_head_output(objects, masks)
    print(f"检测头输出 {out.shape}：{out.shape[1]}×{out.shape[2]} 个位置，每个位置 {K} 个分数，共 {K * out[0].size} 个")
    for threshold in (0.05, 0.3, 0.5):
        found = candidates(out, threshold)
        per_class = "，".join(f"{c} {sum(f[0] == c for f in found)}" for c in CLASSES[1:])
        print(f"分数 ≥ {threshold}：{len(found)} 个候选框（{per_class}）")
    results = postprocess(out)
    print(f"分数 ≥ 0.05 的候选框每一类分别做 NMS（IoU 阈值 0.5）后：{len(results)} 个")
    for label, score, box in results:
        print(f"  {label} 分数 {score:.2f}，框 ({', '.join(f'{v:.0f}' for v in box)})")
    # --8<-- [end:dense-demo]


# --8<-- [start:ap]
def match(detections, truths, iou_threshold=0.5):
    """按分数从高到低判断每个检测框的对错。detections 是 [(分数, 框)]，truths 是同一类的真实框。
    在还没被认领的真实框里找 IoU 最大的一个：IoU ≥ 阈值就算检对，并认领它；否则算检错。"""
    unclaimed, hits = list(truths), []
    for _, box in sorted(detections, key=lambda d: -d[0]):
        best = max(unclaimed, key=lambda t: box_iou(box, t), default=None)
        hit = best is not None and box_iou(box, best) >= iou_threshold
        if hit:
            unclaimed.remove(best)  # 一个真实框只能认领一次：同一只猫的第二个框算检错
        hits.append(hit)
    return hits


def precision_recall(hits, num_truths):
    """前 1、2、…、n 个框的精确率（检对的占几成）和召回率（真实框找到了几成）。"""
    tp = np.cumsum(hits)  # 前 i 个框里检对了几个
    return tp / np.arange(1, len(hits) + 1), tp / num_truths


def interpolate(precision):
    """每一处的精确率换成它和它后面（召回率更高处）的最高精确率：曲线变成只降不升的台阶。"""
    return np.maximum.accumulate(precision[::-1])[::-1]


def ap_all_points(precision, recall):
    """PASCAL VOC 2010 起的 AP：台阶曲线下的面积。每检对一个框，召回率升一级，这一级的高是插值后的精确率。"""
    steps = np.diff(recall, prepend=0)  # 每个框让召回率升了多少（检错的框升 0）
    return float(np.sum(steps * interpolate(precision)))


def ap_101_points(precision, recall):
    """COCO 的 AP（一个 IoU 阈值下）：在召回率 0、0.01、…、1 这 101 个点上读台阶曲线的高，再取平均；
    达不到的召回率处记 0。"""
    first = np.searchsorted(recall, np.linspace(0, 1, 101), side="left")  # 召回率首次达到每个点的位置
    p = interpolate(precision)
    return float(np.mean([p[i] if i < len(p) else 0.0 for i in first]))


# --8<-- [end:ap]


# --8<-- [start:ap-data]
def make_test_image():
    """一张有 5 只猫（A～E）的测试图；真实框由每只猫的掩码算出。"""
    return place([cat(30, 34, 13), cat(112, 30, 15), cat(45, 92, 16), cat(118, 94, 13), cat(150, 62, 6)])


DETECTIONS = [  # 一个假想的检测器对“猫”给出的 10 个框：(分数, (x, y, w, h))
    (0.95, (9, 18, 40, 25)),  # 框住猫 A
    (0.90, (84, 14, 47, 25)),  # 框住猫 B
    (0.85, (52, 2, 30, 20)),  # 天上，没有猫
    (0.80, (6, 21, 38, 22)),  # 又框了一次猫 A
    (0.70, (19, 72, 49, 28)),  # 框住猫 C
    (0.60, (95, 80, 42, 21)),  # 框住猫 D
    (0.50, (118, 84, 22, 20)),  # 只框住猫 D 的后半截
    (0.40, (60, 50, 25, 15)),  # 草地上，没有猫
    (0.30, (0, 100, 15, 15)),  # 角落里，没有猫
    (0.20, (130, 20, 12, 10)),  # 猫 B 的耳朵旁，太小
]
# --8<-- [end:ap-data]


@output("detection_ap.txt")
def ap_demo():
    # --8<-- [start:ap-demo]
    _, masks = make_test_image()
    truths = [bbox(m) for m in masks]
    print(f"5 只猫的真实框：{truths}")
    hits = match(DETECTIONS, truths)
    precision, recall = precision_recall(hits, len(truths))
    for rank, ((score, _), hit, p, r) in enumerate(zip(DETECTIONS, hits, precision, recall), start=1):
        print(f"第 {rank:2} 个 分数 {score:.2f} {'检对' if hit else '检错'}  精确率 {p:.3f}  召回率 {r:.1f}")
    print(f"插值后的精确率：{np.round(interpolate(precision), 3).tolist()}")
    print(f"AP（VOC 2010 起，全部点）= {ap_all_points(precision, recall):.4f}")
    print(f"AP（COCO，101 个点）    = {ap_101_points(precision, recall):.4f}")
    # --8<-- [end:ap-demo]


# ---------------------------------------------------------------- 画图

ZH = {"cat": "猫", "car": "汽车"}
CLASS_COLORS = {"cat": COLORS["orange"], "car": COLORS["blue"]}
HIT_COLORS = {True: COLORS["green"], False: COLORS["red"]}
CAT_NAMES = "ABCDE"


def _rect(ax, box, **style):
    """在 imshow 的坐标里画框：像素 (x, y) 占 [x − 0.5, x + 0.5]，所以框从 x − 0.5 画起。"""
    import matplotlib.patches as patches

    x, y, w, h = box
    ax.add_patch(patches.Rectangle((x - 0.5, y - 0.5), w, h, fill=False, **style))


def _image_axes(ax, image):
    ax.imshow(image, interpolation="nearest")
    ax.set_xlim(-0.5, W - 0.5)
    ax.set_ylim(H - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():  # 图的四周描一圈细灰边
        spine.set_visible(True)
        spine.set_edgecolor(COLORS["gray"])
        spine.set_linewidth(0.6)


@figure("detection_nms.png")
def draw_nms():
    """检测头在本页场景上的候选框：分数阈值之后、NMS 之后。"""
    import matplotlib.pyplot as plt

    objects, masks = make_scene()
    image = 0.5 * render_image(objects, masks) + 0.5  # 图调淡，突出框
    out = fake_head_output(objects, masks)
    found, kept = candidates(out, 0.05), postprocess(out)
    fig, axes = plt.subplots(1, 2, figsize=(8.8, 3.6))
    for ax, boxes, title in (
        (axes[0], found, f"分数 ≥ 0.05 的候选框：{len(found)} 个"),
        (axes[1], kept, f"每类分别做 NMS 之后：{len(kept)} 个"),
    ):
        _image_axes(ax, image)
        for label, _, box in sorted(boxes, key=lambda c: c[1]):  # 高分的框画在上面
            _rect(ax, box, edgecolor=CLASS_COLORS[label], linewidth=0.6 if ax is axes[0] else 2, alpha=0.9)
        ax.set_title(title)
    for label, score, (x, y, _, _) in kept:
        axes[1].text(
            x - 0.5,
            y - 1.5,
            f"{ZH[label]} {score:.2f}",
            color="white",
            fontsize=9,
            va="bottom",
            bbox={"facecolor": CLASS_COLORS[label], "edgecolor": "none", "pad": 1.2},
        )
    fig.tight_layout(w_pad=0.8)
    return fig


@figure("detection_ap.png")
def draw_ap():
    """AP 的算例：左边是 5 只猫的真实框和 10 个检测框，右边是 P–R 曲线和插值后的台阶。"""
    import matplotlib.pyplot as plt

    _, masks = make_test_image()
    objects = [cat(0, 0, 1)] * len(masks)  # 只用来上色：5 个都是猫
    truths = [bbox(m) for m in masks]
    hits = match(DETECTIONS, truths)
    precision, recall = precision_recall(hits, len(truths))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.9), gridspec_kw={"width_ratios": [1.25, 1]})

    _image_axes(left, 0.55 * render_image(objects, masks) + 0.45)
    for name, box in zip(CAT_NAMES, truths):
        _rect(left, box, edgecolor="black", linewidth=1.2, linestyle=(0, (2, 1.5)))
        left.text(box[0] + box[2] - 0.5, box[1] + box[3] + 0.5, name, fontsize=9, ha="right", va="top")
    for rank, ((_, box), hit) in enumerate(zip(DETECTIONS, hits), start=1):
        style = "-" if hit else (0, (4, 2))
        _rect(left, box, edgecolor=HIT_COLORS[hit], linewidth=1.6, linestyle=style)
        left.text(
            box[0] - 0.5,
            box[1] - 0.5,
            str(rank),
            fontsize=8,
            color="white",
            ha="left",
            va="top",
            bbox={"facecolor": HIT_COLORS[hit], "edgecolor": "none", "pad": 0.8},
        )
    left.set_title("真实框（黑色虚线，A～E）与 10 个检测框")

    r = np.concatenate([[0], recall])
    right.plot(recall, precision, color=COLORS["gray"], linewidth=0.8, label="原始的 P–R 曲线（锯齿状）")
    right.plot(recall, precision, "o", color="black", markersize=4, zorder=3, label="前 n 个框的（召回率，精确率）")
    for rank, (x, y) in enumerate(zip(recall, precision), start=1):
        right.annotate(str(rank), (x, y), textcoords="offset points", xytext=(5, 2), fontsize=8)
    steps = np.repeat(interpolate(precision), 2)
    right.fill_between(
        np.repeat(r, 2)[1:-1], steps, color=COLORS["sky"], alpha=0.35, step=None, label="插值后的曲线下面积 = AP"
    )
    right.plot(np.repeat(r, 2)[1:-1], steps, color=COLORS["blue"], linewidth=1.5)
    right.set_xlim(0, 1.02)
    right.set_ylim(0, 1.08)
    right.set_xlabel("召回率")
    right.set_ylabel("精确率")
    right.set_title(f"P–R 曲线，AP = {ap_all_points(precision, recall):.3f}")
    right.legend(loc="lower left", fontsize=8, frameon=False)
    fig.tight_layout(w_pad=1.0)
    return fig
