"""检查 docs/dl/mlp.md 上关于多层感知机的每一个说法。"""

import math

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.mlp import (
    ACTIVATIONS,
    LOSS_THRESHOLD,
    best_linear_fit_error,
    derivative,
    draw_activations,
    elu,
    gelu,
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


def first_to_last(norms):
    return norms[0] / norms[-1]


def test_sigmoid_gradient_vanishes_in_a_real_ten_layer_network():
    """自测题 4：每层 32 个单元、PyTorch 默认初始化的 10 层 sigmoid 网络，种子 0～19：
    梯度一层比一层小，第一层权重梯度的范数不到最后一层的 1e-8。"""
    for seed in SEEDS:
        norms = layer_gradient_norms(nn.Sigmoid, depth=10, width=32, seed=seed)
        assert len(norms) == 10
        assert all(a < b for a, b in zip(norms, norms[1:])), f"种子 {seed}：梯度没有逐层变小"
        assert first_to_last(norms) < 1e-8, seed


def test_relu_alone_is_not_enough_he_init_keeps_the_gradient():
    """自测题 4：ReLU + 默认初始化，比值在 1e-4～1e-3；ReLU + 何恺明初始化，比值约 0.1～0.5。"""
    for seed in SEEDS:
        default = first_to_last(layer_gradient_norms(nn.ReLU, seed=seed))
        he = first_to_last(layer_gradient_norms(nn.ReLU, seed=seed, he_init=True))
        assert 1e-4 < default < 1e-3, (seed, default)
        assert 0.1 < he < 0.5, (seed, he)


def test_layer_gradient_norms_are_the_real_weight_gradients():
    """layer_gradient_norms 真的对权重求梯度：线性网络（没有激活函数）最后一层的梯度 = Σ 输入到它的向量。"""
    norms = layer_gradient_norms(nn.Identity, depth=2, width=3, seed=0)
    torch.manual_seed(0)
    first, last = nn.Linear(3, 3), nn.Linear(3, 1)
    x = torch.randn(64, 3, generator=torch.Generator().manual_seed(100))
    with torch.no_grad():
        expected_last = first(x).sum(dim=0).norm().item()
        expected_first = (last.weight.T @ x.sum(dim=0, keepdim=True)).norm().item()
    assert norms == pytest.approx([expected_first, expected_last], rel=1e-5)


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
