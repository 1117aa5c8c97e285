"""检查 docs/dl/perceptron.md 上关于感知机的每一个说法。"""

import torch

from snippets.perceptron import (
    TRUE_B,
    TRUE_W,
    XOR_X,
    XOR_Y,
    best_line_on_xor,
    make_separable_data,
    predict,
    train_perceptron,
)


def test_decision_rule_is_strictly_positive():
    """w·x + b > 0 判 +1；恰好等于 0 时判 -1。"""
    w, b = torch.tensor([1.0, -1.0]), torch.tensor(0.0)
    x = torch.tensor([[2.0, 1.0], [1.0, 1.0], [0.0, 1.0]])
    assert predict(w, b, x).tolist() == [1.0, -1.0, -1.0]


def test_data_is_linearly_separable_with_margin():
    x, y = make_separable_data()
    assert len(x) == 40
    assert set(y.tolist()) == {-1.0, 1.0}
    assert torch.all(y * (x @ TRUE_W + TRUE_B) / TRUE_W.norm() > 0.2)


def test_perceptron_converges_on_separable_data():
    x, y = make_separable_data()
    w, b, mistakes = train_perceptron(x, y, max_epochs=100)
    assert mistakes[-1] == 0 and len(mistakes) < 100
    assert torch.equal(predict(w, b, x), y)


def test_novikoff_bound_holds():
    """页面说：总出错次数不超过 (R/γ)²（样本连同偏置那一维一起算）。"""
    x, y = make_separable_data()
    _, _, mistakes = train_perceptron(x, y)
    augmented = torch.cat([x, torch.ones(len(x), 1)], dim=1)
    separator = torch.cat([TRUE_W, torch.tensor([TRUE_B])])
    radius = augmented.norm(dim=1).max()
    margin = (y * (augmented @ separator) / separator.norm()).min()
    assert margin > 0
    assert sum(mistakes) <= (radius / margin) ** 2


def test_perceptron_keeps_erring_on_xor():
    w, b, mistakes = train_perceptron(XOR_X, XOR_Y, max_epochs=100)
    assert len(mistakes) == 100
    assert all(m == 4 for m in mistakes), "页面说：XOR 上每一轮都分错 4 个"
    assert not torch.equal(predict(w, b, XOR_X), XOR_Y)


def test_xor_weights_return_to_zero_after_each_epoch():
    """页面解释：一轮中的四次更新正好抵消，w 和 b 回到 0。"""
    w, b, _ = train_perceptron(XOR_X, XOR_Y, max_epochs=1)
    assert torch.equal(w, torch.zeros(2)) and b.item() == 0.0


def test_no_line_separates_xor():
    w, b, n_errors = best_line_on_xor()
    assert n_errors == 1
    assert (predict(w, b, XOR_X) != XOR_Y).sum().item() == 1


def test_learning_rate_only_rescales_weights():
    """自测题 1：从零开始训练时，学习率只让权重等比例缩放，出错的过程完全相同。"""
    x, y = make_separable_data()
    w1, b1, m1 = train_perceptron(x, y, lr=1.0)
    w2, b2, m2 = train_perceptron(x, y, lr=0.25)
    assert m1 == m2
    assert torch.allclose(w2, 0.25 * w1) and torch.allclose(b2, 0.25 * b1)
