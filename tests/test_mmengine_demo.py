"""检查 docs/openmmlab/ecosystem.md 上关于真实 MMEngine 的说法，并把迷你版本（snippets/openmmlab.py）
与 MMEngine 放在一起运行：同一份配置两边构建出同样的对象，页面点名的每一处异同都由同时运行两边的测试给出。"""

import runpy
import tempfile
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper
from mmengine.registry import OPTIMIZERS, Registry
from mmengine.runner import EpochBasedTrainLoop

import snippets.mmengine_demo as real
from snippets import openmmlab as mini
from tests.conftest import ROOT

PAGE = (ROOT / "docs/openmmlab/ecosystem.md").read_text(encoding="utf-8")
BASE, CHILD = real.config_path("stripes_mlp.py"), real.config_path("stripes_cnn.py")


@pytest.fixture(scope="module")
def trained():
    """用执行器按基础配置训练一次，供几条测试共用（约 1 秒）。"""
    with tempfile.TemporaryDirectory() as work_dir:
        runner, log = real.train(BASE, work_dir)
        checkpoints = sorted(p.name for p in Path(work_dir).glob("*.pth"))
        yield runner, real.clean_log(log, work_dir), checkpoints


def both(name="toy"):
    """一对同名的空注册器：迷你版本的和 MMEngine 的。"""
    return mini.Registry(name), Registry(name)


# ---- 注册器：迷你版本与 MMEngine 的 build 行为相同的地方 ------------------------------------------


def test_same_config_file_builds_the_same_object_graph_with_the_same_weights():
    """同一个配置文件的 model，两边构建出同样的部件树；同一个种子下初始权重逐个相等。
    唯一多出的是 MMEngine 的 BaseModel 自带的数据预处理器 data_preprocessor（没有参数）。"""
    cfg = Config.fromfile(BASE)
    torch.manual_seed(0)
    ours = mini.MODELS.build(cfg.model)
    torch.manual_seed(0)
    theirs = real.MODELS.build(cfg.model)
    tree = [(n, type(m)) for n, m in theirs.named_modules() if not n.startswith("data_preprocessor") and n]
    assert tree == [(n, type(m)) for n, m in ours.named_modules() if n]
    assert type(theirs.backbone) is type(ours.backbone) is mini.TinyMLP
    assert [n for n, _ in theirs.named_children()] == ["data_preprocessor", "backbone", "head"]
    assert not list(theirs.data_preprocessor.parameters())
    ours_state, theirs_state = ours.state_dict(), theirs.state_dict()
    assert ours_state.keys() == theirs_state.keys()
    assert all(torch.equal(ours_state[k], theirs_state[k]) for k in ours_state)
    assert "同一个种子下初始权重也逐个相等" in PAGE


@pytest.mark.parametrize("side", [0, 1], ids=["mini", "mmengine"])
def test_config_value_wins_over_default_args(side):
    registry = both()[side]
    registry.register_module(name="Box")(dict)
    assert registry.build(dict(type="Box", a=1), default_args=dict(a=2, b=3)) == {"a": 1, "b": 3}


@pytest.mark.parametrize("side", [0, 1], ids=["mini", "mmengine"])
def test_nested_dicts_are_passed_through_unbuilt(side):
    registry = both()[side]
    registry.register_module(name="Layer")(dict)
    assert registry.build(dict(type="Layer", norm_cfg=dict(type="BN"))) == {"norm_cfg": {"type": "BN"}}


@pytest.mark.parametrize("side", [0, 1], ids=["mini", "mmengine"])
def test_type_may_be_a_class_or_come_from_default_args(side):
    registry = both()[side]
    assert registry.build(dict(type=dict, a=1)) == {"a": 1}
    assert registry.build(dict(a=1), default_args=dict(type=dict)) == {"a": 1}


@pytest.mark.parametrize("side", [0, 1], ids=["mini", "mmengine"])
def test_build_does_not_modify_the_config(side):
    registry = both()[side]
    cfg = dict(type=dict, a=1)
    registry.build(cfg, default_args=dict(b=2))
    assert cfg == dict(type=dict, a=1)


@pytest.mark.parametrize("side", [0, 1], ids=["mini", "mmengine"])
def test_registering_a_name_twice_raises_key_error(side):
    registry = both()[side]
    registry.register_module(name="Box")(dict)
    with pytest.raises(KeyError, match="Box"):
        registry.register_module(name="Box")(list)


# ---- 注册器：页面点名的不同之处，每一条都两边各跑一次 --------------------------------------------


def test_unknown_name_is_a_key_error_on_both_sides_with_different_messages():
    ours, theirs = both("model")
    messages = []
    for registry in (ours, theirs):
        with pytest.raises(KeyError) as error:
            registry.build(dict(type="ResNet"))
        messages.append(error.value.args[0])
    assert "拼错" in messages[0] and "ResNet" in messages[0]
    assert "ResNet is not in the" in messages[1] and "registry. Please check" in messages[1]
    # get：MMEngine 找不到时返回 None（由 build 报错），迷你版本的 get 自己就抛 KeyError
    assert theirs.get("ResNet") is None
    with pytest.raises(KeyError):
        ours.get("ResNet")
    assert "`get` 找不到名字时返回 `None`" in PAGE


def test_mmengine_allows_force_to_overwrite_a_name_the_mini_version_does_not():
    ours, theirs = both()
    theirs.register_module(name="Box")(dict)
    theirs.register_module(name="Box", force=True)(list)
    assert theirs.get("Box") is list
    ours.register_module(name="Box")(dict)
    with pytest.raises(TypeError):
        ours.register_module(name="Box", force=True)
    assert "`force=True`" in PAGE


def test_a_list_of_configs_becomes_sequential_only_in_mmengine():
    """MMEngine 的 MODELS 把一串配置构建成 Sequential；迷你版本只接受一个字典。"""
    cfgs = [dict(type="TinyMLP"), dict(type="LinearClsHead", in_channels=32, num_classes=3)]
    model = real.MODELS.build(cfgs)
    assert isinstance(model, torch.nn.Sequential) and [type(m) for m in model] == [mini.TinyMLP, mini.LinearClsHead]
    with pytest.raises(ValueError):
        mini.MODELS.build(cfgs)
    assert "一串配置（列表）构建成 `Sequential`" in PAGE


def test_mmengine_registries_have_a_scope_and_a_parent_the_mini_ones_do_not():
    child = Registry("model", parent=real.MODELS, scope="cvnotes")
    assert child.parent is real.MODELS and real.MODELS.scope == "mmengine"
    assert child.get("TinyMLP") is mini.TinyMLP, "子注册器找不到的名字去父注册器里找"
    assert child.get("mmengine.TinyMLP") is mini.TinyMLP, "也可以写“作用域.名字”"
    assert not hasattr(mini.MODELS, "parent") and not hasattr(mini.MODELS, "scope")


# ---- 配置：Config.fromfile 与迷你版本的 merge_config -----------------------------------------------


def own_keys(path):
    """一个配置文件自己写的变量（不含 _base_），即子配置里“只写不同的地方”的那部分。"""
    return {k: v for k, v in runpy.run_path(path).items() if not k.startswith("_")}


def test_child_file_is_the_base_merged_with_what_the_child_writes_on_both_sides():
    child = own_keys(CHILD)
    assert child["model"]["backbone"]["_delete_"] is True
    assert Config.fromfile(CHILD).to_dict() == mini.merge_config(own_keys(BASE), child)
    assert own_keys(BASE) == Config.fromfile(BASE).to_dict()


def test_child_config_overrides_as_the_page_says():
    cfg = Config.fromfile(CHILD)
    assert cfg.model.backbone == dict(type="TinyCNN"), "_delete_=True：out_channels 没有继承"
    assert cfg.model.head == Config.fromfile(BASE).model.head
    assert cfg.optim_wrapper.optimizer == dict(type="Adam", lr=0.01)
    without_delete = mini.merge_config(own_keys(BASE), dict(model=dict(backbone=dict(type="TinyCNN"))))
    assert without_delete["model"]["backbone"] == dict(type="TinyCNN", out_channels=32)


def test_a_dict_over_a_non_dict_fails_in_mmengine_and_replaces_in_the_mini_version():
    base, child = dict(a=1), dict(a=dict(b=2))
    with pytest.raises(TypeError, match="_delete_"):
        Config._merge_a_into_b(child, base)
    assert mini.merge_config(base, child) == dict(a=dict(b=2))
    assert "MMEngine 会报 `TypeError`" in PAGE


def test_config_files_use_the_mmengine_2_key_names():
    keys = list(Config.fromfile(BASE).keys())
    assert keys == ["model", "train_dataloader", "optim_wrapper", "train_cfg", "default_hooks", "randomness"]


# ---- 执行器：页面说每部分配置做了什么 ---------------------------------------------------------------


def test_the_runner_built_what_each_part_of_the_config_asks_for(trained):
    runner, _, _ = trained
    assert type(runner.model) is real.ImageClassifier and type(runner.model.backbone) is mini.TinyMLP
    assert isinstance(runner.train_loop, EpochBasedTrainLoop) and runner.train_loop.max_epochs == 8
    loader = runner.train_dataloader
    assert loader.batch_size == 30 and len(loader) == 10 and type(loader.sampler).__name__ == "DefaultSampler"
    assert isinstance(runner.optim_wrapper, OptimWrapper)
    optimizer = runner.optim_wrapper.optimizer
    assert type(optimizer) is torch.optim.Adam and optimizer.defaults["lr"] == 0.005
    hooks = {type(h).__name__: h for h in runner.hooks}
    assert hooks["LoggerHook"].interval == 10 and hooks["CheckpointHook"].interval == 8
    assert runner.seed == 0


def test_log_has_one_line_per_epoch_and_the_loss_falls(trained):
    _, lines, checkpoints = trained
    epochs = [line for line in lines if line.startswith("Epoch(train)")]
    assert [line.split("]")[0] for line in epochs] == [f"Epoch(train) [{i}" for i in range(1, 9)]
    assert all("[10/10]" in line and "lr: 5.0000e-03" in line for line in epochs)
    losses = [float(line.rsplit("loss: ", 1)[1]) for line in epochs]
    assert losses[0] > 1.0 and losses[-1] < 0.05 * losses[0]
    assert losses == sorted(losses, reverse=True)
    assert lines[-1] == "Saving checkpoint at 8 epochs" and checkpoints == ["epoch_8.pth"]
    for text in (f"{losses[0]:.4f}", f"{losses[-1]:.4f}", "epoch_8.pth", "[10/10]"):
        assert text in PAGE


def test_logger_interval_sets_how_often_a_line_is_printed(tmp_path):
    cfg_file = tmp_path / "every5.py"
    cfg_file.write_text(f'_base_ = ["{BASE}"]\ndefault_hooks = dict(logger=dict(interval=5))\n')
    _, log = real.train(str(cfg_file), tmp_path / "work")
    epochs = [line for line in real.clean_log(log, tmp_path / "work") if line.startswith("Epoch(train)")]
    assert len(epochs) == 16 and "[1][ 5/10]" in epochs[0]


def test_same_seed_same_log_and_mini_runner_trains_the_same_file(trained):
    _, lines, _ = trained
    with tempfile.TemporaryDirectory() as work_dir:
        _, log = real.train(BASE, work_dir)
        assert real.clean_log(log, work_dir) == lines
    _, losses = mini.run(Config.fromfile(BASE))  # 迷你执行器读同一个配置文件（它只用得到其中几个键）
    assert losses[-1] < 0.1 * losses[0]


def test_same_initial_weights_but_the_samplers_shuffle_differently(trained):
    """页面说：损失与迷你执行器的相近但不相同，因为两边打乱数据的顺序不同（初始权重相同，见上面的测试）。"""
    runner, lines, _ = trained
    cfg = Config.fromfile(BASE)
    _, mini_losses = mini.run(cfg)
    real_first = float(lines[1].rsplit("loss: ", 1)[1])
    assert abs(real_first - mini_losses[0]) < 0.05 and f"{real_first:.4f}" != f"{mini_losses[0]:.4f}"
    runner.train_dataloader.sampler.set_epoch(0)
    real_order = list(runner.train_dataloader.sampler)
    loader = torch.utils.data.DataLoader(range(300), shuffle=True, generator=torch.Generator().manual_seed(0))
    mini_order = [int(i) for i in loader]
    assert sorted(real_order) == sorted(mini_order) == list(range(300)) and real_order != mini_order


def test_clean_log_removes_times_eta_memory_and_paths():
    raw = (
        "12/03 08:17:26 - mmengine - INFO - Epoch(train) [1][10/10]  lr: 5.0000e-03  eta: 0:00:01  "
        "time: 0.0014  data_time: 0.0004  memory: 120  loss: 1.0803\n"
        "12/03 08:17:26 - mmengine - INFO - Checkpoints will be saved to /tmp/abc.\n"
        "12/03 08:17:26 - mmengine - WARNING - something\n"
        "12/03 08:17:26 - mmengine - INFO - Exp name: x_20261203_081726\n"
    )
    assert real.clean_log(raw, "/tmp/abc") == [
        "Epoch(train) [1][10/10]  lr: 5.0000e-03  loss: 1.0803",
        "Checkpoints will be saved to <work_dir>.",
    ]


def test_build_demo_claims():
    backbone = real.MODELS.build(dict(type="TinyCNN", out_channels=16))
    adam = OPTIMIZERS.build(dict(type="Adam", lr=0.01), default_args=dict(params=backbone.parameters(), lr=1.0))
    assert adam.defaults["lr"] == 0.01, "配置里写了的 lr 胜过 default_args"
    assert backbone.layers[-2].out_features == 16
