"""检查 docs/dl/training.md 上关于损失函数、反向传播、优化器、训练循环和早停的每一个说法。"""

import copy
import inspect
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.training import (
    CONTENDERS,
    OVERFIT_EPOCHS,
    PATIENCE,
    SCHEDULE_EPOCHS,
    SGD,
    START,
    STEPS,
    ZOOM_HALF,
    Adam,
    AdamW,
    EarlyStopping,
    _decision_field,
    adam_with_l2_step,
    autograd_gradients,
    bumpiness,
    cross_entropy,
    demo_loop,
    demo_minibatch_noise,
    descend,
    draw_early_stopping,
    draw_graph,
    evaluate,
    fit,
    flat_gradient,
    flipped_points,
    forward_backward,
    init_params,
    kept_after_decay,
    log_softmax,
    make_blobs,
    make_model,
    make_spirals,
    mse,
    naive_log_softmax,
    optim_wrapper,
    overfit_model,
    overfit_run,
    param_scheduler,
    schedule_runs,
    steps_to_reach,
    valley_grad,
    valley_loss,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "dl" / "training.md").read_text(encoding="utf-8")


def _alt_text(figure_name):
    (alt,) = re.findall(r"!\[([^\]]*)\]\(\.\./figs/" + re.escape(figure_name) + r"\)", PAGE)
    return alt


# ---------- 损失函数 ----------


def test_mse_is_mean_of_squared_differences():
    assert mse(torch.tensor([1.0, 2.0, 4.0]), torch.tensor([1.0, 0.0, 1.0])).item() == pytest.approx((0 + 4 + 9) / 3)


def test_cross_entropy_matches_pytorch_and_formula():
    z = torch.randn(7, 4, generator=torch.Generator().manual_seed(3))
    y = torch.tensor([0, 1, 2, 3, 3, 2, 1])
    assert torch.allclose(cross_entropy(z, y), F.cross_entropy(z, y))
    # 页面上的公式：L = -z_y + log Σ_j exp(z_j)
    by_formula = (-z[torch.arange(7), y] + torch.logsumexp(z, dim=1)).mean()
    assert torch.allclose(cross_entropy(z, y), by_formula)


def test_log_softmax_is_stable_where_the_naive_formula_overflows():
    big = torch.tensor([[1000.0, 0.0], [-1000.0, 5.0]])
    naive = naive_log_softmax(big)
    assert not torch.isfinite(naive).all()  # 页面输出：[nan, -inf]
    assert torch.isfinite(log_softmax(big)).all()
    assert torch.allclose(log_softmax(big), F.log_softmax(big, dim=1))
    assert log_softmax(big)[0].tolist() == [0.0, -1000.0]


def test_pytorch_cross_entropy_takes_logits_and_is_stable():
    """页面说：F.cross_entropy 接收得分，内部先减去最大值，得分很大也不会溢出。"""
    big = torch.tensor([[1000.0, 0.0]])
    assert F.cross_entropy(big, torch.tensor([0])).item() == 0.0
    assert F.cross_entropy(big, torch.tensor([1])).item() == 1000.0


def test_softmax_cross_entropy_gradient_is_p_minus_onehot():
    """页面说：softmax 与交叉熵合在一起，对 z 的梯度就是 (p - onehot(y)) / N。"""
    z = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), requires_grad=True)
    y = torch.tensor([0, 1, 2, 2, 1, 0])
    (grad,) = torch.autograd.grad(cross_entropy(z, y), z)
    expected = (torch.softmax(z, dim=1) - F.one_hot(y, 3)) / 6
    assert torch.allclose(grad, expected, atol=1e-7)


def test_self_check_gradient_for_a_given_p():
    """自测题 1：p = (0.7, 0.2, 0.1)、正确类别是第 3 类时，∂L/∂z = (0.7, 0.2, -0.9)，分量之和为 0。"""
    p = torch.tensor([[0.7, 0.2, 0.1]], dtype=torch.float64)
    z = p.log().requires_grad_(True)  # softmax(log p) = p
    (grad,) = torch.autograd.grad(cross_entropy(z, torch.tensor([2])), z)
    assert torch.allclose(grad, torch.tensor([[0.7, 0.2, -0.9]], dtype=torch.float64))
    assert grad.sum().item() == pytest.approx(0.0, abs=1e-12)
    assert "(0.7,\\ 0.2,\\ -0.9)" in PAGE


def test_confidently_wrong_prediction_gradients():
    """页面说：错得很有把握时，交叉熵的梯度约为 ±1，softmax 后接均方误差的梯度只有约 1e-4。"""
    z = torch.tensor([[-5.0, 5.0]], requires_grad=True)
    target = torch.tensor([0])
    (grad_ce,) = torch.autograd.grad(cross_entropy(z, target), z)
    (grad_mse,) = torch.autograd.grad(mse(torch.softmax(z, dim=1), F.one_hot(target, 2).float()), z)
    assert grad_ce[0, 0].item() == pytest.approx(-1.0, abs=1e-4)
    assert abs(grad_mse[0, 0].item()) < 1e-4
    assert abs(grad_ce[0, 0].item()) > 10_000 * abs(grad_mse[0, 0].item())


# ---------- 反向传播 ----------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_hand_written_backprop_matches_autograd(dtype):
    x, y = make_spirals(n_per_class=10)
    x = x.to(dtype)
    params = init_params(n_hidden=8, dtype=dtype)
    loss, grads = forward_backward(params, x, y)
    loss_auto, grads_auto = autograd_gradients(params, x, y)
    assert torch.allclose(loss, loss_auto)
    for mine, auto, param in zip(grads, grads_auto, params):
        assert mine.shape == param.shape  # 梯度和参数同形状
        assert torch.allclose(mine, auto, atol=1e-12 if dtype == torch.float64 else 1e-6)
        if dtype == torch.float64:  # 页面说：双精度下只差 1e-17 量级的舍入误差
            assert (mine - auto).abs().max().item() < 1e-16


def test_graph_figure_uses_the_single_sample_formulas_of_the_page():
    """图 1 与页面上的公式同一种写法：一个样本、列向量（∂L/∂z = p − e_y，W2ᵀ 在左，xᵀ、hᵀ 在右），没有批的 1/N。"""
    fig = draw_graph()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
    assert "\\mathbf{z} = \\mathbf{p} - \\mathbf{e}_y" in texts
    assert "\\mathbf{h} = W_2^{\\top}" in texts
    assert "\\, \\mathbf{x}^{\\top}" in texts and "\\, \\mathbf{h}^{\\top}" in texts
    assert "/\\, N" not in texts and "onehot" not in texts
    assert "对一个样本、用列向量写" in PAGE


def test_graph_label_y_enters_the_softmax_cross_entropy_box():
    """图 1 的替代文本说：标签 y 从“softmax 交叉熵”框上方输入（不是最后的 L 框）。"""
    fig = draw_graph()
    texts = fig.axes[0].texts
    plt.close(fig)
    (label,) = [t for t in texts if "标签" in t.get_text()]
    x_label = label.get_position()[0]
    (box,) = [t for t in texts if t.get_position() == (x_label, 0)]  # 箭头正下方、y = 0 那一行的方框
    assert box.get_text().replace("\n", " ") == "softmax 交叉熵"
    assert max(t.get_position()[0] for t in texts if t.get_position()[1] == 0) > x_label  # 右边还有 L 框
    alt = _alt_text("training_graph.svg")
    assert "“softmax 交叉熵”框上方输入标签 y" in alt and "最后一个框" not in alt


def test_backprop_gradient_agrees_with_finite_differences():
    """再用有限差分核对一个参数：梯度真的是损失的变化率。"""
    x, y = make_spirals(n_per_class=5)
    x = x.double()
    params = init_params(n_hidden=4)
    _, grads = forward_backward(params, x, y)
    eps = 1e-6
    bumped = [p.clone() for p in params]
    bumped[2][1, 3] += eps
    slope = (forward_backward(bumped, x, y)[0] - forward_backward(params, x, y)[0]) / eps
    assert slope.item() == pytest.approx(grads[2][1, 3].item(), rel=1e-4)


def test_gradient_descent_with_hand_written_gradients_lowers_the_loss():
    x, y = make_spirals(n_per_class=20)
    x = x.double()
    params = init_params(n_hidden=16)
    first, _ = forward_backward(params, x, y)
    for _ in range(200):
        loss, grads = forward_backward(params, x, y)
        params = [p - 0.5 * g for p, g in zip(params, grads)]
    assert loss < 0.6 * first


# ---------- 优化器 ----------


def _torch_path(make_optimizer, steps=STEPS):
    p = START.clone().requires_grad_(True)
    optimizer = make_optimizer([p])
    path = [p.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        valley_loss(p).backward()
        optimizer.step()
        path.append(p.detach().clone())
    return torch.stack(path)


def test_valley_gradient_is_correct():
    p = torch.tensor([-3.0, 0.7], requires_grad=True)
    (grad,) = torch.autograd.grad(valley_loss(p), p)
    assert torch.allclose(grad, valley_grad(p.detach()))


@pytest.mark.parametrize("momentum", [0.0, 0.7, 0.9])
def test_hand_written_sgd_matches_torch_optim(momentum):
    mine = descend(SGD(lr=0.4, momentum=momentum))
    theirs = _torch_path(lambda ps: torch.optim.SGD(ps, lr=0.4, momentum=momentum))
    assert torch.allclose(mine, theirs, atol=1e-5)


def _momentum_paths(lrs, mu=0.7):
    """两种动量写法各走 len(lrs) 步，第 t 步的学习率是 lrs[t]：
    PyTorch：v ← μv + g，θ ← θ − ηv；论文：v ← μv − ηg，θ ← θ + v。"""
    theta_pt = theta_paper = START.double()
    v_pt = v_paper = torch.zeros(2, dtype=torch.float64)
    paths = ([theta_pt], [theta_paper])
    for lr in lrs:
        v_pt = mu * v_pt + valley_grad(theta_pt)
        theta_pt = theta_pt - lr * v_pt
        v_paper = mu * v_paper - lr * valley_grad(theta_paper)
        theta_paper = theta_paper + v_paper
        paths[0].append(theta_pt)
        paths[1].append(theta_paper)
    return torch.stack(paths[0]), torch.stack(paths[1])


def test_two_momentum_formulations_agree_only_for_a_fixed_learning_rate():
    """页面说：论文的写法 v ← μv − ηg、θ ← θ + v 与 PyTorch 的写法在学习率不变时等价（逐步相同）。"""
    pytorch_form, paper_form = _momentum_paths([0.4] * STEPS)
    assert torch.allclose(pytorch_form, paper_form, rtol=0, atol=1e-12)
    assert torch.allclose(pytorch_form.float(), descend(SGD(lr=0.4, momentum=0.7)), atol=1e-5)  # 就是上面的 SGD 类
    # 条件不是多余的：第 10 步起学习率减半，两种写法就分道扬镳
    pytorch_form, paper_form = _momentum_paths([0.4] * 10 + [0.2] * (STEPS - 10))
    assert torch.allclose(pytorch_form[:11], paper_form[:11], rtol=0, atol=1e-12)
    assert (pytorch_form - paper_form).abs().max() > 0.1
    # 上面模拟的正是页面上写的论文写法
    assert r"$\mathbf{v}_t = \mu\mathbf{v}_{t-1} - \eta\mathbf{g}_t$" in PAGE
    assert r"$\boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} + \mathbf{v}_t$" in PAGE
    assert "学习率不变时两者等价[^pytorch-sgd][^pytorch-1099]" in PAGE


def test_hand_written_adam_matches_torch_optim():
    mine = descend(Adam(lr=0.5))
    theirs = _torch_path(lambda ps: torch.optim.Adam(ps, lr=0.5))
    assert torch.allclose(mine, theirs, atol=1e-5)


def test_pytorch_optimizer_defaults_as_stated():
    """页面说：torch.optim.SGD 默认不带动量；torch.optim.Adam 的默认值与论文相同（lr 1e-3、β (0.9, 0.999)、ε 1e-8）。"""
    sgd = inspect.signature(torch.optim.SGD).parameters
    adam = inspect.signature(torch.optim.Adam).parameters
    assert sgd["momentum"].default == 0
    assert adam["lr"].default == 1e-3
    assert tuple(adam["betas"].default) == (0.9, 0.999)
    assert adam["eps"].default == 1e-8
    assert "`lr=1e-3`、`betas=(0.9, 0.999)`、`eps=1e-8`" in PAGE


def test_adam_overshoots_to_the_stated_x():
    """图 2 的替代文本说：Adam 冲过最小值，到了 x 约 1.36 处。"""
    path = descend(CONTENDERS["Adam（lr = 0.5）"](), STEPS)
    assert path[:, 0].max().item() == pytest.approx(1.36, abs=0.005)
    assert "x 约 1.36 处" in _alt_text("training_optimizers.svg")


def _race():
    return {name.split("（")[0]: valley_loss(descend(make(), STEPS)) for name, make in CONTENDERS.items()}


def test_every_optimizer_lowers_the_loss():
    for losses in _race().values():
        assert losses[-1] < 0.01 * losses[0]


def test_race_result_as_stated_on_the_page():
    """页面说：60 步后动量最低、Adam 其次、SGD 最高；第一次降到 0.01 以下分别在第 17、22 步，SGD 没有。"""
    losses = _race()
    assert set(losses) == {"SGD", "动量", "Adam"}
    assert losses["动量"][-1] < losses["Adam"][-1] < losses["SGD"][-1]
    assert losses["动量"][-1] < 1e-8
    assert steps_to_reach(losses["动量"]) == 17
    assert steps_to_reach(losses["Adam"]) == 22
    assert steps_to_reach(losses["SGD"]) is None
    assert losses["SGD"][-1].item() == pytest.approx(0.030, abs=5e-4)


def test_sgd_decreases_monotonically_but_adam_bounces():
    """页面说：SGD 的损失每一步都在降；Adam 降到 0.01 以下后又回升（在最小值附近绕圈）。"""
    losses = _race()
    assert torch.all(losses["SGD"][1:] < losses["SGD"][:-1])
    adam = losses["Adam"]
    first = steps_to_reach(adam)
    assert 0.15 < adam[first:].max() < 0.25  # 页面说：又回升到 0.2 左右
    assert not torch.all(adam[1:] < adam[:-1])


def test_sgd_zigzags_across_the_valley():
    """页面说：SGD 在陡的 y 方向来回跳（符号交替），在平缓的 x 方向每步只走 4%。"""
    path = descend(SGD(lr=0.4), 6)
    assert all(path[i, 1] * path[i + 1, 1] < 0 for i in range(6))
    assert torch.allclose(path[1:, 0] / path[:-1, 0], torch.full((6,), 0.96))


def test_learning_rate_bound_on_the_valley():
    """陡的方向曲率是 4：学习率小于 2/4 = 0.5 时收敛，大于 0.5 时发散；0.05 比 0.4 慢得多。"""
    final = {lr: valley_loss(descend(SGD(lr=lr), STEPS))[-1].item() for lr in [0.05, 0.4, 0.49, 0.52]}
    start = valley_loss(START).item()
    assert final[0.05] < start and final[0.4] < start and final[0.49] < start
    assert final[0.52] > 1000 * start
    assert final[0.4] < final[0.05] / 50


def test_default_momentum_overshoots_more_here():
    """自测题：μ 取常用的 0.9，在这个问题上反而比 0.7 慢，60 步后仍高于 0.01。"""
    loss_09 = valley_loss(descend(SGD(lr=0.4, momentum=0.9), STEPS))
    loss_07 = valley_loss(descend(SGD(lr=0.4, momentum=0.7), STEPS))
    assert loss_09[-1] > 0.01 > loss_07[-1]
    assert not torch.all(loss_09[1:] < loss_09[:-1])


def test_momentum_amplifies_a_constant_gradient_up_to_one_over_one_minus_mu():
    """页面说：方向一直不变的梯度分量，最多放大到 1/(1 - μ) 倍。"""
    optimizer = SGD(lr=1.0, momentum=0.7)
    theta, grad = torch.zeros(1, dtype=torch.float64), torch.ones(1, dtype=torch.float64)
    speeds = []
    for _ in range(100):
        theta = optimizer.step(theta, grad)
        speeds.append(optimizer.velocity.item())  # 这一步实际乘在梯度上的倍数
    assert all(a < b < 1 / 0.3 for a, b in zip(speeds[:30], speeds[1:30]))  # 越积越大，但不超过上限
    assert speeds[-1] == pytest.approx(1 / 0.3, rel=1e-9)


def _adam_step_sizes(grads, lr=0.5):
    optimizer, theta, sizes = Adam(lr=lr), torch.zeros(1, dtype=torch.float64), []
    for grad in grads:
        new = optimizer.step(theta, torch.tensor([grad], dtype=torch.float64))
        sizes.append((new - theta).abs().item() / lr)  # 这一步走了几个 lr
        theta = new
    return sizes


def test_adam_steps_stay_near_lr_while_the_gradient_keeps_its_sign_and_size():
    """页面说：梯度一直同号、大小也差不多时，Adam 每步都接近 η，与梯度的绝对大小无关；
    来回变号时步子小得多，大小相差悬殊时也不再接近 η。"""
    g = torch.Generator().manual_seed(0)
    for scale in [1e-3, 1.0, 1e3]:  # 梯度的绝对大小不影响步长
        assert _adam_step_sizes([3.0 * scale] * 50) == pytest.approx([1.0] * 50, abs=1e-4)
        similar = (scale * (0.5 + torch.rand(50, generator=g, dtype=torch.float64))).tolist()  # 同号，0.5～1.5 倍
        assert all(0.85 < s < 1.05 for s in _adam_step_sizes(similar))
    alternating = [(-1.0) ** t for t in range(50)]
    assert max(_adam_step_sizes(alternating)[10:]) < 0.15
    wild = (10 ** (2 * torch.rand(50, generator=g, dtype=torch.float64) - 1)).tolist()  # 同号，0.1～10 倍
    assert min(_adam_step_sizes(wild)) < 0.6
    assert "梯度一直同号、大小也差不多时接近 $\\eta$" in PAGE


def test_adam_first_step_moves_lr_in_every_coordinate():
    """页面说：Adam 第一步在每个坐标上都走 lr 那么远，与梯度大小无关。"""
    path = descend(Adam(lr=0.5), 1)
    assert torch.allclose((path[1] - path[0]).abs(), torch.tensor([0.5, 0.5]), atol=1e-6)


# ---------- 小批量 ----------


def test_one_epoch_of_300_samples_in_batches_of_32_is_10_steps():
    """页面说：300 个样本、批大小 32，一轮 10 步，最后一步只有 12 个样本。"""
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(*make_spirals()), batch_size=32)
    sizes = [len(xb) for xb, _ in loader]
    assert len(sizes) == 10 and sizes[:-1] == [32] * 9 and sizes[-1] == 12


def test_printed_minibatch_deviations_shrink_as_stated(capsys):
    """页面说：1 → 8 缩小约 2.9 倍，8 → 32 约 2.1 倍，32 → 128 约 2.6 倍（不放回抽样，比 √4 = 2 快）。"""
    demo_minibatch_noise()
    printed = dict(re.findall(r"批大小\s+(\d+)：.*?(\d+\.\d+)", capsys.readouterr().out))
    dev = {int(b): float(v) for b, v in printed.items()}
    assert sorted(dev) == [1, 8, 32, 128]
    ratios = {(1, 8): 2.9, (8, 32): 2.1, (32, 128): 2.6}
    n = 300
    for (small, large), stated in ratios.items():
        ratio = dev[small] / dev[large]
        assert ratio == pytest.approx(stated, abs=0.1)
        # 不放回抽样的理论值：标准差 ∝ √((N - B) / B)
        predicted = math.sqrt(((n - small) / small) / ((n - large) / large))
        assert ratio == pytest.approx(predicted, rel=0.05)
    # 32 → 128：明显快于不考虑“不放回”的 √4 = 2
    assert dev[32] / dev[128] > 1.2 * 2


def test_minibatch_gradient_noise_shrinks_like_one_over_sqrt_batch():
    x, y = make_spirals()
    torch.manual_seed(0)
    model = make_model()
    full = flat_gradient(model, x, y)
    g = torch.Generator().manual_seed(0)
    n = len(x)
    rms = {}
    for b in [1, 8, 32, 128]:
        batches = [torch.randperm(n, generator=g)[:b] for _ in range(100)]
        sq = [((flat_gradient(model, x[idx], y[idx]) - full).norm() ** 2).item() for idx in batches]
        rms[b] = math.sqrt(sum(sq) / len(sq))
    assert rms[1] > rms[8] > rms[32] > rms[128]
    for b in [8, 32, 128]:  # 不放回抽样：方差 ∝ (N - B) / ((N - 1) B)
        predicted = rms[1] * math.sqrt((n - b) / ((n - 1) * b))
        assert rms[b] == pytest.approx(predicted, rel=0.25)


# ---------- 训练循环与早停 ----------


def _stop_epoch(stopper, val):
    for epoch, v in enumerate(val, start=1):
        if stopper.should_stop(epoch, v):
            return epoch
    return None


def test_early_stopping_rule_on_a_toy_curve():
    """自测题：耐心太小会错过后面更低的点。"""
    val = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.6]
    stopper = EarlyStopping(patience=3)
    assert _stop_epoch(stopper, val) == 6  # 第 3 轮最低，之后 3 轮没有创新低
    assert stopper.best_epoch == 3
    patient = EarlyStopping(patience=5)
    assert _stop_epoch(patient, val) is None  # 耐心 5 轮：撑到了第 8 轮的 0.6
    assert patient.best_epoch == 8


def test_early_stopping_keeps_a_copy_of_the_best_parameters():
    model = nn.Linear(2, 1)
    stopper = EarlyStopping(patience=2)
    stopper.should_stop(1, 0.5, model)
    saved = model.weight.detach().clone()
    with torch.no_grad():
        model.weight.add_(1.0)
    stopper.should_stop(2, 0.9, model)  # 更差：不覆盖
    assert torch.equal(stopper.best_state["weight"], saved)


@pytest.fixture(scope="module")
def spiral_training():
    train_set, val_set = make_spirals(seed=0), make_spirals(seed=1)
    torch.manual_seed(0)
    model = make_model()
    history, stopper = fit(model, train_set, val_set, epochs=200, patience=20)
    model.load_state_dict(stopper.best_state)
    return model, history, stopper.best_epoch, val_set


def test_training_loop_result_as_printed(spiral_training):
    model, history, best_epoch, val_set = spiral_training
    assert len(history) == 55 and best_epoch == 35
    assert len(history) == best_epoch + 20  # 耐心 20 轮
    assert history[0]["val_acc"] == pytest.approx(0.553, abs=1e-3)  # 第 1 轮 55%
    later = [h["val_acc"] for h in history[9:]]
    assert f"{later[0]:.1%}" == "98.3%"  # 页面说：第 10 轮已达到 98.3%
    assert f"{min(later):.0%}" == "93%" and f"{max(later):.1%}" == "99.7%"  # 之后在 93%～99.7% 之间波动
    assert "第 10 轮已达到 98.3%（之后在 93%～99.7% 之间波动）" in PAGE
    val_loss, val_acc = evaluate(model, *val_set, nn.CrossEntropyLoss())
    assert val_acc == pytest.approx(0.99, abs=1e-6)  # 页面说：这一轮验证集上 99.0%
    # 恢复的是最佳检查点：验证损失等于整条曲线的最小值
    assert val_loss == pytest.approx(min(h["val_loss"] for h in history), abs=1e-6)
    assert val_loss == pytest.approx(history[best_epoch - 1]["val_loss"], abs=1e-6)


def test_result_is_reported_on_a_held_out_test_set(spiral_training, capsys):
    """页面说：检查点在验证集上选，成绩在没参与训练和选择的测试集上量：99.3%。"""
    model, _, _, _ = spiral_training
    train_set, val_set, test_set = make_spirals(seed=0), make_spirals(seed=1), make_spirals(seed=2)
    for other in (train_set, val_set):  # 三份数据互不相同
        assert not torch.equal(test_set[0], other[0])
    _, test_acc = evaluate(model, *test_set, nn.CrossEntropyLoss())
    assert test_acc == pytest.approx(0.993, abs=1e-3)
    demo_loop()
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == f"测试集上的准确率 {test_acc:.1%}"  # 最后报告的是测试集
    assert f"最后的成绩在**测试集**上量：{test_acc:.1%}" in PAGE


def test_train_and_eval_mode_give_the_same_output_for_this_mlp():
    """页面说：这个 MLP 里没有 Dropout、BatchNorm 这样的层，切换模式不改变结果。"""
    torch.manual_seed(0)
    model = make_model()
    x, _ = make_spirals()
    with torch.no_grad():
        model.train()
        out_train = model(x)
        model.eval()
        out_eval = model(x)
    assert torch.equal(out_train, out_eval)
    assert not any(isinstance(m, (nn.Dropout, nn.BatchNorm1d)) for m in model.modules())


def test_fit_uses_adam_with_the_stated_defaults():
    """页面说：fit 用 Adam，默认学习率 0.01、批大小 32。逐步重做一轮，参数应完全相同。"""
    params = inspect.signature(fit).parameters
    assert params["lr"].default == 0.01 and params["batch_size"].default == 32
    train_set = make_spirals(n_per_class=20, seed=0)
    torch.manual_seed(0)
    model = make_model()
    reference = copy.deepcopy(model)
    fit(model, train_set, train_set, epochs=1)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(*train_set),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    optimizer = torch.optim.Adam(reference.parameters(), lr=0.01)
    for xb, yb in loader:
        optimizer.zero_grad()
        F.cross_entropy(reference(xb), yb).backward()
        optimizer.step()
    for a, b in zip(model.parameters(), reference.parameters()):
        assert torch.equal(a, b)


def test_training_loop_learns_what_a_line_cannot(spiral_training):
    """页面说：同样的循环训练线性模型（没有隐藏层），测试准确率只有 55%，远低于 MLP 的 99.3%。"""
    train_set, val_set, test_set = make_spirals(seed=0), make_spirals(seed=1), make_spirals(seed=2)
    torch.manual_seed(0)
    linear = nn.Linear(2, 3)
    _, stopper = fit(linear, train_set, val_set, epochs=200, patience=20)
    linear.load_state_dict(stopper.best_state)
    _, acc = evaluate(linear, *test_set, nn.CrossEntropyLoss())
    assert acc == pytest.approx(0.55, abs=0.01)
    _, mlp_acc = evaluate(spiral_training[0], *test_set, nn.CrossEntropyLoss())
    assert mlp_acc > acc + 0.4


def test_overfitting_curves():
    """页面说：验证损失先降后升，最低点远在最后一轮之前；之后训练损失仍在一直下降。"""
    _, _, history = overfit_run()
    assert len(history) == OVERFIT_EPOCHS
    val = [h["val_loss"] for h in history]
    train = [h["train_loss"] for h in history]
    best = min(range(len(val)), key=val.__getitem__) + 1
    assert best == 41 and best < OVERFIT_EPOCHS
    assert all(train[i + 1] < train[i] for i in range(best - 1, len(train) - 1))  # 之后训练损失每轮都降
    assert val[-1] > 2 * val[best - 1]  # 验证损失翻了一倍多
    assert train[-1] < 0.3 * train[best - 1]
    # 准确率几乎不变：41 轮 85.5%，300 轮 85.25%
    assert history[best - 1]["val_acc"] == pytest.approx(0.855, abs=1e-6)
    assert history[-1]["val_acc"] == pytest.approx(0.8525, abs=1e-6)


def test_early_stopping_returns_the_best_epoch_on_the_overfitting_run():
    _, _, history = overfit_run()
    stopper = EarlyStopping(PATIENCE)
    stop = next(h["epoch"] for h in history if stopper.should_stop(h["epoch"], h["val_loss"]))
    val = [h["val_loss"] for h in history]
    assert stopper.best_epoch == min(range(len(val)), key=val.__getitem__) + 1 == 41
    assert stop == 61 < OVERFIT_EPOCHS


def test_best_checkpoint_is_reproduced_by_retraining():
    """画图用的最佳检查点（重新训练到第 41 轮）与整条曲线上第 41 轮的验证损失相同。"""
    _, best_model, history = overfit_run()
    model, short_history, _ = overfit_model(41)
    assert short_history[-1]["val_loss"] == pytest.approx(history[40]["val_loss"], abs=1e-7)
    for a, b in zip(model.parameters(), best_model.parameters()):
        assert torch.equal(a, b)


def test_overfit_run_is_full_batch_adam_with_lr_5e_4():
    """页面说：过拟合实验用学习率 5e-4 的 Adam，一步用全部 20 个训练点。"""
    model, _, _ = overfit_model(1)
    x, y = make_blobs(20, seed=1)
    torch.manual_seed(0)
    reference = make_model(n_hidden=100, n_classes=2)
    optimizer = torch.optim.Adam(reference.parameters(), lr=5e-4)
    F.cross_entropy(reference(x), y).backward()
    optimizer.step()
    for a, b in zip(model.parameters(), reference.parameters()):
        assert torch.allclose(a, b, atol=1e-7)


def _island(final_model, center, n=401):
    """第 300 轮在 center 周围判为 0 类的区域的外接矩形（细网格，步长 0.00025）。"""
    xs = torch.linspace(center[0] - ZOOM_HALF, center[0] + ZOOM_HALF, n)
    ys = torch.linspace(center[1] - ZOOM_HALF, center[1] + ZOOM_HALF, n)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    inside = _decision_field(final_model, gx, gy) < 0
    return gx, gy, inside


def test_the_memorised_point_is_described_correctly():
    """页面说：41 轮和 300 轮判断不同的训练点只有 (1.41, 0.28)，它是 0 类，41 轮判为 1 类、300 轮判为 0 类，
    被一个约 0.045 × 0.015 的小岛围住；41 轮在整个放大窗口里都判为 1 类；训练准确率 95% → 100%。"""
    final_model, best_model, _ = overfit_run()
    ((point, label, before, after),) = flipped_points()
    assert (label, before, after) == (0, 1, 0)
    coords = f"({point[0]:.2f}, {point[1]:.2f})"
    assert coords == "(1.41, 0.28)"
    alt = _alt_text("training_early_stopping.svg")
    body = PAGE.replace(alt, "")
    assert coords in alt and coords in body
    assert "(-0.13, 0.24)" not in PAGE and "(−0.13, 0.24)" not in PAGE  # 旧图注说错的那个点：41 轮就已判为 0 类

    x, y = make_blobs(20, seed=1)
    with torch.no_grad():
        right_best = (best_model(x).argmax(dim=1) == y).sum().item()
        right_final = (final_model(x).argmax(dim=1) == y).sum().item()
    assert (right_best, right_final) == (19, 20)  # 95% → 100%
    assert "训练准确率 95%" in body and "训练准确率达到 100%" in body

    gx, gy, inside = _island(final_model, point)
    width = (gx[inside].max() - gx[inside].min()).item()
    height = (gy[inside].max() - gy[inside].min()).item()
    assert width == pytest.approx(0.045, abs=0.004) and height == pytest.approx(0.015, abs=0.003)
    assert "长约 0.045、宽约 0.015" in alt and "长约 0.045、宽约 0.015" in body
    # 小岛整个落在放大窗口里，不碰边
    assert not (inside[0].any() or inside[-1].any() or inside[:, 0].any() or inside[:, -1].any())
    # 41 轮：整个窗口都判为 1 类
    assert (_decision_field(best_model, gx, gy) > 0).all()
    # 中图里，小岛比方块的标记还小（都换算成像素比较）
    fig = draw_early_stopping()
    ax_b = fig.axes[1]
    fig.canvas.draw()
    (x0, y0), (x1, y1) = ax_b.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    side = ax_b.collections[-1].get_sizes()[0] ** 0.5 * fig.dpi / 72  # 标记面积以 pt² 计
    assert width * (x1 - x0) < side and height * (y1 - y0) < side
    plt.close(fig)


def _main_boundary(model):
    """中图网格上的 0 等值线里最长的一段（第 300 轮那个小岛太小，在这个网格上画不出来）。"""
    gx, gy = torch.meshgrid(torch.linspace(-3.5, 3.5, 120), torch.linspace(-3, 3, 100), indexing="xy")
    fig, ax = plt.subplots()
    contour = ax.contour(gx, gy, _decision_field(model, gx, gy), levels=[0])
    plt.close(fig)
    lines = [poly for path in contour.get_paths() for poly in path.to_polygons(closed_only=False)]
    return torch.tensor(max(lines, key=len))


def test_boundaries_in_the_middle_panel_are_described_correctly():
    """图 3 的替代文本说：绿线（第 41 轮）在上半部分贴着 x1 = 0，下半部分略向左偏；
    紫线（第 300 轮）像朝右的尖角，尖端在 (0.2, 0.2) 附近，上下两端向左偏到 x1 ≈ −1.2。"""
    final_model, best_model, _ = overfit_run()
    green = _main_boundary(best_model)
    assert green[:, 1].min() == pytest.approx(-3) and green[:, 1].max() == pytest.approx(3)  # 从上到下贯穿
    assert green[green[:, 1] >= 0, 0].abs().max() < 0.1  # 上半部分贴着 x1 = 0
    bottom = green[green[:, 1].argmin(), 0].item()
    assert -0.8 < bottom < -0.4  # 下端略向左偏
    purple = _main_boundary(final_model)
    tip = purple[purple[:, 0].argmax()]
    assert tip.tolist() == pytest.approx([0.2, 0.2], abs=0.1)
    for end in (purple[purple[:, 1].argmax()], purple[purple[:, 1].argmin()]):
        assert abs(end[1].item()) == pytest.approx(3) and end[0].item() == pytest.approx(-1.2, abs=0.05)
    alt = _alt_text("training_early_stopping.svg")
    assert "上半部分贴着 x1 = 0 竖直向下，下半部分略向左偏" in alt
    assert "尖端在 (0.2, 0.2) 附近，上下两端向左偏到 x1 ≈ −1.2" in alt


def test_overfit_network_becomes_confidently_wrong():
    """页面说：分错的 58～59 个验证点上，错误类别的平均概率 72% → 92%，平均损失 1.5 → 5.1。"""
    final_model, best_model, _ = overfit_run()
    x, y = make_blobs(400, seed=2)
    stats = []
    with torch.no_grad():
        for model in (best_model, final_model):
            logits = model(x)
            wrong = logits.argmax(dim=1) != y
            confidence = logits.softmax(dim=1).max(dim=1).values[wrong].mean().item()
            loss = F.cross_entropy(logits, y, reduction="none")[wrong].mean().item()
            stats.append((wrong.sum().item(), round(confidence, 2), round(loss, 1)))
    assert stats == [(58, 0.72, 1.5), (59, 0.92, 5.1)]
    assert "分错的 58～59 个点上，它给错误类别的平均概率从 72% 升到 92%，这些点的平均损失从 1.5 涨到 5.1" in PAGE


def test_no_validation_point_falls_into_the_island():
    """页面说：新数据几乎不会恰好落进这个小岛。400 个验证点里一个也没有。"""
    final_model, best_model, _ = overfit_run()
    val_x, _ = make_blobs(400, seed=2)
    with torch.no_grad():
        changed = final_model(val_x).argmax(dim=1) != best_model(val_x).argmax(dim=1)
    ((point, _, _, _),) = flipped_points()
    near = ((val_x - point).abs() < ZOOM_HALF).all(dim=1)
    assert not (changed & near).any()


def test_overfitting_network_has_ten_thousand_parameters():
    """页面说：两个各 100 个单元的隐藏层，一万多个参数，而训练点只有 20 个。"""
    model = make_model(n_hidden=100, n_classes=2)
    assert sum(p.numel() for p in model.parameters()) == 2 * 100 + 100 + 100 * 100 + 100 + 100 * 2 + 2 == 10602


# ---------- 自测题 ----------


def test_backward_accumulates_gradients_without_zero_grad():
    """页面说：不清零，第二次 backward 的梯度加在第一次上。"""
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    x = torch.randn(4, 2, generator=torch.Generator().manual_seed(0))
    model(x).sum().backward()
    once = model.weight.grad.clone()
    model(x).sum().backward()
    assert torch.allclose(model.weight.grad, 2 * once)
    model.zero_grad()
    assert model.weight.grad is None or torch.all(model.weight.grad == 0)


def test_softmax_before_cross_entropy_cannot_go_below_bound():
    """页面说最后一层不要再加 softmax：先 softmax 再交给 CrossEntropyLoss，3 类时损失不低于 ln(1 + 2/e) ≈ 0.55。"""
    bound = math.log(1 + 2 / math.e)
    assert bound == pytest.approx(0.551, abs=1e-3)
    assert math.e / (math.e + 2) == pytest.approx(0.58, abs=0.01)
    z = torch.tensor([[100.0, -100.0, -100.0]])  # 极有把握地选对
    y = torch.tensor([0])
    assert F.cross_entropy(z, y).item() < 1e-6  # 正确用法：损失接近 0
    assert F.cross_entropy(torch.softmax(z, dim=1), y).item() == pytest.approx(bound, abs=1e-6)
    # 任意得分下都不会低于这个界
    many = torch.randn(1000, 3, generator=torch.Generator().manual_seed(0)) * 20
    losses = F.cross_entropy(torch.softmax(many, dim=1), torch.zeros(1000, dtype=torch.long), reduction="none")
    assert losses.min().item() >= bound - 1e-6


def test_state_dict_without_deepcopy_follows_training():
    """页面说：state_dict() 返回正在训练的张量本身，不复制就会被之后的训练改掉。"""
    model = nn.Linear(2, 1)
    shallow = model.state_dict()
    deep = copy.deepcopy(model.state_dict())
    with torch.no_grad():
        model.weight.add_(1.0)
    assert torch.equal(shallow["weight"], model.weight)
    assert not torch.equal(deep["weight"], model.weight)


def test_momentum_swings_wider_in_y_but_the_swing_decays():
    """页面说：动量在 y 方向摆得比 SGD 更远，但摆动逐步衰减。"""
    sgd = descend(SGD(lr=0.4), STEPS)
    momentum = descend(SGD(lr=0.4, momentum=0.7), STEPS)
    assert momentum[:, 1].abs().max() > sgd[1:, 1].abs().max()
    assert momentum[30:, 1].abs().max() < 0.1 * momentum[:30, 1].abs().max()


# ---------- 权重衰减、AdamW 与学习率调度 ----------


def test_hand_written_adamw_matches_torch_optim():
    """页面说：在 Adam 类上加几行就是 AdamW，与 torch.optim.AdamW 逐步相同。"""
    mine = descend(AdamW(lr=0.5, weight_decay=0.1))
    theirs = _torch_path(lambda ps: torch.optim.AdamW(ps, lr=0.5, weight_decay=0.1))
    assert torch.allclose(mine, theirs, atol=1e-5)
    assert not torch.allclose(mine, descend(Adam(lr=0.5)), atol=1e-2)  # 衰减确实起了作用
    assert inspect.signature(torch.optim.AdamW).parameters["weight_decay"].default == 0.01


def test_adam_weight_decay_is_l2_added_to_the_gradient():
    """页面说：torch.optim.Adam 的 weight_decay 就是在梯度上加 λθ，等于把 (λ/2)‖θ‖² 加进损失。"""
    wd = 0.3
    optimizer, theta, path = Adam(lr=0.5), START.clone(), [START.clone()]
    for _ in range(STEPS):
        theta = adam_with_l2_step(optimizer, theta, valley_grad(theta), wd)
        path.append(theta)
    theirs = _torch_path(lambda ps: torch.optim.Adam(ps, lr=0.5, weight_decay=wd))
    assert torch.allclose(torch.stack(path), theirs, atol=1e-5)
    p = START.clone().requires_grad_(True)  # L2 进损失：梯度正好多出 λθ
    (grad,) = torch.autograd.grad(valley_loss(p) + wd / 2 * (p**2).sum(), p)
    assert torch.allclose(grad, valley_grad(START) + wd * START)


def test_decay_demo_numbers_as_printed():
    """页面说：AdamW 两个权重都保留 99.00% = (1 − ηλ)^100；Adam + L2 权重 1 保留 99.90%（衰减只有 AdamW 的十分之一），
    权重 2 保留 22.44%，开头每步走约 η = 0.01；λ 缩小 10 倍，权重 2 还是只剩 22%。"""
    adamw = kept_after_decay(torch.optim.AdamW)
    assert torch.allclose(adamw, torch.full((2,), (1 - 1e-4) ** 100), atol=2e-5)
    adam = kept_after_decay(torch.optim.Adam)
    assert [f"{v:.2%}" for v in adam.tolist()] == ["99.90%", "22.44%"]
    assert (1 - adam[0]) / (1 - adamw[0]) == pytest.approx(0.1, abs=0.01)
    assert f"{kept_after_decay(torch.optim.Adam, weight_decay=0.001)[1]:.0%}" == "22%"
    w = torch.ones(2, requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=0.01, weight_decay=0.01)
    w.grad = torch.tensor([10.0, 0.0])
    optimizer.step()
    assert 1 - w[1].item() == pytest.approx(0.01, rel=1e-3)
    text = (ROOT / "snippets/outputs/training_adamw.txt").read_text(encoding="utf-8")
    assert "权重 1（梯度大）保留 99.90%，权重 2（梯度为 0）保留 22.44%" in text
    assert "AdamW：权重 1（梯度大）保留 99.00%，权重 2（梯度为 0）保留 99.00%" in text


def test_fit_steps_the_scheduler_once_per_epoch():
    """fit 每轮结束后调用一次 scheduler.step()：记下的学习率就是余弦退火公式的值；不传 scheduler 时学习率不变。"""
    history = schedule_runs()["余弦退火"]
    for h in history:
        expected = 0.01 * 0.5 * (1 + math.cos(math.pi * (h["epoch"] - 1) / SCHEDULE_EPOCHS))
        assert h["lr"] == pytest.approx(expected, abs=1e-12)
    assert f"{history[49]['lr']:.5f}" == "0.00516"  # 第 50 轮约为一半
    assert all(h["lr"] == 0.01 for h in schedule_runs()["固定学习率"])
    assert all(h["lr"] == 0.01 for h in fit(make_model(), *[make_spirals(10, seed=s) for s in (0, 1)], epochs=2)[0])


def test_schedule_run_on_seed_0_as_described():
    """图 4 和正文：固定学习率第 30 轮前后跳到约 0.2、第 58 轮前后跳到约 0.01，第 100 轮 0.0008；
    余弦退火跳得小得多，第 70 轮以后几乎水平，停在约 0.0025；最后 20 轮的起伏 1.56 对 1.04；验证准确率都是 99.0%。"""
    runs = schedule_runs()
    constant = [h["train_loss"] for h in runs["固定学习率"]]
    cosine = [h["train_loss"] for h in runs["余弦退火"]]
    assert max(range(20, 100), key=lambda i: constant[i]) + 1 in range(28, 33)
    assert max(constant[20:]) == pytest.approx(0.2, abs=0.03)
    assert constant[57] == pytest.approx(0.01, abs=0.002) and constant[57] > 2 * constant[54]
    assert max(cosine[20:]) < 0.2 * max(constant[20:])
    assert max(cosine[69:]) / min(cosine[69:]) < 1.15 and f"{cosine[-1]:.4f}" == "0.0025"
    assert f"{constant[-1]:.4f}" == "0.0008"
    assert f"{bumpiness(runs['固定学习率']):.2f}" == "1.56" and f"{bumpiness(runs['余弦退火']):.2f}" == "1.04"
    assert {f"{run[-1]['val_acc']:.1%}" for run in runs.values()} == {"99.0%"}


def test_schedule_claims_hold_over_five_seeds():
    """页面说：种子 0～4 里，余弦退火最后 20 轮的起伏都不超过 5%、固定学习率都超过 40%；
    固定学习率的最终训练损失都不到余弦退火的一半；验证准确率相差都不超过 1 个百分点。"""
    for seed in range(5):
        runs = schedule_runs(seed)
        constant, cosine = runs["固定学习率"], runs["余弦退火"]
        assert bumpiness(cosine) < 1.05 and bumpiness(constant) > 1.4, seed
        assert constant[-1]["train_loss"] < 0.5 * cosine[-1]["train_loss"], seed
        assert abs(constant[-1]["val_acc"] - cosine[-1]["val_acc"]) <= 0.01 + 1e-9, seed


def _mmengine_lrs(optim_cfg, scheduler_cfgs, epochs):
    """用 MMEngine 按配置建出优化器封装和调度器，逐轮记下学习率（每轮结束调用各调度器的 step）。"""
    import warnings

    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import PARAM_SCHEDULERS

    wrapper = build_optim_wrapper(make_model(), copy.deepcopy(optim_cfg))
    schedulers = [PARAM_SCHEDULERS.build(dict(cfg, optimizer=wrapper)) for cfg in copy.deepcopy(scheduler_cfgs)]
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 这里不真的训练，没有先调用 optimizer.step()
        for _ in range(epochs):
            lrs.append(wrapper.get_lr()["lr"][0])
            for scheduler in schedulers:
                scheduler.step()
    return wrapper.optimizer, lrs


def test_mmengine_config_builds_adamw_with_warmup_and_cosine():
    """页面说：optim_wrapper 建出 torch.optim.AdamW(lr=0.01, weight_decay=0.01)；
    param_scheduler 让第 0～4 轮的学习率依次是
    0.001、0.00325、0.0055、0.00775、0.01，之后 95 轮余弦退火到 0。"""
    optimizer, lrs = _mmengine_lrs(optim_wrapper, param_scheduler, 100)
    assert type(optimizer) is torch.optim.AdamW
    assert optimizer.defaults["lr"] == 0.01 and optimizer.defaults["weight_decay"] == 0.01
    assert [round(v, 5) for v in lrs[:5]] == [0.001, 0.00325, 0.0055, 0.00775, 0.01]
    for t, lr in enumerate(lrs[5:]):
        assert lr == pytest.approx(0.01 * 0.5 * (1 + math.cos(math.pi * t / 95)), abs=1e-9)
    assert lrs[-1] < 1e-5
    assert "第 0～4 轮的学习率依次是 0.001、0.00325、0.0055、0.00775、0.01" in PAGE


def test_self_check_5_config_and_plain_pytorch():
    """自测题 5：type 改成 AdamW、加 CosineAnnealingLR(T_max=100) 的配置建出 AdamW，50 轮后学习率是一半；
    纯 PyTorch 的写法每轮 step 一次结果相同，忘了 step 学习率一直是 0.001。"""
    cfg = dict(optimizer=dict(type="AdamW", lr=0.001, weight_decay=0.05))
    optimizer, lrs = _mmengine_lrs(cfg, [dict(type="CosineAnnealingLR", T_max=100, by_epoch=True)], 101)
    assert type(optimizer) is torch.optim.AdamW and optimizer.defaults["weight_decay"] == 0.05
    assert lrs[50] == pytest.approx(0.0005) and lrs[100] == pytest.approx(0.0, abs=1e-12)
    old, _ = _mmengine_lrs(dict(optimizer=dict(type="Adam", lr=0.001, weight_decay=0.05)), [], 1)
    assert type(old) is torch.optim.Adam  # 原来的配置：L2 进梯度的 Adam
    model = make_model()
    plain = torch.optim.AdamW(model.parameters(), lr=0.001, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(plain, T_max=100)
    plain_lrs = []
    for _ in range(101):
        plain_lrs.append(plain.param_groups[0]["lr"])
        plain.step()
        scheduler.step()
    assert plain_lrs == pytest.approx(lrs, abs=1e-12)
    forgot = torch.optim.AdamW(model.parameters(), lr=0.001, weight_decay=0.05)
    torch.optim.lr_scheduler.CosineAnnealingLR(forgot, T_max=100)
    for _ in range(50):
        forgot.step()  # 只更新参数，没有调用 scheduler.step()
    assert forgot.param_groups[0]["lr"] == 0.001
