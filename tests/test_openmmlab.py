"""检查 docs/openmmlab/ecosystem.md 上的说法：迷你注册器 / 配置 / 执行器的行为，以及代码库表格与事实数据一致。"""

import contextlib
import re
from datetime import date

import pytest
import torch

from snippets import openmmlab
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
    compare_backbones,
    count_parameters,
    merge_config,
    run,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/openmmlab/ecosystem.md").read_text(encoding="utf-8")
SOURCE = (ROOT / "snippets/openmmlab.py").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def trained():
    """两份配置各训练一次，供几条测试共用。"""
    return {name: run(cfg) for name, cfg in (("mlp", CONFIG), ("cnn", CNN_CONFIG))}


# ---- 注册器 ----------------------------------------------------------------------------------------


def test_build_from_config_gives_the_right_classes_and_arguments():
    model = MODELS.build(CONFIG["model"])
    assert type(model) is ImageClassifier
    assert type(model.backbone) is TinyMLP and type(model.head) is LinearClsHead
    assert model.head.fc.in_features == 32 and model.head.fc.out_features == 3
    assert model(torch.zeros(5, 1, 8, 8)).shape == (5, 3)


def test_nested_configs_are_built_by_the_parent_module_without_touching_the_config():
    before = repr(CONFIG)
    model = MODELS.build(CONFIG["model"])
    assert isinstance(model.backbone, torch.nn.Module)  # ImageClassifier 自己把子配置构建成了模块
    assert repr(CONFIG) == before, "build 不应修改传进来的配置"


def test_registry_does_not_build_nested_dicts_like_mmengine():
    """页面说：注册器不递归构建子配置，norm_cfg=dict(type='BN') 这样的参数原样传给类。"""
    registry = Registry("toy")
    registry.register_module(name="Layer")(dict)
    built = registry.build(dict(type="Layer", norm_cfg=dict(type="BN")))
    assert built == {"norm_cfg": {"type": "BN"}}


def test_config_wins_over_default_args_and_type_may_be_a_class():
    """页面说：default_args 只补配置里没写的键（setdefault），type 也可以直接写类。"""
    registry = Registry("toy")
    registry.register_module(name="Box")(dict)
    assert registry.build(dict(type="Box", a=1), default_args=dict(a=2, b=3)) == {"a": 1, "b": 3}
    assert registry.build(dict(type=dict, a=1)) == {"a": 1}
    optimizer = OPTIMIZERS.build(
        dict(type=torch.optim.SGD, lr=0.1), default_args=dict(params=[torch.zeros(1, requires_grad=True)])
    )
    assert type(optimizer) is torch.optim.SGD and optimizer.defaults["lr"] == 0.1


def test_default_args_fill_in_what_the_config_cannot_know():
    """页面说：优化器的 params 由执行器通过 default_args 补上。"""
    model = MODELS.build(CONFIG["model"])
    optimizer_cfg = CONFIG["optim_wrapper"]["optimizer"]
    optimizer = OPTIMIZERS.build(optimizer_cfg, default_args=dict(params=model.parameters()))
    assert type(optimizer) is torch.optim.Adam
    assert optimizer.defaults["lr"] == optimizer_cfg["lr"]
    assert sum(p.numel() for group in optimizer.param_groups for p in group["params"]) == count_parameters(model)


def test_unknown_type_raises_a_clear_key_error():
    with pytest.raises(KeyError) as error:
        MODELS.build(dict(type="ResNet", depth=50))
    message = error.value.args[0]
    assert "'ResNet'" in message and "'models'" in message
    assert "拼错" in message and "导入" in message
    assert "TinyMLP" not in message, "页面说：和 MMEngine 一样不列出已登记的名字"


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


def test_config_uses_mmengine_runner_key_names():
    """页面说：顶层的键名沿用 MMEngine 执行器的参数名。"""
    assert list(CONFIG) == ["model", "train_dataloader", "optim_wrapper", "train_cfg", "randomness"]
    assert set(CONFIG["train_dataloader"]) == {"batch_size", "sampler", "dataset"}
    assert CONFIG["train_dataloader"]["sampler"] == dict(type="DefaultSampler", shuffle=True)
    assert list(CONFIG["optim_wrapper"]) == ["optimizer"]
    assert CONFIG["train_cfg"] == dict(by_epoch=True, max_epochs=8)
    for old_key in ("train_dataset", "optimizer"):
        assert old_key not in CONFIG
    assert "batch_size" not in CONFIG["train_cfg"]


def test_runner_refuses_iteration_based_training():
    with pytest.raises(NotImplementedError):
        run(merge_config(CONFIG, dict(train_cfg=dict(by_epoch=False))))


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


def test_delete_key_replaces_the_whole_dict():
    merged = merge_config(CONFIG, dict(model=dict(backbone=dict(_delete_=True, type="TinyCNN"))))
    assert merged["model"]["backbone"] == dict(type="TinyCNN")
    assert merged["model"]["head"] == CONFIG["model"]["head"]


# 自测题 2 里的骨干网络：构造参数叫 feat_dims，没有 out_channels，输出 64 维
@MODELS.register_module()
class WideMLP(torch.nn.Module):
    def __init__(self, feat_dims=64):
        super().__init__()
        self.layers = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, feat_dims), torch.nn.ReLU())

    def forward(self, x):
        return self.layers(x)


def test_self_check_2_inherited_key_breaks_the_build():
    """自测题 2：只改 type，继承来的 out_channels=32 让不接受它的骨干网络在构建时就报 TypeError。"""
    merged = merge_config(CONFIG, dict(model=dict(backbone=dict(type="WideMLP"))))
    assert merged["model"]["backbone"] == dict(type="WideMLP", out_channels=32)
    with pytest.raises(TypeError, match="unexpected keyword argument 'out_channels'"):
        MODELS.build(merged["model"])


def test_self_check_2_a_backbone_that_accepts_the_key_just_works():
    """自测题 2 的括号：接受 out_channels 的骨干网络（TinyCNN）按继承来的 32 维构建，前向计算正常。"""
    model = MODELS.build(CNN_CONFIG["model"])
    assert model(torch.zeros(2, 1, 8, 8)).shape == (2, 3)


def test_self_check_2_delete_builds_but_the_head_must_change_too():
    """自测题 2：_delete_=True 之后能构建，但分类头还是 32 维输入，前向报 RuntimeError；再改 head 就好了。"""
    swap = dict(_delete_=True, type="WideMLP", feat_dims=64)
    merged = merge_config(CONFIG, dict(model=dict(backbone=swap)))
    model = MODELS.build(merged["model"])
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        model(torch.zeros(2, 1, 8, 8))
    fixed = merge_config(CONFIG, dict(model=dict(backbone=swap, head=dict(in_channels=64))))
    assert MODELS.build(fixed["model"])(torch.zeros(2, 1, 8, 8)).shape == (2, 3)
    assert "_delete_=True" in PAGE and "unexpected keyword argument 'out_channels'" in PAGE


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


def test_class_2_is_a_diagonal_shifted_right_with_wrap_around():
    """页面说：第三类是对角线，向右循环移位若干列，出界的部分从左边绕回来。"""
    images, labels = StripeDataset(num_samples=300, noise=0.0, seed=0).tensors
    shifts = set()
    for image in images[labels == 2, 0]:
        rows, cols = torch.nonzero(image, as_tuple=True)
        assert rows.tolist() == list(range(8)), "每行恰好一个亮点"
        k = (cols[0] - rows[0]).item() % 8
        assert ((cols - rows) % 8 == k).all(), "亮点在同一条（循环的）对角线上"
        shifts.add(k)
    assert shifts == set(range(8)), "各种移位都出现，移位不为 0 时对角线在右边界折回"
    assert "对角线向右循环移位若干列，出界的部分从左边绕回来" in PAGE


def test_training_lowers_the_loss_for_both_configs(trained):
    for _, losses in trained.values():
        assert len(losses) == CONFIG["train_cfg"]["max_epochs"] == 8
        assert losses[0] > 1.0, "三分类从随机猜开始，交叉熵约为 ln 3 ≈ 1.1"
        assert losses[-1] < 0.1 * losses[0]


def test_training_is_reproducible():
    _, first = run(CONFIG)
    _, second = run(CONFIG)
    assert first == second


def test_mlp_overfits_and_cnn_is_better_for_this_seed(trained):
    """页面说：种子 0 下多层感知机训练集 100%、测试集 91.0%（过拟合），卷积骨干测试集 97.7%。"""
    test_set = StripeDataset(num_samples=300, seed=1)
    train_set = DATASETS.build(CONFIG["train_dataloader"]["dataset"])
    (mlp, mlp_losses), (cnn, _) = trained["mlp"], trained["cnn"]
    assert mlp_losses[-1] < 0.03 and accuracy(mlp, train_set) == 1.0
    assert accuracy(mlp, test_set) < accuracy(mlp, train_set) - 0.05, "训练集与测试集的差距说明过拟合"
    assert count_parameters(cnn.backbone) < count_parameters(mlp.backbone)
    assert accuracy(cnn, test_set) > accuracy(mlp, test_set) + 0.03
    for text in ("0.024", "100%", "91.0%", "97.7%"):
        assert text in PAGE


def test_the_comparison_flips_for_another_seed():
    """页面说：换成种子 5，卷积骨干 8 轮没训练充分，测试集准确率不如多层感知机。"""
    results = compare_backbones(openmmlab.OTHER_SEED)
    mlp_loss, _, mlp_test = results["TinyMLP"]
    cnn_loss, _, cnn_test = results["TinyCNN"]
    assert cnn_test < mlp_test - 0.03
    assert cnn_loss > 5 * mlp_loss, "卷积骨干的最后一轮损失还很高：没训练充分"
    assert f"种子换成 {openmmlab.OTHER_SEED}" in PAGE


def test_page_line_count_of_the_mini_version():
    """页面说：迷你版本约 150 行（不算空行），指页面上展示的五段代码。"""
    count = 0
    for name in ("registry", "components", "config", "merge", "runner"):
        body = SOURCE.split(f"# --8<-- [start:{name}]\n")[1].split(f"# --8<-- [end:{name}]")[0]
        count += sum(1 for line in body.splitlines() if line.strip())
    assert abs(count - 150) <= 15, count
    assert "约 150 行代码（不算空行）" in PAGE


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
        assert bool(codebase.merged_into) == (codebase.merged_on is not None)
        if codebase.merged_on:
            assert codebase.merged_on < facts.LECTURE_DATE, "merged_into 记的是课前的合并"
            assert codebase.merged_into in {c.name for c in facts.CODEBASES}
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
    assert {c.name for c in facts.CODEBASES if c.renamed_to == "MMagic"} == {"MMEditing"}
    assert facts.by_name("MMClassification").renamed_on == date(2023, 4, 7)
    assert facts.by_name("MMEditing").renamed_on == date(2023, 4, 25)
    generation = facts.by_name("MMGeneration")
    assert (generation.merged_into, generation.merged_on) == ("MMEditing", date(2022, 9, 23))
    assert not generation.renamed_to, "MMGeneration 课前已并入 MMEditing 1.x，不是课后并入 MMagic"
    assert "MMEditing 1.0.0rc1 has merged MMGeneration 1.x" in facts.MMAGIC_CHANGELOG.citation


def test_release_history_years():
    by_year = {}
    for codebase in facts.CODEBASES:
        by_year.setdefault(codebase.first_release, set()).add(codebase.name)
    assert by_year[2018] == {"MMCV", "MMDetection"}
    assert by_year[2020] == {
        "MMAction2", "MMSegmentation", "MMPose", "MMDetection3D", "MMClassification", "MMEditing"
    }  # fmt: skip
    assert by_year[2022] == {"MMRotate", "MMEngine", "MMYOLO"}
    assert len(by_year[2021]) == 10
    early = {c.name: c.released for c in facts.EARLY_CODEBASES}
    assert early == {
        "MMAction": date(2019, 6, 19), "MMSR": date(2019, 7, 25),
        "MMSkeleton": date(2019, 8, 29), "MMFashion": date(2019, 11, 1),
    }  # fmt: skip
    for name, day in early.items():
        assert f"{name}（{day:%Y-%m}" in PAGE


def test_openmmlab_2_dates_and_claims():
    assert facts.OPENMMLAB_2_RELEASED.isoformat() == "2022-09-01"
    assert (facts.OPENMMLAB_2_RELEASED - facts.MMENGINE_V010).days == 1
    assert facts.CLAIMED_LINES == {"MMEngine": 80, "原始 PyTorch 示例": 400}
    assert facts.LECTURE_OVERVIEW == {"架构": 1, "研究方向": 20, "算法": 300, "预训练模型": 2000}
    for text in ("2022 年 9 月 1 日", "2022-08-31", "80 行", "400 行", "2023-04-07", "2023-04-25", "2022-09-23"):
        assert text in PAGE
    rc, rc_day = facts.MMDET_RC_AT_LECTURE
    assert rc_day < facts.LECTURE_DATE < facts.MMDET_300
    assert f"{rc}（{rc_day}）" in PAGE and facts.MMDET_300.isoformat() in PAGE


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
        if codebase.renamed_to:
            verb = "并入" if sum(c.renamed_to == codebase.renamed_to for c in facts.CODEBASES) > 1 else "改名为"
            expected = f"{codebase.renamed_on:%Y-%m} {verb} {codebase.renamed_to}"
        elif codebase.merged_into:
            expected = f"{codebase.merged_on:%Y-%m} 并入 {codebase.merged_into} 1.x（课前）"
        else:
            expected = "—"
        assert change == expected


def test_release_year_sources_are_what_the_page_says():
    """页面说：年份取自更新日志或 README 里最早的版本记录（MMCV 取引用条目的年份）、
    2020 年 7 月的发布文章，或课上的发布历程。"""
    kinds = {}
    for codebase in facts.CODEBASES:
        citation = codebase.source.citation
        found = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", citation)
        if found:  # 更新日志或 README 里的版本记录：年份必须和记下的首发年份一致
            assert int(found.group(3)) == codebase.first_release, codebase.name
            kinds[codebase.name] = "record"
        elif "2018 年版 README" in citation or "引用条目 year=" in citation:
            assert str(codebase.first_release) in citation, codebase.name
            kinds[codebase.name] = "record"
        elif "知乎 2020" in citation:
            assert codebase.first_release == 2020, codebase.name
            kinds[codebase.name] = "zhihu"
        else:
            assert "课程幻灯片" in citation, codebase.name
            kinds[codebase.name] = "slides"
    assert set(kinds.values()) == {"record", "zhihu", "slides"}
    assert kinds["MMRazor"] == kinds["MMFewShot"] == "record", "两者的 README 写着 v0.1.0 的发布日期"
    assert "README：v0.1.0 was released in 12/23/2021" in facts.by_name("MMRazor").source.citation
    assert "README：v0.1.0 was released in 24/11/2021" in facts.by_name("MMFewShot").source.citation
    assert "MMOCR v0.1.0 发布于 2021-04-07" in PAGE and "7/4/2021" in facts.by_name("MMOCR").source.citation
    assert "MMRazor v0.1.0 发布于 2021-12-23" in PAGE
    assert "更新日志或 README 里最早的版本记录" in PAGE and "OpenMMLab 2020 年 7 月的发布文章" in PAGE
    assert "课上的发布历程" in PAGE and "MMCV 取的是 README 引用条目里的年份" in PAGE
    assert "MMDetection 取的是 2018 年版的 README" in PAGE


def test_mmediting_release_candidate_at_the_lecture():
    """页面说：上课时 MMEditing 是 1.0.0rc5（2023-01-04）；下一个候选版在课后。"""
    rc, day = facts.MMEDITING_RC_AT_LECTURE
    _, next_day = facts.MMEDITING_NEXT_RC
    assert day < facts.LECTURE_DATE < next_day
    assert f"MMEditing 当时是 {rc}（{day}）" in PAGE
    assert f"v{rc} ({day:%d/%m/%Y})" in facts.MMAGIC_CHANGELOG.citation
    assert f"v{facts.MMEDITING_NEXT_RC[0]} ({next_day:%d/%m/%Y})" in facts.MMAGIC_CHANGELOG.citation


def test_timeline_marks_the_lecture_with_a_red_dotted_line():
    """图 1 的 alt 说：一条红色点线标出课程日期。"""
    from matplotlib.colors import to_hex

    from snippets.plotting import COLORS

    fig = openmmlab.draw_release_timeline()
    red = [line for line in fig.axes[0].lines if to_hex(line.get_color()) == to_hex(COLORS["red"])]
    assert len(red) == 1 and red[0].get_linestyle() == ":"
    assert "红色点线标出课程日期" in PAGE and "红色虚线" not in PAGE


def test_faster_rcnn_excerpt_keeps_the_order_of_the_real_config():
    """节选里的键按真实配置的顺序排列，data_preprocessor 没有被悄悄删掉。"""
    block = PAGE.split("faster-rcnn_r50_fpn.py（节选")[1].split("```")[0]
    keys = re.findall(r"^\s+(\w+)=", block, flags=re.M)
    assert keys == list(facts.FASTER_RCNN_MODEL_KEYS[: len(keys)]), "只能在末尾用 ... 省略"
    assert len(keys) >= 6 and block.rstrip().endswith("...)")
    assert "data_preprocessor=dict(type='DetDataPreprocessor', ...)" in block


def test_lecture_overview_numbers_on_the_page():
    numbers = facts.LECTURE_OVERVIEW
    sentence = (
        f"{numbers['架构']} 个架构、{numbers['研究方向']} 多个研究方向、{numbers['算法']} 多种算法、"
        f"{numbers['预训练模型']} 多个预训练模型"
    )
    assert sentence in PAGE


# ---- OpenMMLab 2.0 的版本搭配 ----------------------------------------------------------------------

VERSIONS_OUTPUT = (ROOT / "snippets/outputs/openmmlab_versions.md").read_text(encoding="utf-8")
SECTION_2_0 = PAGE.split("## OpenMMLab 2.0：具体改了什么")[1].split("## 自测题")[0]
SELF_CHECK_5 = PAGE.split('??? question "5.')[1].split("## 参考资料")[0]


def _readings(written):
    """出处里一个日期写法可能表示的日期：ISO、“April 6, 2023”，或“a/b/年”的两种读法（日/月、月/日）。"""
    from datetime import datetime

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        return {date.fromisoformat(written)}
    if re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", written):
        return {datetime.strptime(written, "%B %d, %Y").date()}
    a, b, year = map(int, written.split("/"))
    readings = set()
    for day, month in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):  # 例如 31/8 不能读成 8 月之外的“31 月”
            readings.add(date(year, month, day))
    return readings


def _released_by(codebase, day):
    """某一天（含）为止某个库发布过的版本号。"""
    return [r.version for r in facts.version_line(codebase).releases if r.released <= day]


def test_every_release_date_is_written_in_its_source():
    """每个日期都能在出处的原文里找到，并且原文的写法确实能读成这个日期；每个出处都有地址。"""
    for line in facts.VERSION_LINES:
        for release in line.releases:
            assert release.written in release.source.citation, (line.codebase, release.version)
            assert release.released in _readings(release.written), (line.codebase, release.version)
            assert release.source.url.startswith("https://"), release.source
        for requires in line.requires:
            assert requires.source.url.startswith("https://"), requires.source
    for source in (facts.MMDET_GET_STARTED, facts.PIP_PRERELEASES, facts.MMDET_PYPI, facts.MMCV_VERSIONS_JSON):
        assert source.url.startswith("https://")


def test_versions_and_dates_increase_together():
    """同一个库的版本号越大，发布日期越晚。这也确定了 MMEngine 更新日志里“04/03/2023”读作 4 月 3 日（月/日/年）。"""
    from packaging.version import Version

    for line in facts.VERSION_LINES:
        by_version = sorted(line.releases, key=lambda r: Version(r.version))
        assert [r.released for r in by_version] == sorted({r.released for r in line.releases}), line.codebase
    mmengine = facts.version_line("MMEngine")
    assert facts.release(mmengine, "0.7.1").released == date(2023, 4, 3)
    assert _readings("04/03/2023") == {date(2023, 4, 3), date(2023, 3, 4)}, "单看写法是有歧义的"


def test_pypi_upload_dates_agree_with_the_changelogs_within_three_days():
    """PyPI 的上传日期与更新日志最多差 3 天；页面举的例子（MMDetection 3.0.0rc6）就是差得最多的一个。"""
    gaps = {}
    for line in facts.VERSION_LINES:
        for r in line.releases:
            gap = (r.uploaded - r.released).days
            assert 0 <= gap <= 3, (line.codebase, r.version)
            if r.source in (facts.MMCV_PYPI, facts.MMCLS_RC6):
                assert gap == 0, "出处就是 PyPI 时两个日期相同"
            gaps[line.codebase, r.version] = gap
    assert max(gaps.values()) == gaps["MMDetection", "3.0.0rc6"] == 3
    assert "3.0.0rc6 的更新日志写 2023-02-24，PyPI 上传于 2023-02-27" in SECTION_2_0


def test_release_candidates_at_the_lecture():
    """表里标作“候选版”的上课时版本，都在 2023-02-01 当天或之前发布，下一个版本和正式版都在课后。"""
    from packaging.version import Version

    lecture = facts.LECTURE_DATE
    candidates = {}
    for line in facts.VERSION_LINES:
        current = facts.latest_on(line, lecture)
        later = [r for r in line.releases if r.released > lecture]
        if current is None:
            assert all(r.released > lecture for r in line.releases)
            continue
        assert current.released <= lecture and later, line.codebase
        if Version(current.version).is_prerelease:
            candidates[line.codebase] = current.version
            if line.final:
                assert facts.release(line, line.final).released > lecture
            else:
                assert line.final_note, "没有正式版时要说明原因"
    assert candidates == {"MMCV": "2.0.0rc4", "MMDetection": "3.0.0rc5", "MMClassification": "1.0.0rc5"}
    assert facts.latest_on(facts.version_line("MMEngine"), lecture).version == "0.5.0"
    assert facts.latest_on(facts.version_line("MMPreTrain"), lecture) is None
    mmdet = facts.version_line("MMDetection")
    current = facts.latest_on(mmdet, lecture)
    assert (current.version, current.released) == facts.MMDET_RC_AT_LECTURE, "与本节第一段的说法一致"
    assert facts.release(mmdet, mmdet.final).released == facts.MMDET_300


def test_table_cells_follow_the_facts():
    """生成的表格：每个库一行，上课时的版本、正式版和版本要求都来自 VERSION_LINES；带 rc 的标“候选版”。"""
    rows = [line.strip("|").split("|") for line in VERSIONS_OUTPUT.splitlines()[2:]]
    assert len(rows) == len(facts.VERSION_LINES) == 5
    for cells, line in zip(rows, facts.VERSION_LINES):
        name, lecture, final, mmengine, mmcv = (c.strip() for c in cells)
        assert name.startswith(f"{line.codebase} {line.series}")
        current = facts.latest_on(line, facts.LECTURE_DATE)
        if current:
            assert lecture.startswith(current.version) and lecture.endswith(str(current.released))
            assert ("候选版" in lecture) == ("rc" in current.version)
        if line.final:
            assert final == f"{line.final}<br>{facts.release(line, line.final).released}"
        else:
            assert final == line.final_note
        for shown in {r.version for r in line.requires} & {current and current.version, line.final}:
            spec = next(r for r in line.requires if r.version == shown)
            assert spec.mmengine in mmengine or line.codebase == "MMEngine"
            assert spec.mmcv in mmcv or line.codebase == "MMCV"
    assert '--8<-- "snippets/outputs/openmmlab_versions.md"' in SECTION_2_0


def test_footnotes_of_the_table_are_defined_on_the_page():
    """表里每行的脚注、表下说明里版本范围的出处，都在页面上有定义。"""
    keys = re.findall(r"\[\^([\w-]+)\]", VERSIONS_OUTPUT)
    assert keys == [line.footnote for line in facts.VERSION_LINES]
    for key in keys:
        assert f"\n[^{key}]: " in PAGE, key
    for key in ("mmdet-faq", "mmpretrain-faq", "mmcls-rc5", "mmcv-compat"):  # 版本范围等的出处，在表下的说明里引用
        assert f"[^{key}]" in SECTION_2_0 and f"\n[^{key}]: " in PAGE, key


def test_requirements_are_the_faq_rows():
    """MMDetection、MMPreTrain 的版本要求与各自 FAQ 兼容表的原文（MMDET_FAQ_ROWS、MMPRETRAIN_FAQ_ROWS）相同，
    兼容表的每一行也确实写在出处的引文里。"""
    checked = 0
    for codebase, rows, source in (
        ("MMDetection", facts.MMDET_FAQ_ROWS, facts.MMDET_FAQ),
        ("MMPreTrain", facts.MMPRETRAIN_FAQ_ROWS, facts.MMPRETRAIN_FAQ),
    ):
        for requires in facts.version_line(codebase).requires:
            mmcv, mmengine = rows[requires.version]
            assert requires.source == source
            where = (codebase, requires.version)
            assert requires.mmcv == re.sub(r"^mmcv", "", mmcv.replace(" ", "")), where
            assert requires.mmengine == re.sub(r"^mmengine", "", mmengine.replace(" ", "")), where
            assert mmcv in source.citation and mmengine in source.citation
            checked += 1
    assert checked == 5


MMCV_CANDIDATES = {r.version for r in facts.version_line("MMCV").releases} | {"1.7.1", "2.0.0rc0", "2.0.1", "2.1.0"}
MMENGINE_CANDIDATES = {r.version for r in facts.version_line("MMEngine").releases} | {"0.2.0", "0.3.0", "1.0.0"}


def test_requirements_are_what_the_packages_enforce():
    """安装包的两处要求（导入时的检查 [最低, 最高)、METADATA 里 mim 的依赖，后者由 pip 按 PEP 440 理解）取交集，
    就是表里的范围。MMDetection 3.0.0rc5 的交集也正好是 FAQ 里那一行。"""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    candidates = {"mmcv": MMCV_CANDIDATES, "mmengine": MMENGINE_CANDIDATES}
    for (codebase, version), checks in facts.PACKAGE_CHECKS.items():
        requires = next(r for r in facts.version_line(codebase).requires if r.version == version)
        for package in ("mmcv", "mmengine"):
            low, high = checks["import"][package]
            mim = SpecifierSet(checks["mim"][package])
            for v in candidates[package]:
                enforced = Version(low) <= Version(v) < Version(high) and mim.contains(v, prereleases=True)
                assert facts.satisfies(v, getattr(requires, package)) == enforced, (codebase, package, v)
            assert f"mmcv_maximum_version = '{checks['import']['mmcv'][1]}'" in requires.source.citation or (
                requires.source == facts.MMDET_FAQ
            )
    rc5 = facts.PACKAGE_CHECKS["MMDetection", "3.0.0rc5"]
    assert f"mmcv_minimum_version = '{rc5['import']['mmcv'][0]}'" in facts.MMDET_RC5_PACKAGE.citation
    assert "`2.0.0rc0` 到 `2.1.0` 之间" in SECTION_2_0


def test_satisfies_differs_from_pip_only_for_prereleases_below_the_upper_bound():
    """表里的范围按 OpenMMLab 导入时的检查理解：“<2.0.0”包括 2.0.0 的候选版；pip（PEP 440）不包括。页面说明了这一点。"""
    from packaging.specifiers import SpecifierSet

    mmcls_range = facts.version_line("MMClassification").requires[0].mmcv
    assert facts.satisfies("2.0.0rc4", mmcls_range) and not facts.satisfies("2.0.0", mmcls_range)
    assert not SpecifierSet(mmcls_range).contains("2.0.0rc4", prereleases=True)
    for line in facts.VERSION_LINES:  # 其余的范围两种理解给出的结果一样
        for r in line.requires:
            for spec, candidates in ((r.mmcv, MMCV_CANDIDATES), (r.mmengine, MMENGINE_CANDIDATES)):
                if spec and spec != mmcls_range:
                    for v in candidates:
                        assert facts.satisfies(v, spec) == SpecifierSet(spec).contains(v, prereleases=True), (spec, v)
    assert "pip 按 PEP 440 理解时，`<2.0.0` 不包括 2.0.0 的候选版" in SECTION_2_0


def test_each_requirement_could_be_met_on_its_release_day():
    """每个版本发布那天，它要求的 MMEngine 和 MMCV 都已经有满足要求的版本发布了。"""
    for line in facts.VERSION_LINES:
        for requires in line.requires:
            day = facts.release(line, requires.version).released
            for package, codebase in (("mmengine", "MMEngine"), ("mmcv", "MMCV")):
                spec = getattr(requires, package)
                if spec:
                    available = _released_by(codebase, day)
                    assert any(facts.satisfies(v, spec) for v in available), (line.codebase, requires.version, package)


def test_the_lecture_time_versions_install_together():
    """上课那天各自最新的 MMEngine 0.5.0 和 MMCV 2.0.0rc4，满足上课时 MMDetection、MMClassification 和 MMCV 的要求。"""
    lecture = facts.LECTURE_DATE
    engine = facts.latest_on(facts.version_line("MMEngine"), lecture).version
    cv = facts.latest_on(facts.version_line("MMCV"), lecture).version
    assert (engine, cv) == ("0.5.0", "2.0.0rc4")
    checked = set()
    for line in facts.VERSION_LINES:
        current = facts.latest_on(line, lecture)
        for r in line.requires:
            if current and r.version == current.version:
                assert facts.satisfies(engine, r.mmengine) and facts.satisfies(cv, r.mmcv), line.codebase
                checked.add(line.codebase)
    assert checked == {"MMEngine", "MMCV", "MMDetection", "MMClassification"}


def test_mmcv_1x_does_not_mix_with_the_2_0_codebases():
    """页面：MMCV 1.x 不能和 MMDetection 3.x 这样的 2.0 算法库混用。"""
    for codebase in ("MMDetection", "MMClassification", "MMPreTrain"):
        for requires in facts.version_line(codebase).requires:
            assert not facts.satisfies(facts.MMCV_1X_LATEST, requires.mmcv), (codebase, requires.version)
            assert facts.satisfies("2.0.0", requires.mmcv) or facts.satisfies("2.0.0rc4", requires.mmcv)
    assert "MMCV 1.x（当时带 CUDA 算子的包叫 `mmcv-full`）不能和 MMDetection 3.x 这样的 2.0 算法库混用" in SECTION_2_0
    assert "`mmcv-full` is rename to `mmcv`" in facts.MMDET_FAQ.citation


def test_mmcls_rc5_rejects_the_final_mmcv_and_rc6_came_the_same_day():
    mmcls = facts.version_line("MMClassification")
    (rc5,) = mmcls.requires
    assert not facts.satisfies("2.0.0", rc5.mmcv)
    mmcv_final = facts.release(facts.version_line("MMCV"), "2.0.0").released
    assert facts.release(mmcls, "1.0.0rc6").released == mmcv_final
    assert "fix mmcv requirements" in facts.MMCLS_RC6.citation
    assert "它要求 MMCV `<2.0.0`" in SECTION_2_0 and "当天发布的 1.0.0rc6" in SECTION_2_0


def test_mmengine_does_not_depend_on_mmcv():
    """表里 MMEngine 一行写“不依赖”：它的运行依赖里没有 mmcv（本站装的 mmengine-lite 的元数据也是这样）。"""
    from importlib.metadata import requires

    (row,) = facts.version_line("MMEngine").requires
    assert row.mmcv == ""
    assert not any(req.lower().startswith("mmcv") for req in requires("mmengine-lite"))
    assert "不依赖 MMCV" in facts.MMENGINE_RUNTIME.citation


def test_mmcv_final_release_slipped_from_the_plan():
    mmcv = facts.version_line("MMCV")
    final = facts.release(mmcv, mmcv.final).released
    assert facts.MMCV_PLANNED_FINAL < facts.LECTURE_DATE < final
    assert "January 1, 2023" in facts.MMCV_COMPATIBILITY.citation
    assert "April 6, 2023" in facts.MMCV_COMPATIBILITY.citation
    assert f"计划在 {facts.MMCV_PLANNED_FINAL} 发布 2.x 正式版，实际推迟到了 {final}" in SECTION_2_0


def test_install_advice_and_prereleases():
    """页面：文档的命令是 mim install "mmcv>=2.0.0"；2.0.0rc4 < 2.0.0；上课那天 "mmcv>=2.0.0" 匹配不上任何版本，
    "mmcv>=2.0.0rc1" 能选中 2.0.0rc4；不写版本时 pip 选 2.x 的正式版，写明 ==3.0.0rc5 才装候选版。
    pip 的选择规则用 packaging（pip 自带的就是它）来检查。"""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    assert 'mim install "mmcv>=2.0.0"' in facts.MMDET_GET_STARTED.citation
    assert '`mim install "mmcv>=2.0.0"`' in SECTION_2_0
    assert Version("2.0.0rc4") < Version("2.0.0")
    at_lecture = _released_by("MMCV", facts.LECTURE_DATE)
    assert list(SpecifierSet(">=2.0.0").filter(at_lecture)) == []
    assert max(SpecifierSet(">=2.0.0rc1").filter(at_lecture), key=Version) == "2.0.0rc4"
    stable, day = facts.MMDET_2X_BEFORE_LECTURE
    assert day < facts.LECTURE_DATE
    assert list(SpecifierSet("").filter([stable, "3.0.0rc5"])) == [stable], "不写版本：候选版不参与选择"
    assert list(SpecifierSet("==3.0.0rc5").filter([stable, "3.0.0rc5"])) == ["3.0.0rc5"]
    assert "By default, pip only finds stable versions" in facts.PIP_PRERELEASES.citation
    assert f"{stable} 上传于 {day}" in facts.MMDET_PYPI.citation
    assert stable.startswith("2.28") and "装到的是 2.x 系列的正式版 2.28" in SECTION_2_0
    assert '`"mmcv>=2.0.0"` 一个版本也匹配不上，得写 `"mmcv>=2.0.0rc1"`' in SECTION_2_0


def test_self_check_5_version_pairing():
    """自测题 5：mmcv-full 1.7.1 不满足 3.0.0rc5，MMEngine 0.5.0 满足；那天 mmcv>=2.0.0 装不上，
    mmcv>=2.0.0rc1 选中 2.0.0rc4；3.0.0 要 mmcv>=2.0.0 和 MMEngine 0.7.1 以上。"""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    mmdet = facts.version_line("MMDetection")
    rc5 = next(r for r in mmdet.requires if r.version == "3.0.0rc5")
    final = next(r for r in mmdet.requires if r.version == mmdet.final)
    assert not facts.satisfies("1.7.1", rc5.mmcv) and facts.satisfies("0.5.0", rc5.mmengine)
    at_lecture = _released_by("MMCV", facts.LECTURE_DATE)
    assert not list(SpecifierSet(">=2.0.0").filter(at_lecture))
    assert max(SpecifierSet(">=2.0.0rc1").filter(at_lecture), key=Version) == "2.0.0rc4"
    assert facts.satisfies("2.0.0", final.mmcv) and not facts.satisfies("2.0.0rc4", final.mmcv)
    assert facts.satisfies("0.7.1", final.mmengine) and not facts.satisfies("0.7.0", final.mmengine)
    for text in (f"`{rc5.mmcv}`", f"`{rc5.mmengine}`", "2023-04-06", "会选中 2.0.0rc4", "MMEngine 0.7.1 以上"):
        assert text in SELF_CHECK_5, text
