"""检查 docs/dl/perceptron.md 上关于感知机的每一个说法。"""

import itertools
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import torch

from snippets.perceptron import (
    FAR_B,
    FAR_W,
    FAR_X,
    FAR_Y,
    TRUE_B,
    TRUE_W,
    UPDATE_SHOWN,
    XOR_X,
    XOR_Y,
    best_line_on_xor,
    draw_update_step,
    make_separable_data,
    novikoff_bound,
    perceptron_loss,
    perceptron_updates,
    plane_margin,
    predict,
    replay,
    sgd_step,
    train_perceptron,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs/dl/perceptron.md").read_text(encoding="utf-8")


def augment(x):
    return torch.cat([x, torch.ones(len(x), 1)], dim=1)


def max_margin_separator(x, y):
    """增广空间里间隔最大的单位向量 (u, c)（过原点的硬间隔 SVM），返回 (u, c)。

    三维里最优解是至多 3 个支持向量的非负组合：逐个试这些小子集，解 Q α = 1，
    留下 α ≥ 0 且把所有样本都分对（y·ũ·x̃ ≥ 1）的解，取 ‖ũ‖ 最小的那个。
    """
    z = (y[:, None] * augment(x)).double()
    best = None
    for k in (1, 2, 3):
        for subset in itertools.combinations(range(len(z)), k):
            zs = z[list(subset)]
            try:
                alpha = torch.linalg.solve(zs @ zs.T, torch.ones(k, dtype=torch.float64))
            except RuntimeError:  # 奇异：这几个点线性相关
                continue
            if (alpha < 0).any():
                continue
            u = zs.T @ alpha
            if (z @ u).min() < 1 - 1e-9:
                continue
            if best is None or u.norm() < best.norm():
                best = u
    best = (best / best.norm()).float()
    return best[:2], best[2].item()


def shifted_data(offset):
    """40 个样本整体平移 offset，分界线跟着平移：平面里的间隔不变，离原点变远。"""
    x, y = make_separable_data()
    shift = torch.tensor(offset)
    return x + shift, y, TRUE_W, TRUE_B - (TRUE_W @ shift).item()


def separable_data_sets():
    """（名字，x，y，生成数据的分界线 u，c）：页面上的两组数据，再加几组不同种子、间隔、位置的。"""
    sets = [("page", *make_separable_data(), TRUE_W, TRUE_B), ("far square", FAR_X, FAR_Y, FAR_W, FAR_B)]
    for seed in (1, 2, 3):
        sets.append((f"seed {seed}", *make_separable_data(seed=seed), TRUE_W, TRUE_B))
    for margin in (0.02, 0.5):
        sets.append((f"margin {margin}", *make_separable_data(margin=margin, seed=4), TRUE_W, TRUE_B))
    sets.append(("shifted by (5, 3)", *shifted_data([5.0, 3.0])))
    return sets


DATA_SETS = separable_data_sets()


def run_to_convergence(x, y, lr=1.0, order=None):
    if order is not None:
        x, y = x[order], y[order]
    w, b, mistakes = train_perceptron(x, y, lr=lr, max_epochs=10_000)
    assert mistakes[-1] == 0, "线性可分数据上应当收敛"
    return w, b, sum(mistakes)


def test_decision_rule_is_strictly_positive():
    """w·x + b > 0 判 +1；恰好等于 0 时判 -1。"""
    w, b = torch.tensor([1.0, -1.0]), torch.tensor(0.0)
    x = torch.tensor([[2.0, 1.0], [1.0, 1.0], [0.0, 1.0]])
    assert predict(w, b, x).tolist() == [1.0, -1.0, -1.0]


def distance_to_line_by_projection(points, w, b):
    """不用公式 (w·x + b)/‖w‖：在直线上找离每个点最近的点，量出欧氏距离。"""
    x0 = -b * w / (w @ w)  # 直线上的一点
    direction = torch.stack([-w[1], w[0]]) / w.norm()  # 沿着直线的单位向量
    offset = points - x0
    foot = x0 + (offset @ direction)[:, None] * direction  # 垂足
    return (points - foot).norm(dim=1)


def test_signed_distance_and_distance_of_origin():
    """页面说：点到分界线的有符号距离是 (w·x + b)/‖w‖，正号在 w 所指的一侧；原点的距离是 |b|/‖w‖；
    w 不变时改 b，分界线沿 w 方向平移。"""
    g = torch.Generator().manual_seed(0)
    points = torch.randn(200, 2, generator=g) * 3
    for w, b in [(torch.tensor([1.0, 2.0]), -0.5), (torch.tensor([-3.0, 0.5]), 4.0), (torch.tensor([0.2, 0.1]), 1.0)]:
        signed = (points @ w + b) / w.norm()
        assert torch.allclose(signed.abs(), distance_to_line_by_projection(points, w, b), atol=1e-4)
        assert torch.equal(signed > 0, predict(w, b, points) == 1)
        origin = distance_to_line_by_projection(torch.zeros(1, 2), w, b)
        assert origin.item() == pytest.approx(abs(b) / w.norm().item(), rel=1e-5)
        # 同一个 b 配上 2w：原点的距离减半，所以 b 本身并不就是“离原点多远”
        assert distance_to_line_by_projection(torch.zeros(1, 2), 2 * w, b).item() == pytest.approx(origin.item() / 2)
        # b 增加 δ：整条线沿 -w 方向平移 δ/‖w‖（每个点的有符号距离都增加同一个量）
        moved = (points @ w + b + 1.5) / w.norm()
        assert torch.allclose(moved - signed, torch.full_like(signed, 1.5 / w.norm().item()), atol=1e-5)


def test_data_is_linearly_separable_with_margin():
    """页面说：在 [-2, 2]² 里取点，去掉离真实分界线不到 0.2 的点，留下 40 个。"""
    x, y = make_separable_data()
    assert len(x) == 40
    assert x.abs().max() <= 2
    assert set(y.tolist()) == {-1.0, 1.0}
    assert torch.all(distance_to_line_by_projection(x, TRUE_W, TRUE_B) > 0.2)
    assert torch.equal(predict(TRUE_W, TRUE_B, x), y)


def test_perceptron_converges_on_separable_data():
    x, y = make_separable_data()
    w, b, mistakes = train_perceptron(x, y, max_epochs=100)
    assert mistakes == [5, 3, 3, 0], "页面和图 1 的替代文本引用了这组数"
    assert torch.equal(predict(w, b, x), y)
    angle = math.degrees(math.acos((w @ TRUE_W / (w.norm() * TRUE_W.norm())).item()))
    assert 1 < angle < 10, "图 1：学到的分界线与真实分界线接近但不重合"


@pytest.mark.parametrize("name, x, y, u, c", DATA_SETS, ids=[d[0] for d in DATA_SETS])
def test_convergence_theorem_as_stated_on_the_page(name, x, y, u, c):
    """页面上的定理：R = max‖(x, 1)‖，γ = 单位长度的 (u, c) 在增广空间里的间隔；从零开始，
    不论学习率和样本顺序，出错总数 ≤ (R/γ)²。用生成数据的分界线和间隔最大的分界线各算一次。"""
    u_best, c_best = max_margin_separator(x, y)
    _, gamma_true, bound_true = novikoff_bound(x, y, u, c)
    radius, gamma_best, bound_best = novikoff_bound(x, y, u_best, c_best)
    assert 0 < gamma_true <= gamma_best + 1e-6 and bound_best <= bound_true + 1e-3
    g = torch.Generator().manual_seed(0)
    orders = [None, torch.arange(len(x)).flip(0), torch.randperm(len(x), generator=g)]
    for lr in (1.0, 0.1):
        for order in orders:
            w, b, k = run_to_convergence(x, y, lr=lr, order=order)
            assert k <= bound_best, (name, lr, k, bound_best)
            # 证明的两步：ũ·w̃ ≥ kηγ，‖w̃‖² ≤ kη²R²
            w_aug = torch.cat([w, b[None]]).double()
            u_aug = torch.cat([u_best, torch.tensor([c_best])]).double()
            assert u_aug @ w_aug >= k * lr * gamma_best * (1 - 1e-4)
            assert w_aug @ w_aug <= k * lr**2 * radius**2 * (1 + 1e-4)


def old_statement_bound(x, y, u, c):
    """改正前页面的说法：R 在增广空间里量，γ 却用平面里点到分界线的距离。"""
    radius, _, _ = novikoff_bound(x, y, u, c)
    return (radius / plane_margin(x, y, u, c)) ** 2


def test_plane_distance_as_gamma_is_violated_by_the_far_square():
    """页面说：把平面里的距离（0.5）当作 γ，算出的 449 比实际出错的 1637 次还少。"""
    k = run_to_convergence(FAR_X, FAR_Y)[2]
    u_best, c_best = max_margin_separator(FAR_X, FAR_Y)
    assert plane_margin(FAR_X, FAR_Y, FAR_W, FAR_B) == 0.5
    assert round(old_statement_bound(FAR_X, FAR_Y, FAR_W, FAR_B)) == 449
    assert k == 1637
    assert k > old_statement_bound(FAR_X, FAR_Y, FAR_W, FAR_B)
    # 平面里间隔最大的也就是 x1 = 10（正方形左右两列相距 1），换哪条线都救不回旧说法
    assert torch.allclose(u_best / u_best.norm(), FAR_W, atol=1e-4)
    assert round(novikoff_bound(FAR_X, FAR_Y, FAR_W, FAR_B)[2]) == 45349


def test_augmented_margin_is_plane_distance_over_sqrt_1_plus_d2():
    """页面说：γ 与平面里的距离之比是 1/√(1 + d²)，d = |c|/‖u‖ 是原点到分界线的距离。"""
    for x, y, u, c in [(FAR_X, FAR_Y, FAR_W, FAR_B), (*make_separable_data(), TRUE_W, TRUE_B)]:
        d = abs(c) / u.norm().item()
        _, gamma, _ = novikoff_bound(x, y, u, c)
        assert gamma == pytest.approx(plane_margin(x, y, u, c) / math.sqrt(1 + d**2), rel=1e-5)
    assert novikoff_bound(FAR_X, FAR_Y, FAR_W, FAR_B)[1] == pytest.approx(0.5 / math.sqrt(101), rel=1e-6)
    # 四个增广样本方向几乎相同：两两夹角都不到 7°
    unit = augment(FAR_X) / augment(FAR_X).norm(dim=1, keepdim=True)
    assert (unit @ unit.T).min() > math.cos(math.radians(7))


def test_bound_output_quoted_on_the_page():
    text = (ROOT / "snippets/outputs/perceptron_bound.txt").read_text(encoding="utf-8")
    x, y = make_separable_data()
    radius, gamma, bound = novikoff_bound(x, y, TRUE_W, TRUE_B)
    assert f"40 个样本：R = {radius:.2f}，γ = {gamma:.3f}，(R/γ)² = {bound:.0f}\n  实际出错 11 次" in text
    assert bound > 11
    assert "(R/γ)² = 45349\n  实际出错 1637 次" in text
    assert "把平面里的距离 0.5 当作 γ：(R/γ)² = 449，比实际出错还少" in text
    for number in ("1637", "45349", "449", "0.0498", "$d = 10$"):
        assert number in PAGE


def test_perceptron_keeps_erring_on_xor():
    w, b, mistakes = train_perceptron(XOR_X, XOR_Y, max_epochs=100)
    assert len(mistakes) == 100
    assert all(m == 4 for m in mistakes), "页面说：XOR 上每一轮都分错 4 个"
    assert not torch.equal(predict(w, b, XOR_X), XOR_Y)


def test_xor_weights_return_to_zero_after_each_epoch():
    """页面解释：一轮中的四次更新正好抵消，w 和 b 回到 0。"""
    for epochs in (1, 2, 7):
        w, b, _ = train_perceptron(XOR_X, XOR_Y, max_epochs=epochs)
        assert torch.equal(w, torch.zeros(2)) and b.item() == 0.0


def test_no_line_separates_xor():
    w, b, n_errors = best_line_on_xor()
    assert n_errors == 1
    wrong = predict(w, b, XOR_X) != XOR_Y
    assert wrong.tolist() == [True, False, False, False], "图 2 的替代文本：分错的是 (0,0)"


def noisy_data():
    """不可分的数据：把 40 个样本里的 3 个标签翻过来。"""
    x, y = make_separable_data()
    y = y.clone()
    y[[0, 5, 9]] *= -1
    return x, y


@pytest.mark.parametrize("data", ["separable", "xor", "noisy"])
def test_learning_rate_only_rescales_weights_on_any_data(data):
    """自测题 1：从零开始训练时，不管数据是否可分，学习率只让每一步的权重等比例缩放，出错的过程完全相同。"""
    x, y = {"separable": make_separable_data(), "xor": (XOR_X, XOR_Y), "noisy": noisy_data()}[data]
    w1, b1, m1 = train_perceptron(x, y, lr=1.0, max_epochs=30)
    for lr in (0.25, 4.0):  # 2 的幂：浮点乘法没有舍入，缩放是精确的
        w2, b2, m2 = train_perceptron(x, y, lr=lr, max_epochs=30)
        assert m1 == m2
        assert torch.equal(w2, lr * w1) and torch.equal(b2, lr * b1)
        assert torch.equal(predict(w1, b1, x), predict(w2, b2, x))


def test_one_update_may_not_fix_the_sample_and_may_break_another():
    """自测题 2：更新后得分增加 η(‖x‖² + 1)，但不一定变正；别的样本还可能被改错。"""
    x = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    w, b = torch.tensor([-5.0, 0.0]), torch.tensor(0.0)  # 第一个样本（+1 类）被分错得很离谱
    y = torch.tensor([1.0, -1.0])
    before = y[0] * (x[0] @ w + b)
    w_new, b_new = w + y[0] * x[0], b + y[0]
    after = y[0] * (x[0] @ w_new + b_new)
    assert after - before == x[0] @ x[0] + 1 and after <= 0, "分数变大了，但仍然分错"
    assert predict(w, b, x[1:]).item() == -1 and predict(w_new, b_new, x[1:]).item() == 1, "第二个样本被改错了"


def test_non_separable_data_uses_every_epoch():
    """自测题 3：不可分时每一轮都至少分错一个，用完 max_epochs 才停。"""
    for x, y in [(XOR_X, XOR_Y), noisy_data()]:
        _, _, mistakes = train_perceptron(x, y, max_epochs=50)
        assert len(mistakes) == 50 and min(mistakes) >= 1
    # 返回的只是最后一次更新后的线：停在第 22 轮时它分错 7 个，而真实分界线只分错被翻过来的 3 个
    x, y = noisy_data()
    w, b, _ = train_perceptron(x, y, max_epochs=22)
    assert (predict(w, b, x) != y).sum().item() == 7
    assert (predict(TRUE_W, TRUE_B, x) != y).sum().item() == 3


def test_three_bit_parity_is_not_separable():
    """自测题 4：立方体 8 个顶点按三位异或分类，感知机每一轮都出错；x3 = 0 的 4 个点就是二维 XOR。"""
    cube = torch.tensor(list(itertools.product([0.0, 1.0], repeat=3)))
    parity = cube.sum(dim=1) % 2
    y = torch.where(parity == 1, 1.0, -1.0)
    _, _, mistakes = train_perceptron(cube, y, max_epochs=200)
    assert len(mistakes) == 200 and min(mistakes) >= 1
    face = cube[:, 2] == 0
    xor_labels = {tuple(p.tolist()): label.item() for p, label in zip(XOR_X, XOR_Y)}
    assert {tuple(p[:2].tolist()): label.item() for p, label in zip(cube[face], y[face])} == xor_labels


def test_a_different_order_gives_a_different_line():
    """页面说：收敛到的只是“一条”分界线，同一组样本换一种顺序就可能得到另一条（两条都把样本全部分对）。"""
    x, y = make_separable_data()
    w1, b1, _ = train_perceptron(x, y)
    w2, b2, m2 = train_perceptron(x.flip(0), y.flip(0))
    assert m2[-1] == 0 and torch.equal(predict(w2, b2, x), y)
    direction1 = torch.cat([w1, b1[None]]) / torch.cat([w1, b1[None]]).norm()
    direction2 = torch.cat([w2, b2[None]]) / torch.cat([w2, b2[None]]).norm()
    assert (direction1 - direction2).norm() > 0.05


# ---- 放大看一步更新（图 2）与“感知机 = SGD” ----


def updates_by_hand(x, y, lr=1.0, max_epochs=100):
    """不用 train_perceptron，照页面上的公式把训练从头走一遍，记下每次更新：（t, i, w, b, 新 w, 新 b）。"""
    w, b, found, t = torch.zeros(x.shape[1]), torch.tensor(0.0), [], 0
    for _ in range(max_epochs):
        mistakes = 0
        for i in range(len(x)):
            if y[i] * (x[i] @ w + b) <= 0:
                found.append((t, i, w, b, w + lr * y[i] * x[i], b + lr * y[i]))
                w, b = found[-1][4], found[-1][5]
                mistakes += 1
            t += 1
        if mistakes == 0:
            break
    return found


def same_update(a, b):
    return a[:2] == b[:2] and all(torch.equal(u, v) for u, v in zip(a[2:], b[2:], strict=True))


@pytest.mark.parametrize("seed, lr", [(0, 1.0), (1, 1.0), (2, 0.5)])
def test_replay_retraces_train_perceptron(seed, lr):
    """页面：把看样本的顺序排成一长串、只训练一轮，走的就是 train_perceptron 的每一步。"""
    x, y = make_separable_data(seed=seed)
    w, b, mistakes = train_perceptron(x, y, lr=lr)
    w_replayed, b_replayed = replay(x, y, len(mistakes) * len(x), lr=lr)
    assert torch.equal(w, w_replayed) and torch.equal(b, b_replayed)
    found = perceptron_updates(x, y, lr=lr)
    assert len(found) == sum(mistakes)
    by_hand = updates_by_hand(x, y, lr=lr)
    assert len(by_hand) == len(found) and all(same_update(a, b) for a, b in zip(found, by_hand, strict=True))


def test_page_run_has_11_updates_and_the_figure_shows_the_second():
    x, y = make_separable_data()
    found = perceptron_updates(x, y)
    assert len(found) == 11 and "一共更新了 11 次" in PAGE
    first, shown = found[0], found[UPDATE_SHOWN - 1]
    assert UPDATE_SHOWN == 2 and "第 2 次更新" in PAGE
    assert torch.equal(first[2], torch.zeros(2)) and first[3] == 0, "第 1 次更新之前 w = 0，没有分界线可画"
    t, i, w, b, w_new, b_new = shown
    assert (t, i) == (3, 3), "第 1 轮的第 4 个样本"
    assert "第 1 轮的第 4 个样本" in PAGE


def angle(u, v):
    return math.degrees(math.acos(max(-1.0, min(1.0, (u @ v / (u.norm() * v.norm())).item()))))


def test_update_step_numbers_in_alt_text_and_prose():
    """图 2 的替代文本和正文里的每个数：样本、w、y·x、w′、旧分界线的截距、b、夹角。"""
    x, y = make_separable_data()
    t, i, w, b, w_new, b_new = perceptron_updates(x, y)[UPDATE_SHOWN - 1]
    alt = re.search(r"!\[([^\]]*)\]\(\.\./figs/perceptron_update\.svg\)", PAGE).group(1)

    def pair(v, digits=2):
        return "(" + ", ".join(f"{c:.{digits}f}".replace("-", "\N{MINUS SIGN}") for c in v.tolist()) + ")"

    assert y[i] == -1 and "红圈标出的橙色方块" in alt
    assert f"在 {pair(x[i])}" in alt
    assert f"w ≈ {pair(w)}" in alt and f"y_i·x_i ≈ {pair(y[i] * x[i])}" in alt and f"w′ ≈ {pair(w_new)}" in alt
    assert torch.equal(w_new - w, y[i] * x[i]) and torch.equal(b_new - b, y[i])
    assert abs(angle(w, torch.tensor([0.0, 1.0]))) < 2, "几乎竖直朝上"
    intercept = (-b / w[1]).item()  # 旧分界线几乎水平：x2 ≈ −(w1·x1 + b)/w2
    assert abs(w[0] / w[1]) < 0.02 and f"x₂ ≈ {intercept:.2f}".replace("-", "\N{MINUS SIGN}") in alt
    assert (b.item(), b_new.item()) == (1.0, 0.0) and "b 从 1 变成 0" in alt and "$b$ 从 1 变成 0" in PAGE
    assert -w_new[0] / w_new[1] < 0, "新分界线经过原点、从左上斜向右下"
    assert predict(w, b, x[i : i + 1]).item() == 1 and predict(w_new, b_new, x[i : i + 1]).item() == -1
    before, after = angle(w, y[i] * x[i]), angle(w_new, y[i] * x[i])
    assert f"夹角从 {before:.0f}° 变成了 {after:.0f}°" in PAGE


def test_update_figure_draws_that_step():
    """图 2 的箭头和两条分界线，与手写一遍训练得到的第 2 次更新一致。"""
    x, y = make_separable_data()
    _, i, w, b, w_new, b_new = updates_by_hand(x, y)[UPDATE_SHOWN - 1]
    fig = draw_update_step()
    ax = fig.axes[0]
    arrows = {(tuple(a.xyann), tuple(a.xy)) for a in ax.texts if hasattr(a, "xyann") and a.arrow_patch is not None}
    expected = {
        ((0.0, 0.0), tuple((y[i] * x[i]).tolist())),
        ((0.0, 0.0), tuple(w.tolist())),
        (tuple(w.tolist()), tuple(w_new.tolist())),
        ((0.0, 0.0), tuple(w_new.tolist())),
    }
    assert {(tuple(float(c) for c in s), tuple(float(c) for c in e)) for s, e in arrows} == {
        (tuple(float(c) for c in s), tuple(float(c) for c in e)) for s, e in expected
    }
    lines = {line.get_label(): line.get_xydata() for line in ax.get_lines() if "分界线" in line.get_label()}
    for label, (wl, bl) in {"更新前的分界线": (w, b), "更新后的分界线": (w_new, b_new)}.items():
        points = torch.tensor(lines[label], dtype=torch.float32)
        assert torch.allclose(points @ wl + bl, torch.zeros(len(points)), atol=1e-5), label
    plt.close(fig)


def test_every_update_turns_w_toward_y_x():
    """自测题 2：w + η·y·x 与 y·x 的夹角不比 w 与 y·x 的大；训练中的 11 次更新都严格变小。"""
    x, y = make_separable_data()
    for _, i, w, _, w_new, _ in perceptron_updates(x, y)[1:]:  # 第 1 次更新前 w = 0，没有夹角
        assert angle(w_new, y[i] * x[i]) < angle(w, y[i] * x[i])
    g = torch.Generator().manual_seed(0)
    for _ in range(2000):
        w, v = torch.randn(2, 3, generator=g).double()
        eta = torch.rand(1, generator=g).double().item() * 5
        assert angle(w + eta * v, v) <= angle(w, v) + 1e-9
    w, v = torch.tensor([-2.0, 0.0]), torch.tensor([1.0, 0.0])  # 正好反向：夹角一直是 180°
    assert angle(w + v, v) == angle(w, v) == 180.0


def test_each_update_obeys_both_steps_of_the_proof():
    """证明的两步，逐次更新地检查：ũ·w̃ 至少增加 ηγ，‖w̃‖² 至多增加 η²‖x̃‖² ≤ η²R²（因为犯错时 y·w̃·x̃ ≤ 0）。"""
    for seed, lr in [(0, 1.0), (3, 0.5)]:
        x, y = make_separable_data(seed=seed)
        u, c = max_margin_separator(x, y)
        radius, gamma, _ = novikoff_bound(x, y, u, c)
        u_aug = torch.cat([u, torch.tensor([c])]).double()
        for _, i, w, b, w_new, b_new in perceptron_updates(x, y, lr=lr):
            before, after = torch.cat([w, b[None]]).double(), torch.cat([w_new, b_new[None]]).double()
            x_aug = torch.cat([x[i], torch.ones(1)]).double()
            assert y[i] * (before @ x_aug) <= 0
            assert u_aug @ after - u_aug @ before >= lr * gamma * (1 - 1e-4)
            assert after @ after - before @ before <= lr**2 * (x_aug @ x_aug) * (1 + 1e-6) <= lr**2 * radius**2 * 1.0001


def test_updating_a_correct_sample_breaks_the_norm_step():
    """自测题 6：分对的样本如果也更新，‖w̃‖² 的增量会超过 η²‖x̃‖²。"""
    x, y = make_separable_data()
    w, b, _ = train_perceptron(x, y)
    w_aug = torch.cat([w, b[None]])
    for xi, yi in zip(x, y, strict=True):
        x_aug = torch.cat([xi, torch.ones(1)])
        assert yi * (w_aug @ x_aug) > 0
        moved = w_aug + yi * x_aug
        assert moved @ moved - w_aug @ w_aug > x_aug @ x_aug


def test_sgd_step_is_the_perceptron_update_on_a_mistake():
    """分错时（得分 < 0），在 max(0, −y(w·x + b)) 上用 autograd 走一步 SGD，与感知机的更新一模一样。"""
    g = torch.Generator().manual_seed(0)
    checked = 0
    for _ in range(500):
        w, b = torch.randn(2, generator=g), torch.randn((), generator=g)
        xi, yi = torch.randn(2, generator=g), torch.tensor(1.0 if torch.rand(1, generator=g) < 0.5 else -1.0)
        if yi * (xi @ w + b) >= 0:
            continue
        checked += 1
        assert perceptron_loss(w, b, xi, yi) == -yi * (xi @ w + b)
        for lr in (1.0, 0.5):  # 2 的幂：与感知机的更新逐位相同
            w_sgd, b_sgd = sgd_step(w, b, xi, yi, lr=lr)
            assert torch.equal(w_sgd, w + lr * yi * xi) and torch.equal(b_sgd, b + lr * yi)
        w_sgd, b_sgd = sgd_step(w, b, xi, yi, lr=0.3)
        assert torch.allclose(w_sgd, w + 0.3 * yi * xi) and torch.allclose(b_sgd, b + 0.3 * yi)
    assert checked > 200


def test_sgd_matches_every_step_of_the_real_run_except_the_tie():
    """页面：160 次看样本里，SGD 与感知机只有 1 次不同，是第 1 次；那一次的得分恰好是 0。"""
    x, y = make_separable_data()
    by_hand = {t: step for t, *step in updates_by_hand(x, y)}
    w, b, differ = torch.zeros(2), torch.tensor(0.0), []
    for t in range(4 * len(x)):
        i = t % len(x)
        w_sgd, b_sgd = sgd_step(w, b, x[i], y[i])
        w_next, b_next = (by_hand[t][3], by_hand[t][4]) if t in by_hand else (w, b)
        if not (torch.equal(w_sgd, w_next) and torch.equal(b_sgd, b_next)):
            differ.append((t, (y[i] * (x[i] @ w + b)).item()))
        w, b = w_next, b_next
    assert differ == [(0, 0.0)]
    assert "160 次看样本里只有 1 次不一样：训练的第一次" in PAGE


def test_tie_perceptron_moves_but_autograd_takes_zero():
    """得分恰好为 0：感知机更新，autograd（ReLU 在 0 处导数取 0）的梯度是 0，SGD 不动。"""
    x, y = make_separable_data()
    w0, b0 = torch.zeros(2), torch.tensor(0.0)
    w1, b1, _ = train_perceptron(x[:1], y[:1], max_epochs=1)
    assert torch.equal(w1, y[0] * x[0]) and b1 == y[0]
    w, b = w0.clone().requires_grad_(), b0.clone().requires_grad_()
    perceptron_loss(w, b, x[0], y[0]).backward()
    assert torch.equal(w.grad.abs(), torch.zeros(2)) and b.grad == 0
    w_sgd, b_sgd = sgd_step(w0, b0, x[0], y[0])
    assert torch.equal(w_sgd, w0) and b_sgd == 0


def test_sgd_demo_output():
    text = (ROOT / "snippets/outputs/perceptron_sgd.txt").read_text(encoding="utf-8")
    assert "训练中看了 160 次样本，感知机更新了 11 次" in text
    assert "SGD 一步与感知机一步不一样的：1 次\n  第 1 次看样本，y·(w·x + b) = 0\n" in text
    assert "只用 SGD 从 0 出发走一整轮：w = [0, 0]，b = 0" in text


def hinge_loss(w, b, x, y):
    return torch.relu(1 - y * (x @ w + b))


def test_zero_minimises_the_perceptron_loss_but_not_the_hinge_loss():
    """页面：w = 0、b = 0 时感知机的损失处处为 0（已是最小值）；合页损失在 0 处是 1，而一条缩放过的分界线能做到 0。"""
    x, y = make_separable_data()
    zero_w, zero_b = torch.zeros(2), torch.tensor(0.0)
    assert torch.equal(perceptron_loss(zero_w, zero_b, x, y), torch.zeros(len(x)))
    assert torch.equal(hinge_loss(zero_w, zero_b, x, y), torch.ones(len(x)))
    scale = 5 / TRUE_W.norm()  # 每个样本离真实分界线都超过 0.2，放大 5/‖w‖ 倍后得分都超过 1
    assert torch.equal(hinge_loss(scale * TRUE_W, scale * TRUE_B, x, y), torch.zeros(len(x)))


def test_self_check_5_ways_to_get_sgd_moving():
    """自测题 5：从 0 出发只用 SGD 不动；合页损失或随机初始化都能让它动起来。"""
    x, y = make_separable_data()
    w, b = torch.zeros(2, requires_grad=True), torch.tensor(0.0, requires_grad=True)
    hinge_loss(w, b, x[0], y[0]).backward()
    assert w.grad.norm() > 0 and b.grad != 0
    g = torch.Generator().manual_seed(0)
    w, b = torch.randn(2, generator=g), torch.randn((), generator=g)
    w_start = w
    for xi, yi in zip(x, y, strict=True):
        w, b = sgd_step(w, b, xi, yi)
    assert not torch.equal(w, w_start)
