"""检查 docs/cv/tasks.md 上关于六种视觉任务、数据集和 backbone + head 的说法。"""

import re

import numpy as np
import pytest
import torch

from snippets.cv_tasks import (
    CLASSES,
    HEADS,
    NUM_CLASSES,
    NUM_KEYPOINTS,
    H,
    TinyBackbone,
    W,
    bbox,
    classification,
    detection,
    instance_map,
    keypoint_labels,
    localization,
    make_scene,
    semantic_map,
)
from snippets.facts import Source
from snippets.facts.datasets import (
    COCO_KEYPOINTS_PER_PERSON,
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


def test_output_forms_on_the_page(scene):
    """页面的对比表：一个标签；一个框；一组框；H×W 类别图；H×W 实例图；K 个点。"""
    objects, masks = scene
    assert isinstance(classification(objects, masks), str)
    assert len(localization(objects, masks)[1]) == 4
    assert all(len(box) == 4 for _, box in detection(objects, masks))
    assert semantic_map(objects, masks).shape == instance_map(masks).shape == (H, W)
    assert H * W == 19200 and "19200" in PAGE


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
        assert str(d.num_classes) in PAGE
        for number in re.findall(r"\d[\d,]*\d", d.images):
            assert number in PAGE, f"页面上缺少 {d.name} 的数字 {number}"
    assert _page_number(IMAGENET_FULL_IMAGES) in PAGE and _page_number(IMAGENET_FULL_SYNSETS) in PAGE
    assert "17 个关键点" in PAGE and by_name["COCO"].num_classes == 80


def test_page_has_the_corrections_and_links():
    assert '!!! warning "勘误"' in PAGE
    assert "piexl" in PAGE and "实列分割" in PAGE and "一般 backbone 是分类" in PAGE
    assert "(../dl/convolution.md)" in PAGE and "(history.md)" in PAGE
