"""检查 docs/dl/cnn-layers.md 上关于卷积神经网络各层的每一个说法。"""

import math
import re

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.cnn_layers import (
    CONV_CASES,
    DYING_CASES,
    GLOBAL_POOL_SHIFTS,
    POOL_EXAMPLE,
    SATURATION_X,
    SHIFT,
    LeNet,
    LocallyConnected2d,
    draw_lenet,
    make_letter_t,
    multiply_adds,
    naive_softmax,
    order_gap,
    pool_layers,
    relative_change,
    shift,
    stable_softmax,
    summarize,
    train_one_unit,
)
from snippets.convolution import conv_output_size, conv_params, linear_params
from snippets.mlp import ACTIVATIONS, derivative
from tests.conftest import ROOT

PAGE = (ROOT / "docs/dl/cnn-layers.md").read_text(encoding="utf-8")
OUTPUTS = ROOT / "snippets/outputs"


def on_page(number):
    """页面上写着这个数（千分位逗号的写法；公式里写作 {,}）。"""
    return f"{number:,}" in PAGE or f"{number:,}".replace(",", "{,}") in PAGE


# ---------- 为什么用卷积：参数量 ----------


def test_parameter_counts_of_the_three_layers():
    """输入 1×28×28、输出 6×28×28、5×5 卷积核：卷积、只局部连接、全连接的参数量。"""
    conv = nn.Conv2d(1, 6, 5, padding=2)
    local = LocallyConnected2d(1, 6, 5, 28, 28, padding=2)
    full = nn.Linear(784, 6 * 784, device="meta")
    counts = [sum(p.numel() for p in m.parameters()) for m in (conv, local, full)]
    assert counts == [156, 122_304, 3_692_640]
    assert counts[0] == conv_params(1, 6, 5) and counts[2] == linear_params(784, 6 * 784)
    # 局部连接：每个输出位置 6 个核、每个核 25 个权重，外加每个输出一个偏置
    assert counts[1] == 28 * 28 * 6 * 25 + 6 * 28 * 28
    for n in counts:
        assert on_page(n), f"页面上应当写着 {n:,}"


def test_weight_sharing_divides_by_the_number_of_positions():
    """页面说：全连接 → 局部连接约少了 30 倍；局部连接 → 权重共享又少了 784 倍，正是输出位置的个数 28×28。"""
    conv = nn.Conv2d(1, 6, 5, padding=2)
    local = LocallyConnected2d(1, 6, 5, 28, 28, padding=2)
    full = nn.Linear(784, 6 * 784, device="meta")
    n_conv, n_local, n_full = (sum(p.numel() for p in m.parameters()) for m in (conv, local, full))
    sharing, locality = n_local / n_conv, n_full / n_local
    assert sharing == 28 * 28 == 784, "局部连接的参数正好是卷积的 784 倍"
    assert round(locality) == 30
    assert f"参数约少了 {round(locality)} 倍" in PAGE and f"参数又少了 {sharing:.0f} 倍" in PAGE
    assert f"28×28 = {sharing:.0f} 个输出位置" in PAGE
    assert sharing > locality, "页面说：第二步省得更多"
    text = (OUTPUTS / "cnn_layers_params.txt").read_text(encoding="utf-8")
    assert f"全连接 ÷ 局部连接 ≈ {locality:.1f}，局部连接 ÷ 卷积 = {sharing:.0f}" in text


def test_locally_connected_layer_with_shared_weights_is_a_convolution():
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, 3, padding=1)
    local = LocallyConnected2d(2, 3, 3, 8, 8, padding=1)
    with torch.no_grad():
        local.weight.copy_(conv.weight.reshape(3, -1).expand(64, -1, -1))
        local.bias.copy_(conv.bias[:, None].expand(-1, 64))
    x = torch.randn(4, 2, 8, 8)
    assert torch.allclose(local(x), conv(x), atol=1e-5)


def test_locally_connected_layer_is_not_translation_equivariant():
    torch.manual_seed(0)
    local = LocallyConnected2d(1, 1, 5, 28, 28, padding=2)
    x = make_letter_t()
    with torch.no_grad():
        gap = (local(shift(x, *SHIFT)) - shift(local(x), *SHIFT)).abs().max()
    assert gap > 0.1


# ---------- 平移等变性 ----------


def test_shift_is_a_zero_filled_translation_not_a_circular_one():
    x = make_letter_t()
    moved = shift(x, *SHIFT)
    assert moved.sum() == x.sum()
    ys, xs = torch.nonzero(moved[0, 0], as_tuple=True)
    ys0, xs0 = torch.nonzero(x[0, 0], as_tuple=True)
    assert (ys.min() - ys0.min(), xs.min() - xs0.min()) == SHIFT
    # 挪出边界的像素丢掉，不会从另一边回来（循环平移 torch.roll 会回来）
    far = shift(x, 20, 0)
    assert far.sum() < x.sum() and far[0, 0, :20].sum() == 0
    assert torch.roll(x, 20, dims=-2)[0, 0, :20].sum() > 0
    # 空出来的地方补 0
    assert shift(torch.ones(1, 1, 6, 6), 2, 3)[0, 0, :2].sum() == 0


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [3, 5])
def test_convolution_is_translation_equivariant_away_from_the_border(seed, k):
    """步幅 1、T 离边界足够远：除了补 0 的上边 dy 行、左边 dx 列，两种顺序完全相同。"""
    torch.manual_seed(seed)
    conv = nn.Conv2d(1, 4, k, padding=k // 2)
    x = make_letter_t()
    dy, dx = SHIFT
    with torch.no_grad():
        a, b = conv(shift(x, dy, dx)), shift(conv(x), dy, dx)
        assert torch.allclose(a[..., dy:, dx:], b[..., dy:, dx:], atol=1e-6)
        assert order_gap(conv, x, dy, dx) < 1e-6
        # 补 0 的那几行：先过层再平移是 0，先平移再过层是偏置，不可比，所以不比较
        assert not torch.allclose(a[..., :dy, :], b[..., :dy, :], atol=1e-3)


def test_equivariance_fails_when_the_object_leaves_the_image():
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 6, 5, padding=2)
    x = make_letter_t()  # T 占第 6～16 行
    with torch.no_grad():
        assert order_gap(conv, x, 16, 0) > 0.1, "T 的下面一截挪出了图像"
        assert order_gap(conv, x, 8, 0) < 1e-6, "挪 8 格还在图里：仍然成立"


def test_equivariance_fails_with_stride_two():
    """步幅 2：输入挪 1 格，输出与原输出挪 0 格或 1 格都对不上；挪 2 格则正好挪 1 格。"""
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 6, 5, padding=2, stride=2)
    x = make_letter_t()
    with torch.no_grad():
        out = conv(x)
        moved = conv(shift(x, 0, 1))
        for k in (0, 1):
            assert (moved - shift(out, 0, k))[..., 1:].abs().max() > 0.1
        moved2 = conv(shift(x, 0, 2))
        assert torch.allclose(moved2[..., 1:], shift(out, 0, 1)[..., 1:], atol=1e-6)


def test_fully_connected_layer_is_not_translation_equivariant():
    torch.manual_seed(0)
    fc = nn.Linear(784, 784)
    x = make_letter_t()
    with torch.no_grad():
        out = fc(shift(x, *SHIFT).flatten(1)) - shift(fc(x.flatten(1)).reshape(x.shape), *SHIFT).flatten(1)
    assert out.abs().max() > 0.3


def test_equivariance_output_says_what_the_page_says():
    text = (OUTPUTS / "cnn_layers_equivariance.txt").read_text(encoding="utf-8")
    conv_gap, fc_gap, border_gap = (float(v) for v in re.findall(r"最多相差 ([\d.]+)", text))
    assert conv_gap == 0 and fc_gap > 0.3 and border_gap > 0.1
    assert float(re.search(r"至少相差 ([\d.]+)", text).group(1)) > 0.1
    assert "步幅为 1" in PAGE and "远离边界" in PAGE
    r0, c0, r1, c1 = map(int, re.search(r"原图在 \((\d+), (\d+)\).*后在 \((\d+), (\d+)\)", text).groups())
    assert (r1 - r0, c1 - c0) == SHIFT


# ---------- 填充、步长、空洞；池化 ----------


@pytest.mark.parametrize(("name", "k", "p", "s", "d"), CONV_CASES)
def test_conv_shapes_follow_the_formula_with_effective_kernel(name, k, p, s, d):
    conv = nn.Conv2d(1, 6, k, padding=p, stride=s, dilation=d)
    out = conv(torch.zeros(1, 1, 28, 28))
    assert out.shape[-1] == conv_output_size(28, d * (k - 1) + 1, p, s)
    assert sum(q.numel() for q in conv.parameters()) == conv_params(1, 6, k), "空洞不改变参数个数"


def test_same_padding_keeps_the_size_for_odd_kernels():
    for k in (1, 3, 5, 7):
        assert conv_output_size(28, k, (k - 1) // 2, 1) == 28


@pytest.mark.parametrize("h", [7, 14, 28, 31])
def test_pooling_output_sizes_follow_the_conv_formula(h):
    x = torch.zeros(2, 6, h, h)
    assert pool_layers["2×2 最大池化"](x).shape == (2, 6, h // 2, h // 2)
    assert pool_layers["2×2 平均池化"](x).shape == (2, 6, h // 2, h // 2)
    assert pool_layers["3×3 最大池化，步幅 2"](x).shape[-1] == conv_output_size(h, 3, 0, 2)
    assert pool_layers["全局平均池化"](x).shape == (2, 6, 1, 1)


def test_pooling_has_no_parameters_and_keeps_channels():
    for pool in pool_layers.values():
        assert sum(p.numel() for p in pool.parameters()) == 0
        assert pool(torch.zeros(1, 5, 12, 12)).shape[1] == 5


def test_two_by_two_pooling_discards_three_quarters():
    x = torch.randn(1, 6, 28, 28)
    assert pool_layers["2×2 最大池化"](x).numel() * 4 == x.numel()


def test_pooling_figure_numbers():
    x = POOL_EXAMPLE[None, None]
    assert F.max_pool2d(x, 2)[0, 0].tolist() == [[5, 2], [2, 6]]
    assert F.avg_pool2d(x, 2)[0, 0].tolist() == [[2.75, 1.0], [1.25, 3.5]]


def test_max_pooling_is_only_approximately_shift_invariant():
    """峰值在同一个 2×2 窗口里移动，池化结果不变；跨过窗口边界，结果就跟着移动。"""

    def pooled(col):
        fmap = torch.zeros(1, 1, 8, 8)
        fmap[0, 0, 3, col] = 1.0
        return F.max_pool2d(fmap, 2)

    assert torch.equal(pooled(2), pooled(3))
    assert not torch.equal(pooled(3), pooled(4))
    text = (OUTPUTS / "cnn_layers_pool_shift.txt").read_text(encoding="utf-8")
    pairs = [tuple(map(int, m)) for m in re.findall(r"第 (\d+) 列 → 第 (\d+) 列", text)]
    assert pairs == [(c, c // 2) for c in range(2, 7)]


def _centered_t():
    return shift(make_letter_t(64), 16, 16)


def test_global_pooling_after_stride_one_layers_is_shift_invariant():
    """步幅 1 的卷积 + ReLU + 全局池化，T 离边界远，补零平移：输出不变（只差浮点舍入）。"""
    torch.manual_seed(0)
    conv = nn.Sequential(nn.Conv2d(1, 8, 5, padding=2), nn.ReLU())
    image = _centered_t()
    with torch.no_grad():
        fmap = conv(image)
        for dy, dx in [(1, 0), (0, 1), (3, 2), (8, 13)]:
            moved = conv(shift(image, dy, dx))
            assert torch.allclose(F.adaptive_avg_pool2d(moved, 1), F.adaptive_avg_pool2d(fmap, 1), atol=1e-6)
            assert torch.equal(F.adaptive_max_pool2d(moved, 1), F.adaptive_max_pool2d(fmap, 1))
        # 前提是物体不出图：挪出去一截，全局平均就变了
        gone = conv(shift(image, 40, 0))
        assert (F.adaptive_avg_pool2d(gone, 1) - F.adaptive_avg_pool2d(fmap, 1)).abs().max() > 1e-3


def test_global_pooling_does_not_make_a_strided_network_shift_invariant():
    """页面说：前面有步幅 2 的层时，平移 1 到 3 格，全局池化后的输出变了约 2%；平移 4 格（总步幅）才不变。"""
    from snippets.cnn_layers import LeNet

    torch.manual_seed(0)
    gap = nn.AdaptiveAvgPool2d(1)
    image = _centered_t()
    strided = nn.Sequential(LeNet().features, gap)
    with torch.no_grad():
        changes = [relative_change(strided, image, d) for d in (1, 2, 3, 4)]
    assert all(c > 0.01 for c in changes[:3]), changes
    assert changes[3] < 1e-5
    # 同样的层，把两次池化的步幅都改成 1：平移 1 格就不再改变输出
    stride_one = nn.Sequential(
        *[m if not isinstance(m, nn.MaxPool2d) else nn.MaxPool2d(2, stride=1) for m in strided[0]]
    )
    with torch.no_grad():
        assert relative_change(nn.Sequential(stride_one, gap), image, 1) < 1e-5
    text = (OUTPUTS / "cnn_layers_global_pool.txt").read_text(encoding="utf-8")
    rows = [[float(v) / 100 for v in re.findall(r"([\d.]+)%", line)] for line in text.splitlines()]
    assert GLOBAL_POOL_SHIFTS == (1, 2, 3, 4)
    assert rows[0] == [0.0] * 4 and rows[1][3] == 0.0 and all(0.015 < c < 0.03 for c in rows[1][:3])
    assert "输出变了约 2%" in PAGE


# ---------- 激活函数 ----------


def test_prelu_defaults_in_pytorch():
    """页面说：nn.PReLU 默认只有一个 a，初值 0.25；传入通道数则每个通道一个。"""
    assert nn.PReLU().weight.tolist() == [0.25]
    assert nn.PReLU(16).weight.shape == (16,)
    assert nn.LeakyReLU().negative_slope == 0.01


def test_saturation_numbers_stated_on_the_page():
    """页面说：|x| = 6 时 sigmoid 的导数只剩 0.0025，tanh 也趋于 0；ReLU 在正半轴的导数恒为 1。"""
    x = torch.tensor(SATURATION_X)
    d = {name: derivative(f, x) for name, f in ACTIVATIONS.items()}
    assert SATURATION_X[0] == -6 and SATURATION_X[-1] == 6
    assert d["sigmoid"][[0, -1]].tolist() == pytest.approx([0.0025, 0.0025], abs=5e-5)
    assert d["tanh"][[0, -1]].max() < 1e-4
    assert d["ReLU"].tolist() == [0.0, 0.0, 1.0, 1.0, 1.0]
    assert d["ELU"][0].item() == pytest.approx(math.exp(-6))


def test_dying_relu_never_recovers_but_leaky_variants_do():
    results = {name: train_one_unit(act) for name, act in DYING_CASES.items()}
    grad, alive, loss = results["ReLU"]
    assert grad == 0.0 and alive == 0.0
    assert loss > 4, "ReLU 单元一直输出 0，损失停在初始值"
    for name in ("Leaky ReLU（α = 0.01）", "ELU"):
        grad, alive, loss = results[name]
        assert grad > 0 and alive == 1.0 and loss < 0.02, name


def test_dying_numbers_on_the_page_come_from_the_output():
    """页面说：Leaky ReLU 第一步的梯度只有 0.0313；起点是权重 (0.5, -0.3)、偏置 -2，z 最大也只有 0.5 - 2。"""
    grad = train_one_unit(DYING_CASES["Leaky ReLU（α = 0.01）"])[0]
    text = (OUTPUTS / "cnn_layers_dying.txt").read_text(encoding="utf-8")
    assert f"Leaky ReLU（α = 0.01）：第一步梯度 {grad:.4f}" in text
    assert f"第一步的梯度只有 {grad:.4f}" in PAGE
    source = (ROOT / "snippets/cnn_layers.py").read_text(encoding="utf-8")
    assert "unit.weight.copy_(torch.tensor([[0.5, -0.3]]))" in source and "unit.bias.fill_(-2.0)" in source
    assert "权重 $(0.5, -0.3)$、偏置 $b = -2$" in PAGE and "$z \\le 0.5 - 2 < 0$" in PAGE
    # 输入在 [0, 1]² 内，z 的最大值在 x = (1, 0) 处取到
    corners = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert (corners @ torch.tensor([0.5, -0.3]) - 2).max().item() == 0.5 - 2 < 0


def test_dead_relu_unit_gets_exactly_zero_gradient_for_every_parameter():
    unit = nn.Linear(2, 1)
    with torch.no_grad():
        unit.bias.fill_(-10.0)
        unit.weight.fill_(1.0)
    loss = F.relu(unit(torch.rand(32, 2))).sum()
    loss.backward()
    assert unit.weight.grad.abs().sum() == 0 and unit.bias.grad.abs().sum() == 0


# ---------- softmax ----------


def test_softmax_sums_to_one_and_matches_pytorch():
    torch.manual_seed(0)
    z = torch.randn(50, 10) * 5
    p = stable_softmax(z)
    assert torch.allclose(p.sum(dim=1), torch.ones(50))
    assert torch.allclose(p, F.softmax(z, dim=1), atol=1e-7)
    assert (p > 0).all()


@pytest.mark.parametrize("c", [-100.0, -3.5, 0.0, 7.0, 100.0])
def test_softmax_is_invariant_to_adding_a_constant(c):
    z = torch.tensor([2.0, 1.0, 0.1])
    # 容差只来自 float32 表示 z + c 时的舍入（c = 100 时相邻两个 float32 相差约 1e-5）
    assert torch.allclose(stable_softmax(z + c), stable_softmax(z), atol=1e-5)


def test_naive_softmax_overflows_but_the_stable_one_does_not():
    big = torch.tensor([1000.0, 1001.0, 1002.0])
    assert torch.isnan(naive_softmax(big)).all()
    assert torch.isnan(naive_softmax(-big)).all()
    assert torch.allclose(stable_softmax(big), F.softmax(big, dim=0))
    assert [round(v, 3) for v in stable_softmax(big).tolist()] == [0.090, 0.245, 0.665]
    # 页面说：float32 的 e^x 在 x 超过约 88.7 时溢出
    assert math.log(torch.finfo(torch.float32).max) == pytest.approx(88.72, abs=0.01)
    assert torch.isinf(torch.exp(torch.tensor(88.8))) and not torch.isinf(torch.exp(torch.tensor(88.7)))


def test_cross_entropy_is_log_softmax_then_negated_entry():
    """页面说：nn.CrossEntropyLoss 相当于先做 log-softmax、再取正确类别那一项的相反数（nn.NLLLoss），
    也就是正确类别概率的负对数。"""
    torch.manual_seed(0)
    logits, target = torch.randn(6, 5) * 3, torch.tensor([0, 4, 2, 2, 1, 3])
    ce = nn.CrossEntropyLoss()(logits, target)
    nll = nn.NLLLoss()(F.log_softmax(logits, dim=1), target)
    by_hand = -F.log_softmax(logits, dim=1)[torch.arange(6), target].mean()
    minus_log_p = -torch.log(F.softmax(logits, dim=1)[torch.arange(6), target]).mean()
    assert torch.allclose(ce, nll) and torch.allclose(ce, by_hand) and torch.allclose(ce, minus_log_p, atol=1e-6)
    # 再取一次对数就不对了（log-softmax 已经是对数）
    assert not torch.allclose(ce, -torch.log(-F.log_softmax(logits, dim=1)[torch.arange(6), target]).mean())
    assert "再取正确类别那一项的相反数（即 `nn.NLLLoss`）" in PAGE


def test_softmax_demo_numbers_on_the_page():
    text = (OUTPUTS / "cnn_layers_softmax.txt").read_text(encoding="utf-8")
    assert "[0.659, 0.242, 0.099]" in text and "0.659" in PAGE


# ---------- LeNet 与逐层表 ----------


def leaf_outputs(model, x):
    """不用钩子：按顺序手动跑每一个最底层的层，得到 (名字, 层, 输出)。"""
    result = []
    for part_name in ("features", "classifier"):
        for i, layer in enumerate(getattr(model, part_name)):
            x = layer(x)
            result.append((f"{part_name}.{i}", layer, x))
    return result


def test_summary_rows_equal_what_pytorch_reports():
    torch.manual_seed(0)
    model = LeNet()
    rows = summarize(model, (1, 28, 28))
    with torch.no_grad():
        manual = leaf_outputs(model, torch.zeros(1, 1, 28, 28))
    assert [r[0] for r in rows] == [name for name, _, _ in manual]
    for (name, kind, shape, n_params, macs), (_, layer, out) in zip(rows, manual):
        assert kind == type(layer).__name__
        assert shape == tuple(out.shape[1:]), name
        assert n_params == sum(p.numel() for p in model.get_submodule(name).parameters()), name
        assert macs == multiply_adds(layer, out)
    assert sum(r[3] for r in rows) == sum(p.numel() for p in model.parameters()) == 61_706


def test_summary_works_on_another_input_size_and_model():
    """钩子只是记录，不依赖 LeNet：换一个网络、换一个输入尺寸也对。"""
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 5)
    )
    rows = summarize(model, (3, 32, 32))
    assert [r[2] for r in rows] == [(8, 32, 32), (8, 32, 32), (8, 1, 1), (8,), (5,)]
    assert sum(r[3] for r in rows) == sum(p.numel() for p in model.parameters()) == conv_params(3, 8, 3) + 45


def test_multiply_adds_formulas():
    conv = nn.Conv2d(6, 16, 5)
    out = conv(torch.zeros(1, 6, 14, 14))
    assert multiply_adds(conv, out) == 16 * 10 * 10 * 6 * 5 * 5 == 240_000
    fc = nn.Linear(400, 120)
    assert multiply_adds(fc, fc(torch.zeros(1, 400))) == 48_000
    assert multiply_adds(nn.ReLU(), out) == 0


def test_lenet_layer_shapes_and_parameter_split():
    torch.manual_seed(0)
    rows = summarize(LeNet(), (1, 28, 28))
    shapes = {name: shape for name, _, shape, _, _ in rows}
    assert shapes["features.0"] == (6, 28, 28) and shapes["features.2"] == (6, 14, 14)
    assert shapes["features.3"] == (16, 10, 10) and shapes["features.5"] == (16, 5, 5)
    assert shapes["classifier.0"] == (400,) and shapes["classifier.5"] == (10,)
    params = {name: n for name, _, _, n, _ in rows}
    features = sum(n for name, n in params.items() if name.startswith("features"))
    assert features == 2_572 and sum(params.values()) - features == 59_134
    assert params["classifier.1"] == 48_120
    macs = [r[4] for r in rows]
    conv_share = sum(m for r, m in zip(rows, macs) if r[0].startswith("features")) / sum(macs)
    assert sum(macs) == 416_520 and round(conv_share, 3) == 0.859
    for n in (61_706, 2_572, 59_134, 48_120, 416_520):
        assert on_page(n), f"页面上应当写着 {n:,}"
    assert "85.9%" in PAGE and "95.8%" in PAGE


def test_summary_output_is_the_table_on_the_page():
    text = (OUTPUTS / "cnn_layers_summary.txt").read_text(encoding="utf-8")
    assert "snippets/outputs/cnn_layers_summary.txt" in PAGE
    assert "参数 61,706 个" in text and "特征提取器：参数 2,572（4.2%）" in text


def test_untrained_lenet_outputs_a_probability_distribution():
    torch.manual_seed(0)
    model = LeNet()
    with torch.no_grad():
        p = F.softmax(model(torch.randn(8, 1, 28, 28)), dim=1)
    assert p.shape == (8, 10)
    assert torch.allclose(p.sum(dim=1), torch.ones(8))
    assert (p - 0.1).abs().max() < 0.05, "没训练的网络对每一类都差不多是 1/10"


def test_lenet_diagram_shows_the_summarized_shapes():
    fig = draw_lenet()
    try:
        texts = {t.get_text() for t in fig.axes[0].texts}
    finally:
        plt.close(fig)
    torch.manual_seed(0)
    for _, kind, shape, _, _ in summarize(LeNet(), (1, 28, 28)):
        if kind != "ReLU":
            assert "×".join(map(str, shape)) in texts


def test_every_shape_written_on_the_page_is_real():
    torch.manual_seed(0)
    real = {"×".join(map(str, r[2])) for r in summarize(LeNet(), (1, 28, 28))} | {"1×28×28"}
    real |= {"6×24×24", "6×13×13", "6×1×1", "3×32×32", "16×32×32"}  # 形状表与自测题里的形状
    written = set(re.findall(r"\d+×\d+×\d+", PAGE))
    assert written <= real, f"页面上有不是代码算出来的形状：{written - real}"


# ---------- 自测题 ----------


def test_self_check_a_one_pixel_shift_usually_changes_max_pooling():
    """自测题 2：16×10×10 → 16×5×5、没有参数；一般的特征图平移一个像素，池化输出会变。"""
    pool = nn.MaxPool2d(2)
    fmap = torch.randn(1, 16, 10, 10, generator=torch.Generator().manual_seed(0))
    out = pool(fmap)
    assert out.shape == (1, 16, 5, 5) and sum(p.numel() for p in pool.parameters()) == 0
    for dy, dx in [(0, 1), (1, 0)]:
        moved = pool(shift(fmap, dy, dx))
        changed = (moved != out).float().mean().item()
        assert changed > 0.3, (dy, dx, changed)
    # 单峰值且留在同一窗口里时不变（页面上的例子）
    peak = torch.zeros(1, 1, 8, 8)
    peak[0, 0, 3, 2] = 1.0
    assert torch.equal(pool(peak), pool(shift(peak, 0, 1)))
    assert "一般的特征图平移一个像素，很多窗口的内容都会变，输出通常会变" in PAGE


def test_self_check_cifar_layer_numbers():
    """自测题 1：3×32×32 输入、3→16 的 3×3 卷积（填充 1）与输出同样大小的全连接层。"""
    assert conv_params(3, 16, 3) == 448
    assert sum(p.numel() for p in nn.Linear(3 * 32 * 32, 16 * 32 * 32, device="meta").parameters()) == 50_348_032
    for n in (448, 50_348_032):
        assert on_page(n)


def test_self_check_global_average_pooling_variant():
    """自测题：把“展平 + 400→120”换成“全局平均池化 + 16→120”。"""
    torch.manual_seed(0)
    model = LeNet()
    model.classifier[0] = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
    model.classifier[1] = nn.Linear(16, 120)
    assert model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    total = sum(p.numel() for p in model.parameters())
    assert total == 15_626 and model.classifier[1].weight.numel() + 120 == 2_040
    for n in (15_626, 2_040):
        assert on_page(n)


def test_original_lenet_c3_was_partly_connected():
    """LeCun 等 1998 表 I：C3 的前 6 张连 3 张、接着 9 张连 4 张、最后 1 张连全部 6 张；可训练参数 1,516。"""
    inputs_per_map = [3] * 6 + [4] * 9 + [6]
    assert sum(n * 5 * 5 + 1 for n in inputs_per_map) == 1_516
    assert conv_params(6, 16, 5) == 2_416 == sum(p.numel() for p in LeNet().features[3].parameters())
    assert on_page(1_516) and on_page(2_416)


def test_stacked_linear_layers_are_affine_but_max_pooling_is_not():
    """页面说：卷积、全连接叠起来仍是仿射的（多少层都等于一层）；最大池化是非线性的。"""
    torch.manual_seed(0)
    stack = nn.Sequential(
        nn.Conv2d(1, 3, 3, padding=1), nn.Conv2d(3, 2, 3, padding=1), nn.Flatten(), nn.Linear(2 * 64, 5)
    )
    x, y = torch.randn(1, 1, 8, 8), torch.randn(1, 1, 8, 8)
    with torch.no_grad():
        assert torch.allclose(stack(0.3 * x + 0.7 * y), 0.3 * stack(x) + 0.7 * stack(y), atol=1e-5)
        mix = F.max_pool2d(0.5 * x + 0.5 * y, 2)
        assert not torch.allclose(mix, 0.5 * F.max_pool2d(x, 2) + 0.5 * F.max_pool2d(y, 2), atol=1e-3)


def test_saturation_table_labels_the_leaky_relu_slope():
    text = (OUTPUTS / "cnn_layers_saturation.txt").read_text(encoding="utf-8")
    alpha = derivative(ACTIVATIONS["Leaky ReLU"], torch.tensor([-1.0])).item()
    assert f"Leaky ReLU (α={alpha:g})" in text
    row = next(line for line in text.splitlines() if line.startswith("Leaky ReLU"))
    assert float(row.split()[3]) == pytest.approx(alpha, abs=5e-5), "表里 x = -6 的导数就是 α"
    assert "nn.LeakyReLU(0.01)" in (ROOT / "snippets/cnn_layers.py").read_text(encoding="utf-8")


def test_page_links_the_notebook_that_trains_a_cnn():
    assert "(../notebooks/convolution-features.py)" in PAGE
    notebook = (ROOT / "docs/notebooks/convolution-features.py").read_text(encoding="utf-8")
    assert "fit(" in notebook, "链接过去的 notebook 确实训练了一个网络"


def test_self_check_subtracting_the_minimum_is_not_enough():
    z = torch.tensor([0.0, 100.0])
    shifted = z - z.min()
    assert torch.isinf(torch.exp(shifted)).any()
    assert torch.isnan(naive_softmax(shifted)).any()


def test_peak_positions_written_on_the_page_come_from_the_output():
    text = (OUTPUTS / "cnn_layers_equivariance.txt").read_text(encoding="utf-8")
    before, after = re.search(r"原图在 (\(\d+, \d+\)).*后在 (\(\d+, \d+\))", text).groups()
    assert f"从 {before} 挪到了 {after}" in PAGE
