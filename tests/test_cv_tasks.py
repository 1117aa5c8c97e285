"""检查 docs/cv/tasks.md 上关于六种视觉任务、数据集和 backbone + head 的说法。"""

import re

import numpy as np
import pytest
import torch

from snippets.cv_tasks import (
    CLASSES,
    CROP_H,
    CROP_W,
    HEADS,
    KEYPOINTS,
    NUM_CLASSES,
    NUM_KEYPOINTS,
    H,
    TinyBackbone,
    W,
    bbox,
    classification,
    detection,
    draw_six_tasks,
    enlarge,
    from_crop,
    heatmap,
    instance_map,
    keypoint_labels,
    localization,
    make_scene,
    peaks,
    semantic_map,
    to_crop,
)
from snippets.facts import Source
from snippets.facts.datasets import (
    COCO_KEYPOINTS_PER_PERSON,
    COCO_PAPER_CATEGORIES,
    COCO_PAPER_IMAGES,
    COCO_PAPER_INSTANCES,
    COCO_PAPER_SOURCE,
    DATASETS,
    IMAGENET_FULL_IMAGES,
    IMAGENET_FULL_SYNSETS,
    VOC_SEGMENTATION_CLASSES,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/cv/tasks.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scene():
    return make_scene()


def test_scene_has_three_objects_of_two_classes(scene):
    objects, masks = scene
    assert [o.label for o in objects] == ["cat", "cat", "car"]
    assert all(m.shape == (H, W) and m.dtype == bool and m.any() for m in masks)


def test_visible_masks_do_not_overlap_and_front_object_hides_back_one(scene):
    objects, masks = scene
    assert sum(m.astype(int) for m in masks).max() == 1, "每个像素最多属于一个物体"
    big, small = objects[0], objects[1]
    assert masks[0].sum() < big.shape.sum(), "页面说：大猫有一部分被小猫挡住"
    assert np.array_equal(masks[1], small.shape), "小猫在最前面，整个可见"


def test_every_box_is_the_tight_bounding_box_of_its_mask(scene):
    objects, masks = scene
    for (label, (x, y, w, h)), obj, mask in zip(detection(objects, masks), objects, masks):
        assert label == obj.label
        inside = np.zeros_like(mask)
        inside[y : y + h, x : x + w] = True
        assert not (mask & ~inside).any(), "框外不能有物体的像素"
        # 紧：框的四条边上都有物体的像素
        assert mask[y, x : x + w].any() and mask[y + h - 1, x : x + w].any()
        assert mask[y : y + h, x].any() and mask[y : y + h, x + w - 1].any()


def test_bbox_format_is_x_y_w_h():
    mask = np.zeros((H, W), dtype=bool)
    mask[10:15, 20:28] = True  # 行 10–14，列 20–27
    assert bbox(mask) == (20, 10, 8, 5)


def test_classification_and_localization_see_a_single_main_object(scene):
    objects, masks = scene
    assert classification(objects, masks) == "cat"
    label, box = localization(objects, masks)
    largest = int(np.argmax([m.sum() for m in masks]))
    assert (label, box) == (objects[largest].label, bbox(masks[largest]))
    assert len(detection(objects, masks)) == len(objects) == 3, "检测给出所有物体，定位只给一个"


def test_semantic_map_is_the_union_of_masks_by_class(scene):
    objects, masks = scene
    seg = semantic_map(objects, masks)
    assert seg.shape == (H, W)
    for c, name in enumerate(CLASSES):
        if name == "background":
            expected = ~np.logical_or.reduce(masks)
        else:
            expected = np.logical_or.reduce([m for o, m in zip(objects, masks) if o.label == name])
        assert np.array_equal(seg == c, expected), name


def _touching(a, b):
    """两个掩码是否四邻接（有一对上下或左右相邻的像素）。"""
    return bool((a[:-1] & b[1:]).any() or (a[1:] & b[:-1]).any() or (a[:, :-1] & b[:, 1:]).any())


def test_two_cats_touch_so_the_semantic_map_cannot_tell_them_apart(scene):
    objects, masks = scene
    assert _touching(masks[0], masks[1]) or _touching(masks[1], masks[0])
    ids = instance_map(masks)
    seg = semantic_map(objects, masks)
    cat_pixels = seg == CLASSES.index("cat")
    assert set(np.unique(ids[cat_pixels])) == {1, 2}, "同一块“猫”像素，在实例图里分属两个个体"
    a, b = int(masks[0].sum()), int(masks[1].sum())
    assert cat_pixels.sum() == a + b and f"{a + b} 个像素正好是两只猫的 {a} + {b}" in PAGE


def test_instance_ids_are_distinct_and_match_masks(scene):
    objects, masks = scene
    ids = instance_map(masks)
    assert sorted(np.unique(ids).tolist()) == [0, 1, 2, 3]
    for i, mask in enumerate(masks, start=1):
        assert np.array_equal(ids == i, mask)


def test_keypoints_lie_on_their_own_visible_object(scene):
    objects, masks = scene
    for (label, points), obj, mask in zip(keypoint_labels(objects), objects, masks):
        assert label == obj.label and len(points) == NUM_KEYPOINTS == 4
        for name, (x, y) in points.items():
            assert 0 <= x < W and 0 <= y < H
            assert mask[y, x], f"{label} 的关键点 {name} 不在它自己的可见掩码上"


def test_object_mask_is_the_union_of_its_parts(scene):
    objects, _ = scene
    for obj in objects:
        union = np.zeros((H, W), dtype=bool)
        for part in obj.parts.values():
            assert part.any()
            union |= part
        assert np.array_equal(obj.shape, union)


def test_keypoints_are_derived_from_the_part_masks(scene):
    """页面说：耳尖是耳朵掩码最靠上的像素，鼻子是头最靠前（右）的像素，车轮取车轮的中心。"""
    objects, _ = scene
    for (label, points), obj in zip(keypoint_labels(objects), objects):
        assert list(points) == list(KEYPOINTS[label]), "点的名字和顺序由类别事先约定"
        for name, (x, y) in points.items():
            part, side = KEYPOINTS[label][name]
            mask = obj.parts[part]
            ys, xs = np.nonzero(mask)
            if side == "中心":
                assert abs(x - xs.mean()) <= 0.5 and abs(y - ys.mean()) <= 0.5, (label, name)
                continue
            assert mask[y, x], f"{label} 的 {name} 不在部件 {part} 上"
            if side == "上":
                assert y == ys.min(), (label, name)
            elif side == "前":
                assert x == xs.max(), (label, name)
            else:
                assert side == "后" and x == xs.min(), (label, name)
    cat_rules = KEYPOINTS["cat"]
    assert cat_rules["左耳"] == ("左耳", "上") and cat_rules["鼻子"] == ("头", "前")
    assert KEYPOINTS["car"]["后轮"] == ("后轮", "中心")
    assert "耳尖是耳朵掩码最靠上的像素" in PAGE and "鼻子是头最靠前的像素" in PAGE and "车轮取车轮的中心" in PAGE


def test_keypoint_markers_in_the_figure_do_not_overlap(scene):
    """图里每个关键点的标记互不重叠（原来小猫的两个耳尖挤在一起）。"""
    fig = draw_six_tasks()
    ax = fig.axes[5]
    fig.canvas.draw()
    centres = np.concatenate([ax.transData.transform(c.get_offsets()) for c in ax.collections])
    radius = np.sqrt(max(c.get_sizes().max() for c in ax.collections)) / 2 * fig.dpi / 72  # 点（pt）换成像素
    distances = np.linalg.norm(centres[:, None] - centres[None], axis=-1)[np.triu_indices(len(centres), 1)]
    assert len(centres) == 12 and distances.min() > 2 * radius
    names = {t.get_text() for t in ax.texts}
    assert {"左耳", "右耳", "鼻", "尾", "后轮", "前轮", "顶", "灯"} <= names, "每个关键点旁写着名字"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_output_forms_on_the_page(scene):
    """页面的对比表：一个标签；一个框；一组框；H×W 类别图；H×W 实例图；K 个点。"""
    objects, masks = scene
    assert isinstance(classification(objects, masks), str)
    assert len(localization(objects, masks)[1]) == 4
    assert all(len(box) == 4 for _, box in detection(objects, masks))
    assert semantic_map(objects, masks).shape == instance_map(masks).shape == (H, W)
    assert H * W == 19200 and "19200" in PAGE
    assert f"宽 {W}、高 {H} 像素" in PAGE and f"$H = {H}$、宽 $W = {W}$" in PAGE, "替代文本和正文的图像大小一致"
    label, box = localization(objects, masks)
    assert f"定位只给出大猫的框 `{box}`" in PAGE


def test_heads_output_shapes_follow_the_formulas():
    torch.manual_seed(0)
    image = torch.rand(1, 3, H, W)
    features = TinyBackbone()(image)
    assert features.shape == (1, 32, H // 4, W // 4)
    k, p = NUM_CLASSES, NUM_KEYPOINTS
    expected = {
        "分类": (1, k),
        "定位": (1, k + 4),
        "检测": (1, k + 4, H // 4, W // 4),
        "语义分割": (1, k + 1, H, W),
        "关键点": (1, p, H, W),
    }
    assert {task: tuple(head(features).shape) for task, head in HEADS.items()} == expected
    assert len(HEADS) == 5 and "接上五种不同的头部" in PAGE
    assert "实例分割" not in HEADS and "六种任务里只有实例分割没有列出" in PAGE
    assert "两次步幅（stride）为 2 的卷积" in PAGE
    convs = [m for m in TinyBackbone().modules() if isinstance(m, torch.nn.Conv2d)]
    assert [c.stride for c in convs] == [(2, 2), (2, 2)]


def test_dataset_facts_are_consistent_and_sourced():
    by_name = {d.name: d for d in DATASETS}
    assert by_name["ImageNet"].num_classes == 1000
    assert by_name["PASCAL VOC"].num_classes == 20 and VOC_SEGMENTATION_CLASSES == 20 + 1
    assert by_name["COCO"].num_classes == 80 and COCO_KEYPOINTS_PER_PERSON == 17
    voc = by_name["PASCAL VOC"].images
    assert "2,913" in voc and "1,464" in voc and "1,449" in voc and 1464 + 1449 == 2913
    for d in DATASETS:
        assert isinstance(d.source, Source) and d.source.url.startswith("http")


def _page_number(n):
    return f"{n:,}"


def test_page_numbers_match_the_facts():
    by_name = {d.name: d for d in DATASETS}
    for d in DATASETS:
        row = next(line for line in PAGE.splitlines() if line.startswith(f"| {d.name} |"))
        assert f"| {d.num_classes} |" in row, f"数据集表里 {d.name} 一行的类别数不是 {d.num_classes}"
        for number in re.findall(r"\d[\d,]*\d", d.images):
            assert number in row, f"数据集表里 {d.name} 一行缺少数字 {number}"
    assert _page_number(IMAGENET_FULL_IMAGES) in PAGE and _page_number(IMAGENET_FULL_SYNSETS) in PAGE
    assert "17 个关键点" in PAGE and by_name["COCO"].num_classes == 80


def _wan(n):
    """按页面的写法把一个数写成“万”：328000 → “32.8 万”，2500000 → “250 万”。"""
    return f"{n / 10_000:g} 万"


def test_coco_paper_numbers_on_the_page():
    assert "arxiv.org/abs/1405.0312" in COCO_PAPER_SOURCE.url
    claim = (
        f"它包含 {COCO_PAPER_CATEGORIES} 类物体、{_wan(COCO_PAPER_IMAGES)}张图、"
        f"{_wan(COCO_PAPER_INSTANCES)}个标注实例[^coco-paper]"
    )
    assert claim in PAGE, claim


def test_page_has_the_corrections_and_links():
    assert '!!! warning "勘误"' in PAGE
    assert "piexl" in PAGE and "实列分割" in PAGE and "一般 backbone 是分类" in PAGE
    assert "(../dl/convolution.md)" in PAGE and "(history.md)" in PAGE


def test_home_page_links_every_page_in_the_nav():
    """首页“这一天讲了什么”的表格链接导航里的每一页，表格的第一列就是导航各节的名字。"""
    import yaml

    index = (ROOT / "docs/index.md").read_text(encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.load(text[text.index("\nnav:") :].split("\n\n")[0], Loader=yaml.BaseLoader)["nav"]
    for section in nav:
        ((name, pages),) = section.items()
        if name in ("首页", "附录"):
            continue
        row = next(line for line in index.splitlines() if line.startswith(f"| {name} |"))
        for page in pages:
            ((_, path),) = page.items()
            assert f"]({path})" in row, f"首页的“{name}”一行没有链接 {path}"


def _cat_boxes_and_left_ears(objects, masks):
    return [
        (box, points["左耳"])
        for (label, box), (_, points) in zip(detection(objects, masks), keypoint_labels(objects))
        if label == "cat"
    ]


def test_one_whole_image_heatmap_has_two_peaks_that_say_nothing_about_which_cat(scene):
    cats = _cat_boxes_and_left_ears(*scene)
    ears = [ear for _, ear in cats]
    whole = heatmap(ears, (H, W))
    assert sorted(peaks(whole)) == sorted(ears), "两个亮斑，正好在两只猫的左耳上"
    assert whole[ears[0][1], ears[0][0]] == whole[ears[1][1], ears[1][0]] == 1, "两个亮斑一样亮"
    # 同一张热力图，把两只猫的身份对调后一模一样：亮斑不带“属于谁”的信息
    assert np.array_equal(whole, heatmap(ears[::-1], (H, W)))
    out = (ROOT / "snippets/outputs/cv_tasks_heatmaps.txt").read_text(encoding="utf-8")
    assert f"2 个亮斑 {peaks(whole)}" in out


def test_top_down_crops_have_one_peak_that_maps_back_to_the_right_ear(scene):
    for i, (box, ear) in enumerate(_cat_boxes_and_left_ears(*scene), start=1):
        crop_box = enlarge(box)
        small = heatmap([to_crop(ear, crop_box)], (CROP_H, CROP_W))
        (found,) = peaks(small)
        x, y = from_crop(found, crop_box)
        cell_w, cell_h = crop_box[2] / CROP_W, crop_box[3] / CROP_H  # 小图上一格对应原图多少像素
        assert abs(x - ear[0]) <= cell_w and abs(y - ear[1]) <= cell_h, i
    assert "误差不超过小图上的一格" in PAGE


def test_crop_coordinates_round_trip():
    rng = np.random.default_rng(0)
    for _ in range(100):
        box = tuple(rng.uniform(1, 80, 4))
        point = tuple(rng.uniform(0, 100, 2))
        assert from_crop(to_crop(point, box), box) == pytest.approx(point)
    x, y, w, h = enlarge((10, 20, 40, 30), 1.5)
    assert (x + w / 2, y + h / 2, w, h) == pytest.approx((30, 35, 60, 45)), "放大时中心不动"


def test_small_cats_ear_is_inside_the_big_cats_crop(scene):
    """页面：大猫的框裁出的小图里，也露出了小猫的左耳。"""
    (big_box, _), (_, small_ear) = _cat_boxes_and_left_ears(*scene)
    x, y, w, h = enlarge(big_box)
    assert x <= small_ear[0] < x + w and y <= small_ear[1] < y + h
    assert "也露出了小猫的左耳" in PAGE
