"""检查 docs/dl/pytorch-basics.md 上关于 PyTorch 基础的每一个说法，以及给动手练习复用的训练接口。"""

import ast
import math
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets import pytorch_basics as pb
from snippets.pytorch_basics import (
    EPOCHS,
    MLP,
    N_TEST,
    N_TRAIN,
    TEST_ACCURACY_THRESHOLD,
    PointDataset,
    accuracy,
    fit,
    make_circles,
    make_loader,
    make_moons,
    moons_bayes_predict,
    pick_device,
    train_moons_demo,
)

PAGE = (Path(__file__).resolve().parents[1] / "docs" / "dl" / "pytorch-basics.md").read_text(encoding="utf-8")


def printed(demo, capsys):
    demo()
    return capsys.readouterr().out


# ---------------------------------------------------------------- 张量


def test_tensor_dtypes_and_shapes():
    a = torch.tensor([[1, 2, 3], [4, 5, 6]])
    assert a.dtype == torch.int64 and a.shape == (2, 3) and a.ndim == 2 and a.numel() == 6
    assert torch.zeros(2, 3).dtype == torch.float32, "页面说：浮点张量默认是 float32"
    assert (a / 2).dtype == torch.float32, "页面说：整数相除得到浮点数"
    assert a[a > 2].tolist() == [3, 4, 5, 6]
    assert a.sum(dim=0).tolist() == [5, 7, 9] and a.sum(dim=1).tolist() == [6, 15]


def test_view_shares_memory_and_needs_contiguous():
    x = torch.arange(6.0)
    m = x.view(2, 3)
    m[0, 0] = 100.0
    assert x[0] == 100.0
    assert x.view(3, -1).shape == (3, 2)
    assert not m.T.is_contiguous()
    # 页面说：不连续的张量有时仍能 view（只插入长度为 1 的维度），仍共享内存
    v = m.T.view(3, 1, 2)
    assert v.shape == (3, 1, 2) and v.data_ptr() == x.data_ptr()
    v[2, 0, 1] = -5.0
    assert m[1, 2] == -5.0
    # 元素在内存里不等间隔时报错：转置后展平
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        m.T.view(6)
    assert m.T.reshape(6).tolist() == [100.0, 3.0, 1.0, 4.0, 2.0, -5.0]
    assert m.T.reshape(6).data_ptr() != x.data_ptr(), "不能 view 时 reshape 复制一份"
    assert m.reshape(6).data_ptr() == x.data_ptr(), "能 view 时 reshape 不复制"


def test_broadcasting_shapes():
    s = torch.zeros(3, 1) + torch.zeros(4)
    assert s.shape == (3, 4)
    assert (torch.ones(2, 3) @ s).shape == (2, 4)
    with pytest.raises(RuntimeError):
        torch.zeros(3) + torch.zeros(4)  # 两边都不是 1、又不相等的维度不能广播


def test_numpy_interop(capsys):
    arr = np.array([1.0, 2.0, 3.0])
    shared, copied = torch.from_numpy(arr), torch.tensor(arr)
    arr[0] = -1.0
    assert shared[0] == -1.0 and copied[0] == 1.0, "from_numpy 共享内存，torch.tensor 复制"
    assert shared.dtype == torch.float64
    back = copied.numpy()
    back[1] = 7.0
    assert copied[1] == 7.0, ".numpy() 也共享内存"
    with pytest.raises(RuntimeError):
        nn.Linear(3, 1)(shared)  # float64 送进 float32 的层
    assert "报错" in printed(pb.demo_numpy, capsys)


def test_pick_device_is_cpu_without_accelerator():
    device = pick_device()
    assert isinstance(device, torch.device)
    if not torch.accelerator.is_available():
        assert device.type == "cpu", "本站在 CPU 上生成"
    assert torch.zeros(2).to(device).device.type == device.type


def test_pick_device_falls_back_to_cuda_check_before_pytorch_2_6(monkeypatch):
    """页面说：没有 torch.accelerator 的旧版本用 torch.cuda.is_available()。"""
    monkeypatch.delattr(torch, "accelerator")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device() == torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert pick_device() == torch.device("cpu")


def test_pick_device_uses_the_accelerator_when_there_is_one(monkeypatch):
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: True)
    monkeypatch.setattr(torch.accelerator, "current_accelerator", lambda: torch.device("mps"))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert pick_device() == torch.device("mps")


def test_tensor_to_returns_a_new_tensor_module_to_works_in_place(capsys):
    x = torch.ones(2, 3)
    y = x.to(torch.float64)
    assert y is not x and x.dtype == torch.float32, "Tensor.to 不改原张量"
    assert x.to(torch.float32) is x, "已经是目标类型/设备时返回它自己"
    model = nn.Linear(3, 1)
    assert model.to(torch.float64) is model and model.weight.dtype == torch.float64, "Module.to 就地修改"
    out = printed(pb.demo_to, capsys)
    assert "是同一个对象吗？False" in out and "返回的是同一个对象吗？True" in out
    assert "模型参数变成了 torch.float64" in out


def test_numpy_needs_a_cpu_tensor_without_grad():
    """页面说：带梯度的张量要先 detach()；不在 CPU 上的张量要先 .cpu()。"""
    with pytest.raises(RuntimeError, match="detach"):
        torch.ones(2, requires_grad=True).numpy()
    with pytest.raises(TypeError, match="cpu"):
        torch.ones(2, device="meta").numpy()  # meta 设备代替 GPU：同样不是 CPU
    assert torch.ones(2, requires_grad=True).detach().numpy().tolist() == [1.0, 1.0]


class DeviceSpy:
    """记录 Tensor.to 的每次调用：(张量形状, 目标设备)。"""

    def __init__(self, monkeypatch):
        self.calls = []
        original = torch.Tensor.to

        def spy(tensor, *args, **kwargs):
            self.calls.append((tuple(tensor.shape), args[0] if args else kwargs.get("device")))
            return original(tensor, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, "to", spy)


def test_fit_and_accuracy_move_every_batch_to_the_model_device(monkeypatch):
    """页面说：fit 和 accuracy 先查出模型参数所在的设备，再把 xb、yb 搬过去。"""
    x, y = make_moons(40, seed=0)
    torch.manual_seed(0)
    model = MLP()
    spy = DeviceSpy(monkeypatch)
    fit(model, x, y, epochs=1, batch_size=20, seed=0)
    cpu = torch.device("cpu")
    batch_moves = [shape for shape, device in spy.calls if device == cpu]
    # 每批的 xb (20, 2) 和 yb (20,)，各两批；accuracy 还要搬一次整个训练集
    assert batch_moves.count((20, 2)) == 2 and batch_moves.count((20,)) == 2
    assert (40, 2) in batch_moves and (40,) in batch_moves


def test_cross_entropy_accepts_float_one_hot_but_not_integer_one_hot(capsys):
    """页面说：从 PyTorch 1.10 起标签可以是浮点概率；浮点 one-hot 与类别编号损失相同，整数 one-hot 报错。"""
    logits, target = torch.tensor(LOGITS), torch.tensor(TARGET)
    one_hot = F.one_hot(target, num_classes=3)
    assert one_hot.dtype == torch.int64
    assert F.cross_entropy(logits, one_hot.float()).item() == pytest.approx(F.cross_entropy(logits, target).item())
    with pytest.raises(RuntimeError, match="Expected floating point type for target with class probabilities"):
        F.cross_entropy(logits, one_hot)
    with pytest.raises(RuntimeError):  # 形状与 logits 不同：当作类别编号，必须是整数
        F.cross_entropy(logits, target.float())
    soft = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    expected = -(soft * F.log_softmax(logits, dim=1)).sum(dim=1).mean()
    assert F.cross_entropy(logits, soft).item() == pytest.approx(expected.item())
    out = printed(pb.demo_functional, capsys)
    assert f"标签写成浮点的 one-hot 概率：{F.cross_entropy(logits, target):.4f}" in out
    assert "标签写成整数的 one-hot：报错" in out


def test_functional_is_stateless_weights_are_passed_in():
    """页面说：F.linear、F.conv2d 自己不存参数，权重由调用者传进去。"""
    torch.manual_seed(0)
    layer, conv = nn.Linear(3, 2), nn.Conv2d(1, 4, 3)
    x, img = torch.randn(5, 3), torch.randn(1, 1, 6, 6)
    assert torch.equal(F.linear(x, layer.weight, layer.bias), layer(x))
    assert torch.equal(F.conv2d(img, conv.weight, conv.bias), conv(img))
    assert torch.allclose(F.linear(x, layer.weight, layer.bias), x @ layer.weight.T + layer.bias)


# ---------------------------------------------------------------- 自动求导


def test_autograd_matches_hand_derivative(capsys):
    """loss = (w·x + b - t)²：∂loss/∂w = 2(w·x + b - t)·x，∂loss/∂b = 2(w·x + b - t)。"""
    x, t, w, b = 2.0, 5.0, 3.0, 1.0
    residual = w * x + b - t
    dw, db = 2 * residual * x, 2 * residual
    assert (residual**2, dw, db) == (4.0, 8.0, 4.0)
    out = printed(pb.demo_autograd, capsys)
    assert f"w.grad = {dw}，b.grad = {db}" in out
    assert f"w.grad = {2 * dw}（累加，不是覆盖）" in out, "第二次 backward 把梯度加到原来的上面"
    assert "y.requires_grad = False" in out


def test_no_grad_and_detach():
    w = torch.tensor(3.0, requires_grad=True)
    with torch.no_grad():
        y = w * 2
    assert not y.requires_grad and y.grad_fn is None
    assert not w.detach().requires_grad
    assert (w * 2).requires_grad


# ---------------------------------------------------------------- torch.nn.functional


LOGITS = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]
TARGET = [0, 2]


def hand_cross_entropy(logits, target):
    """交叉熵 = -log softmax(z)[y] 的平均，log softmax(z)_k = z_k - log Σ_j exp(z_j)。"""
    losses = [-(row[y] - math.log(sum(math.exp(v) for v in row))) for row, y in zip(logits, target)]
    return sum(losses) / len(losses), losses


def test_cross_entropy_equals_hand_computation(capsys):
    mean, losses = hand_cross_entropy(LOGITS, TARGET)
    logits, target = torch.tensor(LOGITS), torch.tensor(TARGET)
    assert F.cross_entropy(logits, target).item() == pytest.approx(mean, abs=1e-6)
    assert F.cross_entropy(logits, target, reduction="none").tolist() == pytest.approx(losses, abs=1e-6)
    assert losses[1] > losses[0], "页面说：第二个样本的正确类别分数低，损失大"
    out = printed(pb.demo_functional, capsys)
    assert f"F.cross_entropy = {mean:.4f}，手算 = {mean:.4f}" in out


def test_softmax_and_relu():
    p = F.softmax(torch.tensor(LOGITS), dim=1)
    assert torch.allclose(p.sum(dim=1), torch.ones(2))
    assert p.argmax(dim=1).tolist() == [0, 1]
    assert F.relu(torch.tensor([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.0, 2.0]


def test_cross_entropy_on_probabilities_is_wrong():
    """自测题：把 softmax 后的概率传给 F.cross_entropy 会再做一次 softmax，得到的不是交叉熵。"""
    logits, target = torch.tensor(LOGITS), torch.tensor(TARGET)
    right = F.cross_entropy(logits, target)
    wrong = F.cross_entropy(F.softmax(logits, dim=1), target)
    assert abs(wrong - right) > 0.1
    # 即使预测完全正确（one-hot 概率），再做一次 softmax 后损失也降不到 log(e + 2) - 1 ≈ 0.551 以下
    perfect = torch.tensor([[1.0, 0.0, 0.0]])
    floor = F.cross_entropy(perfect, torch.tensor([0])).item()
    assert floor == pytest.approx(math.log(math.e + 2) - 1, abs=1e-6)
    assert round(floor, 2) == 0.55
    assert F.cross_entropy(torch.tensor([[10.0, 0.0, 0.0]]), torch.tensor([0])).item() < 1e-4


def test_softmax_before_cross_entropy_shrinks_the_gradient():
    """自测题 3：多做一次 softmax，传回 logits 的梯度变小（1000 个随机样本上都更小，中位数不到原来的 1/4）。"""
    g = torch.Generator().manual_seed(0)
    ratios = []
    for _ in range(1000):
        z = (torch.randn(1, 3, generator=g) * 3).requires_grad_()
        y = torch.randint(0, 3, (1,), generator=g)
        (right,) = torch.autograd.grad(F.cross_entropy(z, y), z)
        (wrong,) = torch.autograd.grad(F.cross_entropy(F.softmax(z, dim=1), y), z)
        ratios.append((wrong.norm() / right.norm()).item())
    assert max(ratios) < 1 and sorted(ratios)[500] < 0.25


# ---------------------------------------------------------------- nn.Module


def test_mlp_parameter_count_matches_formula():
    model = MLP(2, 16, 2)
    expected = (2 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)
    assert sum(p.numel() for p in model.parameters()) == expected == 354
    names = [name for name, _ in model.named_parameters()]
    assert names == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "out.weight", "out.bias"]
    assert list(model.state_dict()) == names
    assert model(torch.zeros(5, 2)).shape == (5, 2)
    assert sum(p.numel() for p in MLP(2, 32, 2).parameters()) == 1218, "自测题 5"


def test_state_dict_round_trip_and_dropout_modes(capsys):
    out = printed(pb.demo_module, capsys)
    assert "参数总数：354" in out
    assert "加载后两个模型的输出相同：True" in out
    train_line = next(line for line in out.splitlines() if line.startswith("训练模式："))
    assert set(ast.literal_eval(train_line.removeprefix("训练模式："))) == {0.0, 2.0}, (
        "训练模式下 Dropout 置 0 或乘以 2"
    )
    assert "评估模式：[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]" in out


def test_eval_mode_still_records_the_graph():
    """自测题 4：eval() 不关掉计算图，no_grad() 才关。"""
    model = MLP().eval()
    assert model(torch.zeros(1, 2)).requires_grad
    with torch.no_grad():
        assert not model(torch.zeros(1, 2)).requires_grad


def test_accuracy_restores_mode():
    model = MLP()
    x, y = make_moons(20, seed=0)
    model.train()
    accuracy(model, x, y)
    assert model.training
    model.eval()
    accuracy(model, x, y)
    assert not model.training


# ---------------------------------------------------------------- torch.optim


def test_sgd_step_moves_against_gradient():
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, t = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]])
    loss = F.mse_loss(model(x), t)
    optimizer.zero_grad()
    loss.backward()
    before = [p.detach().clone() for p in model.parameters()]
    grads = [p.grad.clone() for p in model.parameters()]
    optimizer.step()
    for p, p0, g in zip(model.parameters(), before, grads):
        assert torch.allclose(p, p0 - 0.1 * g)
    assert F.mse_loss(model(x), t) < loss
    optimizer.zero_grad()
    assert all(p.grad is None for p in model.parameters()), "zero_grad() 默认把梯度置为 None"


def test_optim_demo_prints_matching_update(capsys):
    lines = printed(pb.demo_optim, capsys).splitlines()
    updated = next(line for line in lines if line.startswith("更新后 w")).split("=", 1)[1]
    by_hand = next(line for line in lines if line.startswith("w - 0.1 × grad")).split("=", 1)[1]
    assert updated == by_hand


# ---------------------------------------------------------------- 数据


def test_make_moons_shape_balance_and_determinism():
    x, y = make_moons(301, noise=0.2, seed=3)
    assert x.shape == (301, 2) and x.dtype == torch.float32
    assert y.shape == (301,) and y.dtype == torch.int64
    assert y.sum().item() == 151 and set(y.tolist()) == {0, 1}
    x2, y2 = make_moons(301, noise=0.2, seed=3)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert not torch.equal(x, make_moons(301, noise=0.2, seed=4)[0])


def test_noise_free_moons_lie_on_the_two_half_circles():
    x, y = make_moons(200, noise=0.0, seed=0)
    upper, lower = x[y == 0], x[y == 1]
    assert torch.allclose(upper.norm(dim=1), torch.ones(len(upper)), atol=1e-5)
    assert torch.all(upper[:, 1] >= -1e-6)
    centre = torch.tensor([1.0, 0.5])
    assert torch.allclose((lower - centre).norm(dim=1), torch.ones(len(lower)), atol=1e-5)
    assert torch.all(lower[:, 1] <= 0.5 + 1e-6)


def test_make_circles_radii():
    x, y = make_circles(400, noise=0.0, factor=0.5, seed=0)
    assert torch.allclose(x[y == 0].norm(dim=1), torch.tensor(1.0))
    assert torch.allclose(x[y == 1].norm(dim=1), torch.tensor(0.5))


def test_dataset_and_loader():
    x, y = make_moons(100, seed=0)
    dataset = PointDataset(x, y)
    assert len(dataset) == 100
    xi, yi = dataset[7]
    assert torch.equal(xi, x[7]) and yi == y[7]

    loader = make_loader(x, y, batch_size=32, seed=0)
    assert len(loader) == math.ceil(100 / 32) == 4
    batches = list(loader)
    assert [len(yb) for _, yb in batches] == [32, 32, 32, 4]
    seen = torch.cat([xb for xb, _ in batches])
    assert sorted(map(tuple, seen.tolist())) == sorted(map(tuple, x.tolist())), "一个 epoch 恰好把每个样本用一次"

    again = [yb.tolist() for _, yb in make_loader(x, y, batch_size=32, seed=0)]
    assert again == [yb.tolist() for _, yb in batches], "同样的种子，同样的顺序"
    second_epoch = [yb.tolist() for _, yb in loader]
    assert second_epoch != again, "每个 epoch 重新打乱"


# ---------------------------------------------------------------- 完整的训练


@pytest.fixture(scope="module")
def demo_run():
    return train_moons_demo()


def test_training_reaches_stated_accuracy(demo_run):
    model, history, (x, y), (x_test, y_test) = demo_run
    assert len(x) == N_TRAIN and len(x_test) == N_TEST
    assert len(history["loss"]) == len(history["accuracy"]) == len(history["val_accuracy"]) == EPOCHS
    assert accuracy(model, x_test, y_test) >= TEST_ACCURACY_THRESHOLD
    assert history["val_accuracy"][-1] == accuracy(model, x_test, y_test)
    assert history["accuracy"][-1] >= TEST_ACCURACY_THRESHOLD
    assert all(v >= TEST_ACCURACY_THRESHOLD for v in history["val_accuracy"][10:]), (
        "页面说：从第 11 轮起一直在 95% 以上"
    )
    assert history["val_accuracy"][9] < TEST_ACCURACY_THRESHOLD
    assert f"{accuracy(model, x_test, y_test):.1%}" == "97.6%"


def test_loss_decreases(demo_run):
    _, history, _, _ = demo_run
    loss = history["loss"]
    assert loss[0] > 0.5 and loss[-1] < 0.15
    assert loss[-1] < loss[len(loss) // 2] < loss[0]
    assert loss[0] < math.log(2) + 0.05, "第一轮的平均损失从 ln 2（瞎猜）附近开始往下走"
    assert loss[34] > 1.3 * max(loss[33], loss[-1]), "页面说：第 35 轮附近损失有一次小的反弹"


def test_figure_alt_text_numbers(demo_run):
    """图 1 的替代文本说：损失从约 0.64 降到 20 轮后的 0.1 左右；训练集和测试集准确率从约 80% 上升，
    十几轮后越过 95%，之后一直在 97% 上下，两条线几乎重合。"""
    _, history, _, _ = demo_run
    loss, train, test = history["loss"], history["accuracy"], history["val_accuracy"]
    assert loss[0] == pytest.approx(0.64, abs=0.005) and loss[19] == pytest.approx(0.1, abs=0.01)
    for acc in (train, test):
        assert acc[0] == pytest.approx(0.80, abs=0.01)
        first_above = next(i for i, a in enumerate(acc, start=1) if a > TEST_ACCURACY_THRESHOLD)
        assert 10 <= first_above < 20
        assert all(0.955 < a < 0.98 for a in acc[20:])
    assert max(abs(a - b) for a, b in zip(train, test)) < 0.02
    (alt,) = [line for line in PAGE.splitlines() if "figs/pytorch_basics_moons.svg" in line]
    for phrase in ["从约 0.64 迅速下降，20 轮后降到 0.1 左右", "从约 80% 上升，十几轮后越过", "之后一直在 97% 上下"]:
        assert phrase in alt


def test_same_seed_gives_identical_history(demo_run):
    _, history, _, _ = demo_run
    assert train_moons_demo()[1] == history


def test_different_init_seed_gives_different_history_but_still_learns(demo_run):
    """页面说：只把 torch.manual_seed(0) 换成别的种子（数据和打乱顺序不变），每轮的数字会变，
    测试集准确率仍在 95% 以上（种子 1、2、3：97.5%、97.3%、97.7%）。"""
    _, history, _, (x_test, y_test) = demo_run
    for init_seed, stated in [(1, "97.5%"), (2, "97.3%"), (3, "97.7%")]:
        model, other, _, _ = train_moons_demo(init_seed=init_seed)
        assert other["loss"] != history["loss"]
        acc = accuracy(model, x_test, y_test)
        assert acc >= TEST_ACCURACY_THRESHOLD and f"{acc:.1%}" == stated
    assert "把 `torch.manual_seed(0)` 换成别的种子" in PAGE
    assert "（例如种子 1、2、3 分别是 97.5%、97.3%、97.7%）" in PAGE


def test_printed_demo_matches_reusable_run(demo_run, capsys):
    """页面上显示的代码用的是字面值，与 train_moons_demo 的常量必须是同一次训练。"""
    model, history, _, (x_test, y_test) = demo_run
    lines = printed(pb.demo_train, capsys).splitlines()
    assert lines[-1] == f"测试集准确率：{accuracy(model, x_test, y_test):.1%}"
    assert lines[1].split()[:2] == ["1", f"{history['loss'][0]:.4f}"]
    assert lines[-2].split()[:2] == [str(EPOCHS), f"{history['loss'][-1]:.4f}"]


def test_remaining_error_is_mostly_noise(demo_run):
    """页面说：最优（贝叶斯）分类器也要错约 3%，MLP 在 2 万个新样本上错 3.4%；
    在那 1000 个测试样本上，最优分类器错 1.9%，MLP 错 2.4%。"""
    model, _, _, (x_test, y_test) = demo_run
    x, y = make_moons(20_000, noise=0.2, seed=7)
    bayes_error = (moons_bayes_predict(x) != y).float().mean().item()
    mlp_error = 1 - accuracy(model, x, y)
    assert round(bayes_error, 2) == 0.03
    assert f"{mlp_error:.1%}" == "3.4%"
    assert bayes_error < mlp_error < bayes_error + 0.01
    assert f"{(moons_bayes_predict(x_test) != y_test).float().mean().item():.1%}" == "1.9%"
    assert f"{1 - accuracy(model, x_test, y_test):.1%}" == "2.4%"


def test_fit_without_validation_and_with_sgd():
    x, y = make_moons(200, seed=5)
    torch.manual_seed(0)
    history = fit(MLP(), x, y, epochs=30, lr=0.1, batch_size=20, seed=0, optimizer="sgd")
    assert history["val_accuracy"] == []
    assert history["loss"][-1] < history["loss"][0]
    with pytest.raises(KeyError):
        fit(MLP(), x, y, epochs=1, optimizer="rmsprop")


def test_mlp_learns_circles():
    x, y = make_circles(300, noise=0.1, seed=0)
    x_test, y_test = make_circles(1000, noise=0.1, seed=1)
    torch.manual_seed(0)
    model = MLP()
    fit(model, x, y, seed=0)
    assert accuracy(model, x_test, y_test) >= 0.95


def test_training_is_fast_on_cpu():
    """页面说：40 轮训练在 CPU 上不到一秒（单线程约 0.2 秒）。量的是本进程占用的 CPU 时间而不是墙上时间，
    别的进程抢 CPU 时也不会误报；只用一个线程，免得线程之间空等也算进来。
    页面上在此之前已经创建过优化器（torch.optim 第一次创建时会一次性导入约 1 秒的模块），这里也先建一个。"""
    torch.optim.SGD(MLP().parameters(), lr=0.1)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        start = time.process_time()
        train_moons_demo()
        assert time.process_time() - start < 1.0
    finally:
        torch.set_num_threads(threads)
    assert "在 CPU 上不到一秒就能跑完" in PAGE and "一秒左右" not in PAGE


# ---------------------------------------------------------------- 当前的 PyTorch 写法


@pytest.mark.parametrize(
    "demo",
    [
        pb.demo_tensors,
        pb.demo_shapes,
        pb.demo_numpy,
        pb.demo_to,
        pb.demo_autograd,
        pb.demo_functional,
        pb.demo_module,
        pb.demo_optim,
        pb.demo_data,
        pb.demo_train,
    ],
)
def test_no_deprecation_warnings(demo, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        demo()
        pick_device()
