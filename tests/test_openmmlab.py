"""检查 docs/openmmlab/ecosystem.md 上的说法：迷你注册器 / 配置 / 执行器的行为，以及代码库表格与事实数据一致。"""

import re
from datetime import date

import pytest
import torch

from snippets.facts import openmmlab as facts
from snippets.openmmlab import (
    CNN_CONFIG,
    CONFIG,
    DATASETS,
    MODELS,
    OPTIMIZERS,
    ImageClassifier,
    LinearClsHead,
    Registry,
    StripeDataset,
    TinyCNN,
    TinyMLP,
    accuracy,
    count_parameters,
    merge_config,
    run,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/openmmlab/ecosystem.md").read_text(encoding="utf-8")


# ---- 注册器 ----------------------------------------------------------------------------------------


def test_build_from_config_gives_the_right_classes_and_arguments():
    model = MODELS.build(CONFIG["model"])
    assert type(model) is ImageClassifier
    assert type(model.backbone) is TinyMLP and type(model.head) is LinearClsHead
    assert model.head.fc.in_features == 32 and model.head.fc.out_features == 3
    assert model(torch.zeros(5, 1, 8, 8)).shape == (5, 3)


def test_nested_configs_are_built_recursively_without_touching_the_config():
    before = repr(CONFIG)
    model = MODELS.build(CONFIG["model"])
    assert isinstance(model.backbone, torch.nn.Module)  # 子配置变成了模块，而不是字典
    assert repr(CONFIG) == before, "build 不应修改传进来的配置"


def test_default_args_fill_in_what_the_config_cannot_know():
    """页面说：优化器的 params 由执行器通过 default_args 补上。"""
    model = MODELS.build(CONFIG["model"])
    optimizer = OPTIMIZERS.build(CONFIG["optimizer"], params=model.parameters())
    assert type(optimizer) is torch.optim.Adam
    assert optimizer.defaults["lr"] == CONFIG["optimizer"]["lr"]
    assert sum(p.numel() for group in optimizer.param_groups for p in group["params"]) == count_parameters(model)


def test_unknown_type_raises_a_clear_key_error():
    with pytest.raises(KeyError) as error:
        MODELS.build(dict(type="ResNet", depth=50))
    message = error.value.args[0]
    assert "'ResNet'" in message and "'models'" in message
    assert "TinyCNN" in message and "TinyMLP" in message, "错误信息应列出已登记的名字"


def test_registering_a_name_twice_raises():
    registry = Registry("toy")

    @registry.register_module()
    class Block:
        pass

    with pytest.raises(KeyError, match="Block.*toy"):
        registry.register_module()(type("Block", (), {}))
    with pytest.raises(KeyError):
        MODELS.register_module(name="TinyMLP")(TinyCNN)
    assert MODELS.get("TinyMLP") is TinyMLP  # 原来的登记不受影响


def test_register_module_can_use_an_explicit_name():
    registry = Registry("toy")
    registry.register_module(name="Fancy")(dict)
    assert registry.build(dict(type="Fancy", a=1)) == {"a": 1}


def test_registries_are_separate():
    with pytest.raises(KeyError, match="datasets"):
        DATASETS.build(dict(type="TinyMLP"))


# ---- 配置继承与换部件 ----------------------------------------------------------------------------


def test_merge_config_overrides_only_what_is_written():
    assert CNN_CONFIG["model"]["backbone"] == dict(type="TinyCNN", out_channels=32)
    assert CONFIG["model"]["backbone"]["type"] == "TinyMLP", "合并不应修改基础配置"
    different = [key for key in CONFIG if CONFIG[key] != CNN_CONFIG[key]]
    assert different == ["model"]
    assert CNN_CONFIG["model"]["head"] == CONFIG["model"]["head"]


def test_merge_config_replaces_non_dict_values_and_copies():
    base = dict(a=dict(b=[1, 2], c=1), d=3)
    merged = merge_config(base, dict(a=dict(b=[9]), e=4))
    assert merged == dict(a=dict(b=[9], c=1), d=3, e=4)
    merged["a"]["c"] = 100
    assert base["a"]["c"] == 1, "合并结果与基础配置不共享内部字典"


def test_config_swap_changes_the_model():
    mlp, cnn = MODELS.build(CONFIG["model"]), MODELS.build(CNN_CONFIG["model"])
    assert type(mlp.backbone) is TinyMLP and type(cnn.backbone) is TinyCNN
    assert type(mlp.head) is type(cnn.head)


def test_parameter_counts_on_the_page():
    """页面：骨干网络 3136 和 1792 个参数，分类头 99 个；按层数出来。"""
    mlp, cnn = MODELS.build(CONFIG["model"]), MODELS.build(CNN_CONFIG["model"])
    assert count_parameters(mlp.backbone) == (64 * 32 + 32) + (32 * 32 + 32) == 3136
    assert count_parameters(cnn.backbone) == (1 * 8 * 9 + 8) + (8 * 16 * 9 + 16) + (16 * 32 + 32) == 1792
    assert count_parameters(mlp.head) == 32 * 3 + 3 == 99
    for number in ("3136", "1792"):
        assert number in PAGE


# ---- 数据与训练 ----------------------------------------------------------------------------------


def test_stripe_dataset_is_balanced_and_reproducible():
    data = StripeDataset(num_samples=300, seed=0)
    images, labels = data.tensors
    assert images.shape == (300, 1, 8, 8)
    assert torch.bincount(labels).tolist() == [100, 100, 100]
    assert torch.equal(images, StripeDataset(num_samples=300, seed=0).tensors[0])
    assert not torch.equal(images, StripeDataset(num_samples=300, seed=1).tensors[0])


def test_training_lowers_the_loss_for_both_configs():
    for cfg in (CONFIG, CNN_CONFIG):
        _, losses = run(cfg)
        assert len(losses) == cfg["train_cfg"]["max_epochs"] == 8
        assert losses[0] > 1.0, "三分类从随机猜开始，交叉熵约为 ln 3 ≈ 1.1"
        assert losses[-1] < 0.1 * losses[0]


def test_training_is_reproducible():
    _, first = run(CONFIG)
    _, second = run(CONFIG)
    assert first == second


def test_cnn_generalizes_better_on_this_data():
    """页面说：在这组数据上，参数更少的卷积骨干在测试集上更准。"""
    test_set = StripeDataset(num_samples=300, seed=1)
    mlp, _ = run(CONFIG)
    cnn, _ = run(CNN_CONFIG)
    assert count_parameters(cnn.backbone) < count_parameters(mlp.backbone)
    assert accuracy(cnn, test_set) > accuracy(mlp, test_set) > 0.8


# ---- 事实数据与页面 ------------------------------------------------------------------------------


def test_codebase_facts_are_consistent():
    names = [c.name for c in facts.CODEBASES]
    assert len(names) == len(set(names))
    for codebase in facts.CODEBASES:
        assert codebase.layer in facts.LAYERS
        assert (codebase.area in facts.AREAS) == (codebase.layer == facts.ALGORITHM)
        assert facts.FOUNDED_YEAR <= codebase.first_release <= facts.LECTURE_DATE.year
        assert bool(codebase.renamed_to) == (codebase.renamed_on is not None)
        if codebase.renamed_on:
            assert codebase.renamed_on > facts.LECTURE_DATE, "改名发生在课后"
        assert codebase.source.citation
    assert all(any(c.area == area for c in facts.CODEBASES) for area in facts.AREAS)


def test_the_brief_s_codebases_and_renames():
    expected = {
        "MMCV", "MMEngine", "MIM", "MMClassification", "MMDetection", "MMDetection3D", "MMRotate", "MMYOLO",
        "MMSegmentation", "MMOCR", "MMPose", "MMHuman3D", "MMAction2", "MMTracking", "MMFlow", "MMEditing",
        "MMGeneration", "MMFewShot", "MMRazor", "MMDeploy", "MMSelfSup",
    }  # fmt: skip
    assert {c.name for c in facts.CODEBASES} == expected
    assert {c.name for c in facts.CODEBASES if c.renamed_to == "MMPreTrain"} == {"MMClassification", "MMSelfSup"}
    assert {c.name for c in facts.CODEBASES if c.renamed_to == "MMagic"} == {"MMEditing", "MMGeneration"}
    assert facts.by_name("MMClassification").renamed_on == date(2023, 4, 7)
    assert facts.by_name("MMEditing").renamed_on == date(2023, 4, 25)


def test_release_history_years():
    by_year = {}
    for codebase in facts.CODEBASES:
        by_year.setdefault(codebase.first_release, set()).add(codebase.name)
    assert by_year[2018] == {"MMCV", "MMDetection"}
    assert by_year[2020] == {
        "MMAction2", "MMSegmentation", "MMPose", "MMDetection3D", "MMClassification", "MMEditing"
    }  # fmt: skip
    assert by_year[2022] == {"MMRotate", "MMEngine", "MMYOLO"}
    assert 2019 not in by_year
    assert len(by_year[2021]) == 10


def test_openmmlab_2_dates_and_claims():
    assert facts.OPENMMLAB_2_RELEASED.isoformat() == "2022-09-01"
    assert (facts.OPENMMLAB_2_RELEASED - facts.MMENGINE_V010).days == 1
    assert facts.CLAIMED_LINES == {"MMEngine": 80, "原始 PyTorch 示例": 400}
    assert facts.LECTURE_OVERVIEW == {"架构": 1, "研究方向": 20, "算法": 300, "预训练模型": 2000}
    for text in ("2022 年 9 月 1 日", "2022-08-31", "80 行", "400 行", "2023-04-07", "2023-04-25"):
        assert text in PAGE


def test_page_table_matches_the_facts():
    """页面上的代码库表格：每个算法库一行，方向、首发年份、课后变化都与 snippets/facts/openmmlab.py 一致。"""
    rows = {}
    for line in PAGE.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"\d{4}", cells[3]):
            rows[cells[1]] = cells
    algorithms = [c for c in facts.CODEBASES if c.layer == facts.ALGORITHM]
    assert set(rows) == {c.name for c in algorithms}
    for codebase in algorithms:
        area, _, _, year, change = rows[codebase.name]
        assert area == codebase.area
        assert int(year) == codebase.first_release
        assert change == (f"并入 {codebase.renamed_to}" if codebase.renamed_to else "—")


def test_lecture_overview_numbers_on_the_page():
    numbers = facts.LECTURE_OVERVIEW
    sentence = (
        f"{numbers['架构']} 个架构、{numbers['研究方向']} 多个研究方向、{numbers['算法']} 多种算法、"
        f"{numbers['预训练模型']} 多个预训练模型"
    )
    assert sentence in PAGE
