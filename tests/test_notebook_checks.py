"""snippets.notebook_checks：公平的线性基线和卷积核与 Sobel 的对齐度，这两把尺子本身量得对不对。"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.convolution import KERNELS
from snippets.notebook_checks import (
    best_line_accuracy,
    fit_logistic_regression,
    random_kernels,
    random_mean_alignments,
    sobel_alignment,
    sobel_like,
)
from snippets.pytorch_basics import accuracy, make_moons
from snippets.shapes import closest_kernel


def brute_force_line_accuracy(x, y, steps=3600):
    """在很密的一组方向上试遍阈值：得到的准确率只会小于等于精确的最优值。"""
    best = 0.0
    for k in range(steps):
        theta = math.pi * k / steps
        p = x @ torch.tensor([math.cos(theta), math.sin(theta)])
        for t in p:
            predicted = (p >= t).long()
            correct = (predicted == y).float().mean().item()
            best = max(best, correct, 1 - correct)
    return best


def test_best_line_accuracy_is_exact_on_small_examples():
    # 线性可分：1.0
    x = torch.tensor([[0.0, 0.0], [1.0, 0.2], [0.0, 1.0], [1.0, 1.3]])
    assert best_line_accuracy(x, torch.tensor([0, 0, 1, 1])) == 1.0
    # XOR：任何直线最多分对 3 个
    xor = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert best_line_accuracy(xor, torch.tensor([0, 1, 1, 0])) == 0.75
    # 随机的小数据：不低于密集方向搜索的结果，也没有高出一个样本以上（密集搜索差不多找到了最优）
    g = torch.Generator().manual_seed(0)
    x = torch.randn(30, 2, generator=g)
    y = (torch.rand(30, generator=g) > 0.5).long()
    exact, dense = best_line_accuracy(x, y), brute_force_line_accuracy(x, y, steps=720)
    assert dense <= exact + 1e-9
    assert exact - dense <= 1 / 30 + 1e-9


def test_best_line_is_at_least_as_good_as_any_trained_line():
    x, y = make_moons(300, noise=0.2, seed=1)
    line = fit_logistic_regression(x, y)
    assert best_line_accuracy(x, y) >= accuracy(line, x, y)


def test_logistic_regression_is_trained_to_convergence():
    x, y = make_moons(300, noise=0.2, seed=0)
    model = fit_logistic_regression(x, y)
    loss = F.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, list(model.parameters()))
    assert max(g.abs().max().item() for g in grads) < 1e-4  # 梯度为 0：到了凸损失的最小值
    # 与长时间的 Adam 比：损失不比它高
    torch.manual_seed(0)
    other = nn.Linear(2, 2)
    opt = torch.optim.Adam(other.parameters(), lr=0.05)
    for _ in range(2000):
        opt.zero_grad()
        adam_loss = F.cross_entropy(other(x), y)
        adam_loss.backward()
        opt.step()
    assert loss.item() <= adam_loss.item() + 1e-4


def test_sobel_alignment_of_known_kernels():
    sobel_x, sobel_y = KERNELS["Sobel x"], KERNELS["Sobel y"]
    diagonal = sobel_x + sobel_y  # 斜 45° 的边缘检测器：仍在平面里
    brightness = torch.full((3, 3), 5.0)  # 只加平均值不改变对齐度
    kernels = torch.stack([sobel_x, -sobel_y, diagonal, sobel_x + brightness, KERNELS["拉普拉斯"]])
    assert sobel_alignment(kernels).tolist() == pytest.approx([1, 1, 1, 1, 0], abs=1e-6)


def test_random_kernels_have_the_conv2d_initialisation():
    kernels = random_kernels(20_000, seed=0)
    assert kernels.shape == (20_000, 3, 3)
    conv = nn.Conv2d(1, 20_000, 3)
    for values in (kernels, conv.weight.detach()[:, 0]):
        assert values.abs().max() <= 1 / 3
        assert values.abs().max() > 0.333
        assert values.std().item() == pytest.approx(1 / 3 / math.sqrt(3), rel=0.01)  # 均匀分布 ±1/3 的标准差
    # 对齐度的分布相同：中位数差不到 0.01
    conv_median = sobel_alignment(conv.weight.detach()[:, 0]).median()
    assert sobel_alignment(kernels).median() == pytest.approx(conv_median, abs=0.01)


def test_random_alignment_baseline():
    """随机方向：平方对齐度近似服从 Beta(1, 3)（8 维里的 2 维平面），中位数 √(1 − 2^(−1/3)) ≈ 0.454。"""
    single = sobel_alignment(random_kernels(50_000, seed=1))
    assert single.median().item() == pytest.approx(math.sqrt(1 - 2 ** (-1 / 3)), abs=0.01)
    assert 0.02 < (single > 0.85).float().mean().item() < 0.03  # notebook：“随机卷积核只有约 2.5% 能超过 0.85”
    means = random_mean_alignments(10_000, seed=2)
    assert means.shape == (10_000,)
    assert 0.4 < means.median().item() < 0.5


def test_sobel_like_follows_closest_kernel():
    kernels = random_kernels(500, seed=4)
    expected = []
    for kernel in kernels:
        name, cosine = closest_kernel(kernel, KERNELS)
        expected.append(name.startswith("Sobel") and abs(cosine) > 0.5)
    assert sobel_like(kernels).tolist() == expected
    assert sobel_like(kernels.reshape(50, 10, 3, 3)).flatten().tolist() == expected
