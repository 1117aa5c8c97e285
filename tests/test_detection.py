"""检查 docs/cv/tasks.md 上关于框的写法、交并比、分数阈值、NMS、精确率、召回率和 AP 的说法。"""

import itertools
import re

import numpy as np
import pytest
import torch

from snippets.cv_tasks import HEADS, H, TinyBackbone, W, bbox, detection, instance_map, make_scene
from snippets.detection import (
    DETECTIONS,
    STRIDE,
    K,
    ap_101_points,
    ap_all_points,
    box_iou,
    candidates,
    fake_head_output,
    interpolate,
    make_test_image,
    match,
    nms,
    postprocess,
    precision_recall,
    xywh_to_xyxy,
    xyxy_to_xywh,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/cv/tasks.md").read_text(encoding="utf-8")
OUTPUTS = ROOT / "snippets/outputs"


def _random_boxes(rng, n, size=100):
    """n 个随机的 (x, y, w, h) 框，坐标和宽高都是正整数。"""
    xy = rng.integers(0, size, (n, 2))
    wh = rng.integers(1, size // 2, (n, 2))
    return [tuple(int(v) for v in (*p, *s)) for p, s in zip(xy, wh)]


def _mask(box, size=160):
    x, y, w, h = box
    m = np.zeros((size, size), dtype=bool)
    m[y : y + h, x : x + w] = True
    return m


# ---------------------------------------------------------------- 框的写法和 IoU


def test_box_format_conversion_round_trips():
    rng = np.random.default_rng(0)
    for box in _random_boxes(rng, 200):
        assert xyxy_to_xywh(xywh_to_xyxy(box)) == box
        x1, y1, x2, y2 = xywh_to_xyxy(box)
        assert x2 - x1 == box[2] and y2 - y1 == box[3], "x2 = x + w，y2 = y + h"
        assert xywh_to_xyxy(xyxy_to_xywh((x1, y1, x2, y2))) == (x1, y1, x2, y2)
    out = (OUTPUTS / "detection_boxes.txt").read_text(encoding="utf-8")
    assert "(x, y, w, h) = (10, 20, 30, 40) → (x1, y1, x2, y2) = (10, 20, 40, 60)" in out
    assert "再换回来：(10, 20, 30, 40)" in out


def test_box_iou_equals_pixel_iou_of_the_rectangles():
    """与掩码上数像素算出的 IoU 对照：框 (x, y, w, h) 盖住列 x..x+w−1、行 y..y+h−1。"""
    rng = np.random.default_rng(1)
    boxes = _random_boxes(rng, 120)
    for a, b in zip(boxes[::2], boxes[1::2]):
        ma, mb = _mask(a), _mask(b)
        assert box_iou(a, b) == pytest.approx((ma & mb).sum() / (ma | mb).sum())
        assert box_iou(a, b) == pytest.approx(box_iou(b, a))


def test_box_iou_answers_self_check_q3():
    assert box_iou((0, 0, 10, 10), (5, 0, 10, 10)) == pytest.approx(1 / 3)
    assert box_iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1
    assert box_iou((0, 0, 10, 10), (10, 0, 5, 5)) == 0, "只是边挨着，交集为空"
    assert "box_iou((0, 0, 10, 10), (5, 0, 10, 10))` 算也是 1/3" in PAGE
    out = (OUTPUTS / "detection_boxes.txt").read_text(encoding="utf-8")
    assert "IoU((0, 0, 10, 10), (5, 0, 10, 10)) = 0.333" in out


def test_self_check_mixed_box_formats():
    """自测题：COCO 框 [10, 20, 30, 40] 与两角写法的 (20, 40, 50, 70)。"""
    coco, corners = (10, 20, 30, 40), (20, 40, 50, 70)
    right = box_iou(coco, xyxy_to_xywh(corners))
    wrong = box_iou(coco, corners)  # 把两角写法误当成 (x, y, w, h)
    assert right == pytest.approx(400 / 1700) and f"{right:.3f}" == "0.235"
    assert wrong == pytest.approx(400 / 4300) and f"{wrong:.3f}" == "0.093"
    assert "400 / 1700 ≈ 0.235" in PAGE and "400 / 4300 ≈ 0.093" in PAGE


# ---------------------------------------------------------------- 检测头和分数阈值


@pytest.fixture(scope="module")
def scene():
    return make_scene()


def test_fake_output_has_the_detection_heads_shape(scene):
    torch.manual_seed(0)
    features = TinyBackbone()(torch.rand(1, 3, H, W))
    out = fake_head_output(*scene)
    assert out.shape == tuple(HEADS["检测"](features).shape[1:]) == (K + 4, H // STRIDE, W // STRIDE)


def _owner(masks):
    """每个格子中心的像素属于哪个物体（0 是背景），与 fake_head_output 的约定相同。"""
    return instance_map(masks)[STRIDE // 2 :: STRIDE, STRIDE // 2 :: STRIDE]


def test_score_threshold_counts_on_the_page(scene):
    objects, masks = scene
    out = fake_head_output(objects, masks)
    text = (OUTPUTS / "detection_dense.txt").read_text(encoding="utf-8")
    assert f"共 {K * 30 * 40} 个" in text and K * 30 * 40 == 2400
    counts = [len(candidates(out, t)) for t in (0.05, 0.3, 0.5)]
    assert counts[0] > counts[1] > counts[2], "阈值越高，候选框越少"
    for t, n in zip((0.05, 0.3, 0.5), counts):
        assert f"分数 ≥ {t}：{n} 个候选框" in text
    found = candidates(out, 0.05)
    assert f"2400 个分数里只有 {len(found)} 个不低于 0.05" in PAGE
    # 页面：候选框几乎都在物体上；背景上过了阈值的只有 1 个（天上那个）
    owner = _owner(masks)
    scores = 1 / (1 + np.exp(-out[:K]))
    k, i, j = np.nonzero(scores >= 0.05)
    on_background = int((owner[i, j] == 0).sum())
    assert on_background == 1 and "背景上的只有 1 个" in PAGE
    # “这里没有物体”：一个位置的 K 个分数都低于阈值；背景上绝大多数位置如此
    empty = (scores < 0.05).all(axis=0)
    assert empty[owner == 0].mean() > 0.99


def test_nms_result_on_the_scene(scene):
    """页面：NMS 后剩 4 个框，三个物体各一个高分框，外加天上一个分数 0.05 的框。"""
    objects, masks = scene
    out = fake_head_output(objects, masks)
    kept = postprocess(out)
    truths = detection(objects, masks)
    assert len(kept) == 4 and "213 个候选框，NMS 之后剩 4 个" in PAGE
    high = [k for k in kept if k[1] >= 0.9]
    assert len(high) == 3
    for label, true_box in truths:  # 每个物体恰有一个高分框，类别对、IoU ≥ 0.5
        mine = [k for k in high if k[0] == label and box_iou(k[2], true_box) >= 0.5]
        assert len(mine) == 1, label
    (low,) = [k for k in kept if k[1] < 0.9]
    assert round(low[1], 2) == 0.05 and all(box_iou(low[2], t) == 0 for _, t in truths)
    assert low[2][1] + low[2][3] < 70, "这个框在天上（第 70 行以上）"
    text = (OUTPUTS / "detection_dense.txt").read_text(encoding="utf-8")
    assert "NMS（IoU 阈值 0.5）后：4 个" in text


def test_nms_keeps_one_good_box_per_object_for_other_seeds(scene):
    """换随机种子也一样：每个物体都留下至少一个类别对、IoU ≥ 0.5、分数 ≥ 0.5 的框；
    但偶尔也会多留下同一物体的第二个高分框（两个框彼此 IoU ≤ 0.5 时 NMS 压不掉）。"""
    objects, masks = scene
    truths = detection(objects, masks)
    duplicates = 0
    for seed in range(20):
        kept = postprocess(fake_head_output(objects, masks, seed))
        for label, true_box in truths:
            good = [k for k in kept if k[0] == label and k[1] >= 0.5 and box_iou(k[2], true_box) >= 0.5]
            assert good, (seed, label)
            duplicates += len(good) > 1
    assert duplicates > 0, "页面说重复框偶尔会留下"


# ---------------------------------------------------------------- NMS


def _nms_reference(boxes, scores, t):
    """暴力求解：留下的集合 S 是唯一满足“i ∈ S ⇔ S 里没有分数更高、与 i 的 IoU > t 的框”的子集。"""
    n = len(boxes)
    solutions = []
    for bits in itertools.product([False, True], repeat=n):
        chosen = {i for i in range(n) if bits[i]}
        if all(
            (i in chosen) == (not any(scores[j] > scores[i] and box_iou(boxes[i], boxes[j]) > t for j in chosen))
            for i in range(n)
        ):
            solutions.append(chosen)
    assert len(solutions) == 1
    return solutions[0]


def _random_cluster(rng, n):
    """挤在一起的随机框，彼此常有重叠；分数互不相同。"""
    boxes = [tuple(int(v) for v in (*rng.integers(0, 30, 2), *rng.integers(10, 40, 2))) for _ in range(n)]
    return boxes, list(rng.permutation(n) / n + 0.01)


def test_nms_properties_on_random_boxes():
    rng = np.random.default_rng(2)
    for _ in range(200):
        n = int(rng.integers(1, 15))
        boxes, scores = _random_cluster(rng, n)
        t = float(rng.choice([0.3, 0.5, 0.7]))
        keep = nms(boxes, scores, t)
        assert keep[0] == int(np.argmax(scores)), "分数最高的框一定留下"
        assert [scores[i] for i in keep] == sorted((scores[i] for i in keep), reverse=True)
        for i, j in itertools.combinations(keep, 2):
            assert box_iou(boxes[i], boxes[j]) <= t, "留下的框两两 IoU 不超过阈值"
        for i in set(range(n)) - set(keep):
            assert any(scores[j] > scores[i] and box_iou(boxes[i], boxes[j]) > t for j in keep), (
                "每个被删掉的框，都和一个分数更高的、留下的框 IoU 超过阈值"
            )


def test_nms_matches_brute_force_reference():
    rng = np.random.default_rng(3)
    for _ in range(150):
        boxes, scores = _random_cluster(rng, int(rng.integers(1, 9)))
        assert set(nms(boxes, scores, 0.5)) == _nms_reference(boxes, scores, 0.5)


def test_nms_keeps_a_box_whose_iou_equals_the_threshold():
    """删掉的是 IoU **超过**阈值的框（与 torchvision.ops.nms 相同），恰好等于阈值的留下。"""
    a, b = (0, 0, 10, 10), (0, 0, 10, 5)
    assert box_iou(a, b) == 0.5
    assert nms([a, b], [0.9, 0.8], 0.5) == [0, 1]
    assert nms([a, b], [0.9, 0.8], 0.49) == [0]


def test_nms_self_check_chain():
    """自测题：A、B、C 分数 0.9、0.8、0.7；A–B、B–C 的 IoU 0.6，A–C 0.33。B 被 A 压掉，C 留下。"""
    a, b, c = (0, 0, 20, 10), (5, 0, 20, 10), (10, 0, 20, 10)
    assert box_iou(a, b) == pytest.approx(0.6) and box_iou(b, c) == pytest.approx(0.6)
    assert box_iou(a, c) == pytest.approx(1 / 3)
    assert nms([a, b, c], [0.9, 0.8, 0.7], 0.5) == [0, 2]
    assert "留下 A 和 C" in PAGE


# ---------------------------------------------------------------- 精确率、召回率和 AP


@pytest.fixture(scope="module")
def worked():
    _, masks = make_test_image()
    truths = [bbox(m) for m in masks]
    hits = match(DETECTIONS, truths)
    return truths, hits, *precision_recall(hits, len(truths))


def test_worked_example_detections_are_what_the_comments_say(worked):
    truths, *_ = worked
    assert len(truths) == 5 and len(DETECTIONS) == 10
    assert [s for s, _ in DETECTIONS] == sorted((s for s, _ in DETECTIONS), reverse=True), "按分数从高到低列出"
    iou = np.array([[box_iou(box, t) for t in truths] for _, box in DETECTIONS])
    a, b, c, d, e = range(5)
    assert iou[0, a] >= 0.5 and iou[1, b] >= 0.5 and iou[4, c] >= 0.5 and iou[5, d] >= 0.5
    assert iou[3, a] >= 0.5, "第 4 个框是猫 A 的重复框"
    assert 0 < iou[6, d] < 0.5, "第 7 个框只框住猫 D 的一部分"
    assert round(iou[6, d], 2) == 0.31 and "IoU 只有 0.31" in PAGE
    for rank in (2, 7, 8):  # 第 3、8、9 个框：没有框到任何猫
        assert iou[rank].max() == 0
    assert iou[9].max() < 0.5
    assert iou[:, e].max() == 0, "猫 E 一直没被找到"


def test_worked_example_precision_recall_and_ap(worked):
    truths, hits, precision, recall = worked
    assert hits == [True, True, False, False, True, True, False, False, False, False]
    assert np.allclose(recall, [0.2, 0.4, 0.4, 0.4, 0.6, 0.8, 0.8, 0.8, 0.8, 0.8])
    assert np.allclose(precision, [1, 1, 2 / 3, 2 / 4, 3 / 5, 4 / 6, 4 / 7, 4 / 8, 4 / 9, 4 / 10])
    # 插值：第 5 个框（召回率 0.6）的精确率 0.6 被抬到它后面的 4/6
    assert precision[4] == pytest.approx(0.6) and interpolate(precision)[4] == pytest.approx(4 / 6)
    assert np.allclose(interpolate(precision)[[0, 1, 4, 5]], [1, 1, 2 / 3, 2 / 3])
    assert "精确率 0.6 抬到 4/6" in PAGE
    # 手算：四级台阶，每级宽 0.2
    by_hand = 0.2 * (1 + 1 + 2 / 3 + 2 / 3)
    assert ap_all_points(precision, recall) == pytest.approx(by_hand)
    assert f"{by_hand:.3f}" == "0.667" and "0.2 × (1 + 1 + 2/3 + 2/3) ≈ 0.667" in PAGE
    no_interpolation = 0.2 * (1 + 1 + 0.6 + 2 / 3)
    assert f"{no_interpolation:.3f}" == "0.653" and "不插值，算出来是 0.653" in PAGE
    coco_by_hand = (21 * 1 + 20 * 1 + 20 * 2 / 3 + 20 * 2 / 3 + 20 * 0) / 101
    assert ap_101_points(precision, recall) == pytest.approx(coco_by_hand)
    assert f"{coco_by_hand:.3f}" == "0.670" and "(21 + 20 + 40 × 2/3) / 101 ≈ 0.670" in PAGE
    out = (OUTPUTS / "detection_ap.txt").read_text(encoding="utf-8")
    assert f"= {by_hand:.4f}" in out and f"= {coco_by_hand:.4f}" in out


def test_self_check_false_positives_last_gives_ap_0_8(worked):
    """自测题：把 6 个检错的框都排到最后，AP = 0.8，不是 1（猫 E 没找到）。"""
    truths, hits, *_ = worked
    ranked = [d for d, h in zip(DETECTIONS, hits) if h] + [d for d, h in zip(DETECTIONS, hits) if not h]
    reordered = [(1 - 0.05 * n, box) for n, (_, box) in enumerate(ranked)]
    p, r = precision_recall(match(reordered, truths), len(truths))
    assert ap_all_points(p, r) == pytest.approx(0.8) and "AP 是 0.8" in PAGE


def _voc_ap(rec, prec):
    """VOC 开发包 VOCap.m 的逐行翻译（MATLAB → Python）。"""
    mrec = [0.0, *rec, 1.0]
    mpre = [0.0, *prec, 0.0]
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    idx = [i for i in range(1, len(mrec)) if mrec[i] != mrec[i - 1]]
    return sum((mrec[i] - mrec[i - 1]) * mpre[i] for i in idx)


def _coco_ap(tps, num_truths):
    """pycocotools cocoeval.py 中 accumulate() 的做法（一个 IoU 阈值、一个类别），照原样写。"""
    rec_thrs = np.linspace(0.0, 1.00, int(np.round((1.00 - 0.0) / 0.01)) + 1, endpoint=True)
    tp = np.cumsum(tps).astype(float)
    fp = np.cumsum(np.logical_not(tps)).astype(float)
    rc = tp / num_truths
    pr = (tp / (fp + tp + np.spacing(1))).tolist()
    q = np.zeros(len(rec_thrs)).tolist()
    for i in range(len(tp) - 1, 0, -1):
        if pr[i] > pr[i - 1]:
            pr[i - 1] = pr[i]
    inds = np.searchsorted(rc, rec_thrs, side="left")
    try:
        for ri, pi in enumerate(inds):
            q[ri] = pr[pi]
    except IndexError:
        pass
    return float(np.mean(q))


def _random_hits(rng):
    n, num_truths = int(rng.integers(1, 30)), int(rng.integers(1, 12))
    hits = list(rng.random(n) < 0.5)
    while sum(hits) > num_truths:  # 检对的框不会多于真实框
        hits[hits.index(True)] = False
    return hits, num_truths


def test_ap_functions_match_the_official_procedures():
    rng = np.random.default_rng(4)
    for _ in range(300):
        hits, num_truths = _random_hits(rng)
        precision, recall = precision_recall(hits, num_truths)
        assert ap_all_points(precision, recall) == pytest.approx(_voc_ap(list(recall), list(precision)))
        assert ap_101_points(precision, recall) == pytest.approx(_coco_ap(hits, num_truths), abs=1e-12)


def test_all_point_ap_is_the_area_under_the_interpolated_curve():
    """与定义对照：在召回率细网格上读插值后的精确率（r 处取召回率 ≥ r 的最高精确率），数值积分。"""
    rng = np.random.default_rng(5)
    grid = np.linspace(0, 1, 20001)[1:]
    for _ in range(50):
        hits, num_truths = _random_hits(rng)
        precision, recall = precision_recall(hits, num_truths)
        curve = [precision[recall >= r].max() if (recall >= r).any() else 0.0 for r in grid]
        assert ap_all_points(precision, recall) == pytest.approx(np.mean(curve), abs=1e-3)


def test_recall_never_decreases_and_only_hits_raise_it():
    rng = np.random.default_rng(6)
    for _ in range(100):
        hits, num_truths = _random_hits(rng)
        _, recall = precision_recall(hits, num_truths)
        before = np.concatenate([[0], recall[:-1]])
        assert all((after > prev) if hit else (after == prev) for hit, prev, after in zip(hits, before, recall))
    assert "召回率只增不减（检错的框不改变召回率）" in PAGE


def test_appending_lower_scored_detections_never_lowers_ap():
    """页面：分数低的框排在最后，只可能多找到物体，不会拉低 AP，所以评测时保留低分框。"""
    rng = np.random.default_rng(7)
    for _ in range(200):
        hits, num_truths = _random_hits(rng)
        extra = list(rng.random(int(rng.integers(1, 6))) < 0.3)
        if sum(hits) + sum(extra) > num_truths:
            continue
        for ap in (ap_all_points, ap_101_points):
            assert ap(*precision_recall(hits + extra, num_truths)) >= ap(*precision_recall(hits, num_truths)) - 1e-12


def _match_voc(detections, truths, t=0.5):
    """VOC 开发包 VOCevaldet.m 的配对规则：只和 IoU 最大的真实框比，那个已被认领就算检错。"""
    claimed, hits = set(), []
    for _, box in sorted(detections, key=lambda d: -d[0]):
        ious = [box_iou(box, g) for g in truths]
        j = int(np.argmax(ious))
        hit = ious[j] >= t and j not in claimed
        claimed |= {j} if hit else set()
        hits.append(hit)
    return hits


def test_voc_and_coco_matching_rules(worked):
    truths, hits, *_ = worked
    assert _match_voc(DETECTIONS, truths) == hits, "算例里两种配对规则结果相同"
    # 两个挨得很近的真实框：第二个检测框与已被认领的 g1 IoU 最大，与 g2 的 IoU 也过了 0.5
    g1, g2 = (0, 0, 20, 20), (4, 0, 20, 20)
    dets = [(0.9, (0, 0, 20, 20)), (0.8, (1, 0, 20, 20))]
    assert box_iou(dets[1][1], g1) > box_iou(dets[1][1], g2) >= 0.5
    assert match(dets, [g1, g2]) == [True, True] and _match_voc(dets, [g1, g2]) == [True, False]


def test_page_cites_the_exact_definitions():
    assert re.search(r"COCO.{0,40}101 个", PAGE) and "2010" in PAGE
    assert "[^cocoeval]" in PAGE and "[^voc-evaldet]" in PAGE
