"""检查 docs/dl/mlp.md 上关于多层感知机的每一个说法。"""

import inspect
import math
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.mlp import (
    ACTIVATIONS,
    LOSS_THRESHOLD,
    SETUPS,
    best_linear_fit_error,
    constant_init,
    deep_mlp,
    derivative,
    draw_activations,
    draw_vanishing,
    elu,
    gelu,
    gradient_norms_at_init,
    gradient_norms_over_seeds,
    hidden_representation,
    layer_gradient_norms,
    leaky_relu,
    make_mlp,
    merge_linear,
    relu,
    sigmoid,
    tanh,
    train_xor,
    trained_xor_mlp,
    xor_by_hand,
)
from snippets.perceptron import XOR_X, XOR_Y, train_perceptron

ROOT = Path(__file__).resolve().parents[1]


def test_handmade_two_layer_perceptron_computes_xor():
    """手工设定权重的两层感知机：隐藏层是 OR 和 AND，输出正好是 XOR。"""
    y_hat, h = xor_by_hand(XOR_X)
    assert torch.equal(y_hat, XOR_Y)
    assert h[:, 0].tolist() == [-1, 1, 1, 1]  # OR
    assert h[:, 1].tolist() == [-1, -1, -1, 1]  # AND


def test_step_function_passes_no_gradient_back_to_the_first_layer():
    """页面说：感知机的阶跃函数除 0 点外导数处处为 0，梯度传不回去。
    把 2-2-1 网络的隐藏层激活换成阶跃函数 sign：输出层的权重有梯度，第一层的权重和偏置梯度全是 0。"""
    x = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
    assert (x > 0).float().grad_fn is None  # 写成比较，自动求导根本接不上
    model = make_mlp()
    z = model[2](torch.sign(model[0](XOR_X))).squeeze(1)
    F.binary_cross_entropy_with_logits(z, (XOR_Y + 1) / 2).backward()
    assert model[2].weight.grad.abs().max() > 1e-3
    assert torch.equal(model[0].weight.grad, torch.zeros(2, 2))
    assert torch.equal(model[0].bias.grad, torch.zeros(2))


def test_model_structure_and_parameter_count():
    model = make_mlp()
    assert [type(m) for m in model] == [nn.Linear, nn.Tanh, nn.Linear]
    assert (model[0].in_features, model[0].out_features, model[2].out_features) == (2, 2, 1)
    assert sum(p.numel() for p in model.parameters()) == 2 * 2 + 2 + 2 * 1 + 1 == 9


def test_mlp_learns_xor_with_the_fixed_seed():
    """页面说：2-2-1、tanh、种子 0，训练 1000 轮后四个点全部分对，损失低于 0.01。"""
    model, history = trained_xor_mlp()
    assert len(history) == 1000
    assert history[-1][1] == 4
    assert history[-1][0] < LOSS_THRESHOLD == 0.01
    with torch.no_grad():
        z = model(XOR_X).squeeze(1)
    assert torch.equal(torch.where(z > 0, 1.0, -1.0), XOR_Y)


def test_training_progress_shown_on_the_page():
    """页面引用的运行输出：开始时只有 1 个对，200 轮时已经全对，损失一路下降到 1000 轮。"""
    _, history = trained_xor_mlp()
    losses = [loss for loss, _ in history]
    assert history[0][1] == 1 and history[199][1] == 4
    assert losses[99] > 0.65, "页面说：前 100 轮损失降得很慢"
    assert losses[0] > 0.69 and losses[199] < 0.1 and losses[499] < LOSS_THRESHOLD
    assert losses[-1] < losses[499] < losses[199]


def test_training_is_reproducible():
    torch.manual_seed(123)  # 全局随机状态不应影响结果：make_mlp 自己设种子
    history = train_xor(make_mlp(), epochs=50)
    assert history == trained_xor_mlp()[1][:50]


def test_hidden_representation_is_linearly_separable():
    """页面说：在隐藏层的输出上，感知机（上一页的 train_perceptron）能收敛，即四个点线性可分。"""
    model, _ = trained_xor_mlp()
    with torch.no_grad():
        h = hidden_representation(model, XOR_X)
    w, b, mistakes = train_perceptron(h, XOR_Y)
    assert mistakes[-1] == 0 and len(mistakes) == 2, "页面说：第 2 轮就不再出错"
    assert torch.all(XOR_Y * (h @ w + b) > 0)
    # 而在原始输入上，同一个算法学不会
    assert train_perceptron(XOR_X, XOR_Y)[2][-1] == 4


def test_xor_inputs_with_the_same_label_01_and_10_land_on_the_same_hidden_point():
    """图 2 右：(0, 1) 和 (1, 0) 在隐藏层里几乎重合（网络学到了对称的权重）。"""
    model, _ = trained_xor_mlp()
    with torch.no_grad():
        h = hidden_representation(model, XOR_X)
    assert torch.allclose(h[1], h[2], atol=5e-3)
    assert (h[0] - h[3]).norm() > 1.5


def test_band_edges_lie_close_to_but_not_on_the_hidden_unit_lines():
    """图 2 左：输出 z = 0 的分界线紧挨着两条直线 h_j = 0，在图中范围内相距约 0.02，但不重合。"""
    model, _ = trained_xor_mlp()
    g = torch.linspace(-0.5, 1.5, 801)
    xx, yy = torch.meshgrid(g, g, indexing="xy")
    with torch.no_grad():
        z = model(torch.stack([xx.flatten(), yy.flatten()], dim=1)).reshape(801, 801)
    crossing = (z[:, 1:] > 0) != (z[:, :-1] > 0)  # 每一行里 z 变号的位置
    edge = torch.stack([((xx[:, 1:] + xx[:, :-1]) / 2)[crossing], yy[:, 1:][crossing]], dim=1)
    w, b = model[0].weight.detach(), model[0].bias.detach()
    distance = ((edge @ w.T + b).abs() / w.norm(dim=1)).min(dim=1).values  # 到较近那条直线的距离
    assert len(edge) > 500
    assert distance.min().item() > 0.01 and distance.max().item() < 0.03
    # 两条直线各对应一条边：边上的点有的离 h1 = 0 近，有的离 h2 = 0 近
    nearest = ((edge @ w.T + b).abs() / w.norm(dim=1)).argmin(dim=1)
    assert set(nearest.tolist()) == {0, 1}


def test_hidden_unit_lines_are_nearly_parallel_and_cut_the_window_into_three_pieces():
    """页面说：两条直线几乎平行，要到离原点几千远的地方才相交；在图中范围 [-0.5, 1.5]² 内把平面切成三块
    （h1、h2 的符号组合只出现三种），判为 1 类的是中间那块（h1 > 0 且 h2 > 0）。"""
    model, _ = trained_xor_mlp()
    w, b = model[0].weight.detach().double(), model[0].bias.detach().double()
    crossing = torch.linalg.solve(w, -b)
    assert 1000 < crossing.norm().item() < 10_000, crossing
    g = torch.linspace(-0.5, 1.5, 401)
    xx, yy = torch.meshgrid(g, g, indexing="xy")
    points = torch.stack([xx.flatten(), yy.flatten()], dim=1)
    with torch.no_grad():
        signs = model[0](points) > 0
        class_1 = model(points).squeeze(1) > 0
    patterns = {tuple(row) for row in signs.tolist()}
    assert patterns == {(False, True), (True, True), (True, False)}  # 没有 h1 < 0 且 h2 < 0 的一块
    middle = signs.all(dim=1)
    # 判为 1 类的区域与中间那块只在紧挨直线的地方不同（离较近的直线不到 0.03）
    distance = ((points.double() @ w.T + b).abs() / w.norm(dim=1)).min(dim=1).values
    assert class_1[middle].float().mean() > 0.95 and distance[class_1 != middle].max() < 0.03
    # “中间”：在每一条与直线垂直的方向上，(+, +) 夹在另外两块之间
    along_normal = points @ w[0].float()
    assert along_normal[signs[:, 0] & ~signs[:, 1]].min() > along_normal[middle].max()
    assert along_normal[middle].min() > along_normal[~signs[:, 0]].max()


def test_two_linear_layers_collapse_into_one():
    torch.manual_seed(0)
    layer1, layer2 = nn.Linear(2, 8), nn.Linear(8, 3)
    x = torch.randn(1000, 2, generator=torch.Generator().manual_seed(1))
    merged = merge_linear(layer1, layer2)
    assert merged.weight.shape == (3, 2) and merged.bias.shape == (3,)
    assert (nn.Sequential(layer1, layer2)(x) - merged(x)).abs().max() < 1e-6, "页面说：相差不到 1e-6"
    # 中间加上 tanh 就不是线性映射了：最小二乘拟合仍有明显误差
    error = best_linear_fit_error(nn.Sequential(layer1, nn.Tanh(), layer2), x)
    assert f"{error:.2f}" == "0.19", "页面说：最小二乘意义下最接近它的仿射变换，最大误差仍有 0.19"
    assert best_linear_fit_error(merged, x) < 1e-4  # 对真正的线性映射，最小二乘能找到它


def test_any_depth_of_linear_layers_is_one_linear_map():
    torch.manual_seed(0)
    layers = [nn.Linear(4, 4) for _ in range(5)]
    merged = layers[0]
    for layer in layers[1:]:
        merged = merge_linear(merged, layer)
    x = torch.randn(10, 4)
    assert torch.allclose(nn.Sequential(*layers)(x), merged(x), atol=1e-5)


def test_linear_network_is_stuck_at_ln2_on_xor():
    """页面说：去掉激活函数，损失停在 ln 2，四个输出都是 0.5。ln 2 是线性模型在 XOR 上的最低损失。"""
    model = make_mlp(activation=nn.Identity)
    history = train_xor(model)
    assert all(loss >= math.log(2) - 1e-6 for loss, _ in history)
    assert history[-1][0] == pytest.approx(math.log(2), abs=1e-4)
    with torch.no_grad():
        p = torch.sigmoid(model(XOR_X).squeeze(1))
    assert torch.allclose(p, torch.full((4,), 0.5), atol=5e-3)


def test_two_hidden_units_depend_on_the_seed_four_do_not():
    """页面说：种子 0～9 里，2 个隐藏单元只有 4 次学会 XOR，没学会的损失停在 ln 2 / 2 ≈ 0.35 附近；
    4 个隐藏单元 10 次都学会。"""
    solved = []
    for seed in range(10):
        model = make_mlp(hidden=2, seed=seed)
        history = train_xor(model)
        loss, correct = history[-1]
        if correct == 4:
            solved.append(seed)
            continue
        # 没学会：损失约为 ln 2 / 2；两个点分得很有把握，另外两个点的输出卡在 0.5 附近
        assert loss == pytest.approx(math.log(2) / 2, abs=0.005)
        with torch.no_grad():
            p = torch.sigmoid(model(XOR_X).squeeze(1))
        stuck = (p - 0.5).abs() < 0.01
        assert stuck.sum() == 2
        assert torch.all((p[~stuck] > 0.99) == (XOR_Y[~stuck] > 0))
        # 陷在一片几乎平坦的区域里：梯度的范数只有千分之一量级，后 500 轮损失只降了不到 0.005
        model.zero_grad()
        F.binary_cross_entropy_with_logits(model(XOR_X).squeeze(1), (XOR_Y + 1) / 2).backward()
        gradient = torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item()
        assert gradient < 3e-3, (seed, gradient)
        assert history[499][0] - loss < 0.005, seed
    assert solved == [0, 2, 6, 7]
    assert all(train_xor(make_mlp(hidden=4, seed=seed))[-1][1] == 4 for seed in range(10))


def test_relu_network_written_by_hand_computes_xor():
    """自测题：ReLU(x1 + x2) - 2·ReLU(x1 + x2 - 1) 正好是 XOR（输出 0/1）。"""
    s = XOR_X.sum(dim=1)
    assert torch.equal(relu(s) - 2 * relu(s - 1), (XOR_Y + 1) / 2)


def test_parameter_count_of_784_256_10():
    """自测题：784-256-10 的 MLP 有 203530 个参数。"""
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    assert sum(p.numel() for p in model.parameters()) == 784 * 256 + 256 + 256 * 10 + 10 == 203530


X = torch.linspace(-4, 4, 161)


SEEDS = range(20)
PAGE = (Path(__file__).resolve().parents[1] / "docs" / "dl" / "mlp.md").read_text(encoding="utf-8")


def first_to_last(norms):
    return norms[0] / norms[-1]


def per_layer_factor(norms):
    """第 10 层往回到第 1 层，平均每层乘上的倍数（几何平均）。"""
    return first_to_last(norms) ** (1 / (len(norms) - 1))


# ---------- 初始化与对称性 ----------


def test_equal_weights_stay_equal_after_training():
    """页面说：权重全设成 0.5、偏置 0，训练 1000 轮后四个隐藏单元的权重和偏置仍一模一样；
    网络只相当于 1 个隐藏单元，损失停在 0.481，只分对 3 个。"""
    model = constant_init(make_mlp(hidden=4))
    history = train_xor(model)
    w1, b1, w2 = model[0].weight, model[0].bias, model[2].weight
    assert torch.equal(w1, w1[:1].expand_as(w1)) and torch.equal(b1, b1[:1].expand_as(b1))
    assert torch.equal(w2, w2[:, :1].expand_as(w2))
    assert w1[0, 0].item() != 0.5  # 确实训练过：权重变了，只是四个单元一起变
    assert f"{history[-1][0]:.3f}" == "0.481" and history[-1][1] == 3
    # 等价于 1 个隐藏单元的网络：把四个相同的单元合成一个（输出权重相加），输出完全一样
    single = make_mlp(hidden=1)
    with torch.no_grad():
        single[0].weight.copy_(w1[:1])
        single[0].bias.copy_(b1[:1])
        single[2].weight.copy_(w2.sum(dim=1, keepdim=True))
        single[2].bias.copy_(model[2].bias)
        assert torch.allclose(single(XOR_X), model(XOR_X), atol=1e-6)


def test_one_hidden_unit_cannot_separate_xor():
    """页面说：1 个隐藏单元的输出只随 w·x 单调变化，判别边界是直线，XOR 最多分对 3 个。"""
    for seed in range(10):
        model = make_mlp(hidden=1, seed=seed)
        assert max(correct for _, correct in train_xor(model)) <= 3


def test_random_init_breaks_the_symmetry_and_solves_xor():
    """页面说：随机初始化的四个单元各不相同，损失降到 0.001；偏置从 0 开始也行，只要权重随机。"""
    model = make_mlp(hidden=4)
    loss, correct = train_xor(model)[-1]
    assert f"{loss:.3f}" == "0.001" and correct == 4
    w1 = model[0].weight
    assert all((w1[i] - w1[j]).abs().max() > 0.5 for i in range(4) for j in range(i))
    zero_bias = make_mlp(hidden=4)
    with torch.no_grad():
        zero_bias[0].bias.zero_()
        zero_bias[2].bias.zero_()
    assert train_xor(zero_bias)[-1][1] == 4


def test_all_zero_init_never_moves():
    """自测题 5：权重和偏置全为 0 时，所有参数的梯度都是 0，一步也不动，损失永远是 ln 2。"""
    model = constant_init(make_mlp(hidden=4), value=0.0)
    history = train_xor(model)
    assert all(torch.equal(p, torch.zeros_like(p)) for p in model.parameters())
    assert all(loss == pytest.approx(math.log(2), abs=1e-7) for loss, _ in history)


def test_nn_linear_default_init_is_uniform_one_over_sqrt_fan_in():
    """页面说：nn.Linear 的权重由 kaiming_uniform_(a=√5) 初始化，等于 U(−1/√fan_in, 1/√fan_in)；偏置也在这个区间。
    用同一个随机状态手工抽取，得到的数逐个相同。"""
    fan_in = 784
    a = math.sqrt(5)
    gain = math.sqrt(2 / (1 + a**2))
    assert gain * math.sqrt(3 / fan_in) == pytest.approx(1 / math.sqrt(fan_in))
    torch.manual_seed(0)
    layer = nn.Linear(fan_in, 256)
    torch.manual_seed(0)
    bound = 1 / math.sqrt(fan_in)
    weight = torch.empty(256, fan_in).uniform_(-bound, bound)
    bias = torch.empty(256).uniform_(-bound, bound)
    assert torch.equal(layer.weight, weight) and torch.equal(layer.bias, bias)
    source = inspect.getsource(nn.Linear.reset_parameters)
    assert "kaiming_uniform_(self.weight, a=math.sqrt(5))" in source


def test_default_init_output_as_printed():
    text = (ROOT / "snippets/outputs/mlp_default_init.txt").read_text(encoding="utf-8")
    assert "1/√784 = 0.0357" in text and "最小 -0.0357，最大 0.0357，标准差 0.0206" in text
    assert "b/√3 = 0.0206" in text


# ---------- 梯度消失 ----------


def test_gradient_norms_over_seeds_match_the_table():
    """图 4 用的 20 个种子里，种子 0 就是运行输出里的那张表。"""
    norms = gradient_norms_over_seeds()
    assert list(norms) == list(SETUPS)
    text = (ROOT / "snippets/outputs/mlp_vanishing.txt").read_text(encoding="utf-8")
    for name, (activation, init) in SETUPS.items():
        assert norms[name].shape == (20, 10)
        assert torch.allclose(norms[name][0], torch.tensor(gradient_norms_at_init(activation, init, seed=0)))
        assert f"{norms[name][0, 0].item():.1e}" in text


def test_sigmoid_gradient_vanishes_layer_by_layer():
    """页面说：sigmoid 的梯度一层比一层小；配 Xavier 每层约乘 0.22～0.26，第 1 层只剩第 10 层的 1e-6 量级；
    配默认初始化每层约乘 0.13，只剩 1e-8 量级。第 10 层收到的总是 √64 = 8。20 个种子都是如此。"""
    norms = gradient_norms_over_seeds()
    for name in SETUPS:
        assert torch.allclose(norms[name][:, -1], torch.tensor(8.0))
    for seed in SEEDS:
        default = norms["sigmoid + 默认"][seed].tolist()
        xavier = norms["sigmoid + Xavier"][seed].tolist()
        for curve in (default, xavier):
            assert all(a < b for a, b in zip(curve, curve[1:])), f"种子 {seed}：梯度没有逐层变小"
        assert 1e-6 <= first_to_last(xavier) < 1e-5, seed
        assert 1e-9 < first_to_last(default) < 1e-7, seed
        assert 0.22 < per_layer_factor(xavier) < 0.26, seed
        assert 0.12 < per_layer_factor(default) < 0.145, seed
    assert 0.23 / math.sqrt(3) == pytest.approx(0.13, abs=0.005)


def test_relu_alone_is_not_enough_he_init_keeps_the_gradient():
    """页面说：ReLU + He 每层约乘 1（0.85～1.07），第 1 层与第 10 层同一量级；ReLU + 默认每层约乘 1/√6 ≈ 0.4，
    第 1 层只剩 1e-4 量级。"""
    norms = gradient_norms_over_seeds()
    for seed in SEEDS:
        default = norms["ReLU + 默认"][seed].tolist()
        he = norms["ReLU + He"][seed].tolist()
        assert 0.85 < per_layer_factor(he) < 1.075, seed
        assert 0.1 < first_to_last(he) < 10, seed
        assert 0.35 < per_layer_factor(default) < 0.42, seed
        assert 1e-4 <= first_to_last(default) < 1e-3, seed
    assert 1 / math.sqrt(6) == pytest.approx(0.41, abs=0.005)


def test_the_two_in_he_init_is_what_keeps_the_gradient():
    """页面说：方差若取 1/n_in（少了 He 初始化里的 2），每层约乘 1/√2 ≈ 0.7，第 1 层只剩 1%～8%。"""
    for seed in SEEDS:
        torch.manual_seed(seed)
        model = deep_mlp(nn.ReLU, "he")
        with torch.no_grad():
            for layer in model:
                if isinstance(layer, nn.Linear):
                    layer.weight.div_(math.sqrt(2))  # 方差 2/n → 1/n
        x = torch.randn(64, 32, generator=torch.Generator().manual_seed(100 + seed))
        norms = layer_gradient_norms(model, x)
        assert 0.01 <= first_to_last(norms) < 0.085, seed
        assert 0.6 < per_layer_factor(norms) < 0.77, seed


def test_first_layer_gradient_is_orders_of_magnitude_smaller_with_sigmoid():
    """页面说：传到第 1 层的梯度，sigmoid 配 Xavier 也比 ReLU 配 He 小 5 个数量级以上，
    配默认初始化小 6 个数量级以上（20 个种子）；第 1 层权重的梯度同样小得可怜。"""
    norms = gradient_norms_over_seeds()
    he_first = norms["ReLU + He"][:, 0]
    assert (norms["sigmoid + Xavier"][:, 0] < 1e-5 * he_first).all()
    assert (norms["sigmoid + 默认"][:, 0] < 1e-6 * he_first).all()
    for seed in SEEDS:  # 权重的梯度：第 1 层与第 10 层之比同样是 1e-9 量级
        torch.manual_seed(seed)
        model = deep_mlp(nn.Sigmoid, "default")
        layer_gradient_norms(model, torch.randn(64, 32, generator=torch.Generator().manual_seed(100 + seed)))
        weights = [layer.weight.grad.norm().item() for layer in model if isinstance(layer, nn.Linear)]
        assert first_to_last(weights) < 1e-8


def test_sigmoid_derivative_averages_about_0_23_with_xavier():
    """页面说：Xavier 初始化下，sigmoid 的导数在这些单元上平均约 0.23；Xavier 与默认初始化的权重标准差相差约 √3 倍。"""
    for seed in range(3):
        torch.manual_seed(seed)
        model = deep_mlp(nn.Sigmoid, "xavier")
        h = torch.randn(64, 32, generator=torch.Generator().manual_seed(100 + seed))
        slopes = []
        with torch.no_grad():
            for layer in model:
                h = layer(h)
                if isinstance(layer, nn.Sigmoid):
                    slopes.append((h * (1 - h)).mean().item())
        assert 0.22 < sum(slopes) / len(slopes) < 0.24
    torch.manual_seed(0)
    default, xavier = deep_mlp(nn.Sigmoid, "default"), deep_mlp(nn.Sigmoid, "xavier")
    ratio = xavier[0].weight.std() / default[0].weight.std()
    assert ratio.item() == pytest.approx(math.sqrt(3), rel=0.1)


def test_deep_mlp_uses_the_stated_inits():
    torch.manual_seed(0)
    he = deep_mlp(nn.ReLU, "he", depth=3, width=400)
    assert he[0].weight.var().item() == pytest.approx(2 / 400, rel=0.05) and torch.all(he[0].bias == 0)
    xavier = deep_mlp(nn.Sigmoid, "xavier", depth=3, width=400)
    assert xavier[0].weight.var().item() == pytest.approx(2 / 800, rel=0.05)
    assert [type(m) for m in deep_mlp(nn.ReLU, depth=3)] == [nn.Linear, nn.ReLU, nn.Linear, nn.ReLU, nn.Linear]


def test_layer_gradient_norms_are_the_real_gradients():
    """layer_gradient_norms 返回的真是损失对每层输出的梯度：线性网络（没有激活函数）里，
    最后一层收到全 1，第 1 层收到全 1 乘上最后一层的权重。"""
    torch.manual_seed(0)
    model = deep_mlp(nn.Identity, depth=2, width=3)
    x = torch.randn(64, 3, generator=torch.Generator().manual_seed(100))
    norms = layer_gradient_norms(model, x)
    expected_first = (torch.ones(64, 1) @ model[2].weight).norm().item()
    assert norms == pytest.approx([expected_first, 8.0], rel=1e-6)


def test_vanishing_figure_draws_medians_and_ranges():
    """图 4：四条线是 20 个种子的中位数（对数坐标），浅色带是最小到最大。"""
    fig = draw_vanishing()
    try:
        ax = fig.axes[0]
        assert ax.get_yscale() == "log"
        lines = {line.get_label(): line for line in ax.get_lines()}
        for name, norms in gradient_norms_over_seeds().items():
            assert torch.allclose(torch.tensor(lines[name].get_ydata()).double(), norms.median(dim=0).values.double())
        assert len(ax.collections) == 4
    finally:
        plt.close(fig)


def _saturation(scale, seed):
    """Xavier 初始化的 10 层 sigmoid 网络，权重再乘 scale：返回（第 1 层 ÷ 第 10 层，饱和单元的比例，导数的平均值）。"""
    torch.manual_seed(seed)
    model = deep_mlp(nn.Sigmoid, "xavier")
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.weight.mul_(scale)
    x = torch.randn(64, 32, generator=torch.Generator().manual_seed(100 + seed))
    norms = layer_gradient_norms(model, x)
    outputs, h = [], x
    with torch.no_grad():
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.Sigmoid):
                outputs.append(h.flatten())
    h = torch.cat(outputs)
    return first_to_last(norms), ((h < 0.05) | (h > 0.95)).float().mean().item(), (h * (1 - h)).mean().item()


def test_scaling_sigmoid_weights_trades_vanishing_for_saturation():
    """自测题 4：权重放大 4 倍，比值升到 1e-2 左右；8 倍时仍在缩小；
    16 倍时一层比一层大（第 1 层是第 10 层的 4～13 倍），但约八成（76%～82%）的单元饱和
    （输出 < 0.05 或 > 0.95），导数的平均值从约 0.23 降到 0.03～0.04。"""
    assert all(4e-3 < _saturation(4, seed)[0] < 4e-2 for seed in SEEDS)
    assert all(_saturation(8, seed)[0] < 1 for seed in SEEDS)
    stats = [_saturation(16, seed) for seed in SEEDS]
    assert all(3.5 < r < 13.5 for r, _, _ in stats)
    assert all(0.76 < s < 0.82 for _, s, _ in stats)
    assert all(0.03 < d < 0.04 for _, _, d in stats)
    _, saturated, slope = _saturation(1, 0)
    assert saturated < 0.01 and 0.22 < slope < 0.24


# 每个激活函数在 torch.nn.functional 里的对应（Leaky ReLU 的斜率按本站取 0.1）
REFERENCES = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "ReLU": F.relu,
    "Leaky ReLU": lambda x: F.leaky_relu(x, negative_slope=0.1),
    "ELU": F.elu,
    "GELU": F.gelu,
}


@pytest.mark.parametrize("name", list(REFERENCES))
def test_activation_formulas_match_torch(name):
    ours, reference = ACTIVATIONS[name], REFERENCES[name]
    assert torch.allclose(ours(X), reference(X), atol=1e-6)
    assert torch.allclose(derivative(ours, X), derivative(reference, X), atol=1e-5)


def test_figure_curves_are_torch_functions_and_their_derivatives():
    """图 3 的每个小图：实线等于 torch.nn.functional 的值，虚线等于它的导数，标题是函数名。"""
    fig = draw_activations()
    try:
        assert len(fig.axes) == len(REFERENCES)
        for ax, (name, reference) in zip(fig.axes, REFERENCES.items(), strict=True):
            lines = {line.get_label(): line for line in ax.get_lines()}
            x = torch.tensor(lines["函数"].get_xdata(), dtype=torch.float32)
            y = torch.tensor(lines["函数"].get_ydata(), dtype=torch.float32)
            dy = torch.tensor(lines["导数"].get_ydata(), dtype=torch.float32)
            assert torch.allclose(y, reference(x), atol=1e-6), name
            assert torch.allclose(dy, derivative(reference, x), atol=1e-5), name
            assert ax.get_title().startswith(name)
    finally:
        plt.close(fig)


def test_exp_based_tanh_overflows_but_torch_tanh_does_not():
    """页面说：照定义写的 tanh 在 |x| 超过约 89 时溢出成 nan，torch.tanh 给出 ±1。"""
    big = torch.tensor([-89.0, 89.0])
    assert torch.isnan(tanh(big)).all()
    assert not torch.isnan(tanh(torch.tensor([-88.0, 88.0]))).any()
    assert torch.tanh(big).tolist() == [-1.0, 1.0]


def test_softmax_with_two_classes_is_sigmoid_of_the_difference():
    z = torch.randn(100, 2, generator=torch.Generator().manual_seed(0)) * 3
    assert torch.allclose(F.softmax(z, dim=1)[:, 0], torch.sigmoid(z[:, 0] - z[:, 1]), atol=1e-6)


def test_cross_entropy_on_logits_is_stable_where_log_of_softmax_is_not():
    """页面说：先算 p_y 再取对数会溢出（inf/nan）或下溢（log 0）；合在一起算（log-sum-exp）没有这个问题。"""
    y = torch.tensor([1])
    for z, true_loss in [([1000.0, 0.0], 1000.0), ([0.0, -200.0], 200.0)]:
        z = torch.tensor([z])
        naive = -torch.log(torch.exp(z[0, 1]) / torch.exp(z).sum())
        assert not torch.isfinite(naive)
        assert F.cross_entropy(z, y).item() == pytest.approx(true_loss, rel=1e-6)
        m = z.max()
        log_sum_exp = m + torch.log(torch.exp(z - m).sum())
        assert (log_sum_exp - z[0, 1]).item() == pytest.approx(true_loss, rel=1e-6)


def test_derivative_facts_stated_on_the_page():
    """sigmoid 的导数最大 0.25（在 0 处），tanh 的最大 1；ReLU 在正半轴导数为 1、负半轴为 0。"""
    s = derivative(sigmoid, X)
    assert s.max().item() == pytest.approx(0.25) and X[s.argmax()].item() == pytest.approx(0, abs=1e-6)
    assert torch.allclose(s, sigmoid(X) * (1 - sigmoid(X)), atol=1e-6)
    t = derivative(tanh, X)
    assert t.max().item() == pytest.approx(1.0) and torch.allclose(t, 1 - tanh(X) ** 2, atol=1e-5)
    r = derivative(relu, X)
    assert torch.all(r[X > 0] == 1) and torch.all(r[X < 0] == 0)
    assert torch.allclose(derivative(leaky_relu, X)[X < 0], torch.tensor(0.1))
    assert derivative(sigmoid, torch.tensor([6.0])).item() < 0.003, "两端饱和：导数接近 0"
    assert 1.0 < derivative(gelu, X).max().item() < 1.15, "GELU 的导数最高略大于 1"
    assert nn.LeakyReLU().negative_slope == 0.01, "表格说：PyTorch 的 Leaky ReLU 默认斜率 0.01"
    assert torch.allclose(elu(X), F.elu(X)) and nn.ELU().alpha == 1.0, "图里的 ELU 取 α = 1，也是 PyTorch 的默认值"


def test_vanishing_figure_alt_text_numbers():
    """图 4 的替代文本：第 1 层的中位数 ReLU + 默认约 0.001、sigmoid + Xavier 约 0.00002、sigmoid + 默认约 0.0000001；
    ReLU + He 各层都在 10 上下（中位数在 5～20 之间）。"""
    medians = {name: norms.median(dim=0).values for name, norms in gradient_norms_over_seeds().items()}
    for name, stated in [("ReLU + 默认", 1e-3), ("sigmoid + Xavier", 2e-5), ("sigmoid + 默认", 1e-7)]:
        assert stated / 2 < medians[name][0].item() < stated * 2, name
    assert ((medians["ReLU + He"] > 5) & (medians["ReLU + He"] < 20)).all()
    assert "浅蓝色三角的 ReLU + 默认降到第 1 层的约 0.001" in PAGE
