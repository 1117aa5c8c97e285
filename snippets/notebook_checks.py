"""动手实验用到的两把“尺子”：一条直线能做到多好，卷积核有多像 Sobel。

- 双月数据上的公平线性基线：训练到收敛的逻辑回归，以及“在给定数据上挑出的最好的直线”（准确率的上限）；
- 卷积核与 Sobel 的对齐度：去掉平均值后，卷积核落在 Sobel x、Sobel y 张成的平面里的比例，
  以及同样初始化的随机卷积核的对齐度分布（比较的基准）。

notebook：docs/notebooks/perceptron-mlp.py、docs/notebooks/convolution-features.py；
测试：tests/test_notebook_checks.py。
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from snippets.convolution import KERNELS


# ---- 一条直线能做到多好 ----------------------------------------------------------------------------------------
def fit_logistic_regression(x, y, max_iter=500):
    """逻辑回归：一个线性层输出两类的得分，全批量 L-BFGS 把交叉熵训练到收敛。

    损失是凸的，从全零开始，结果与随机种子无关；没有正则项（数据线性不可分时最优解是有限的）。
    返回 nn.Linear(d, 2)，可以直接交给 snippets.pytorch_basics.accuracy。
    """
    model = nn.Linear(x.shape[1], 2)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    opt = torch.optim.LBFGS(
        model.parameters(),
        max_iter=max_iter,
        tolerance_grad=1e-7,
        tolerance_change=1e-12,
        line_search_fn="strong_wolfe",
    )

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        return loss

    opt.step(closure)
    return model


def best_line_accuracy(x, y, chunk=2048):
    """二维点 x（(n, 2)）、类别 y（0/1）：所有直线里，把它们分得最好的一条的准确率（精确值）。

    一条直线 = 一个方向 u 加一个阈值：u·x 大于阈值判为一类，其余判为另一类（两种标法都试）。
    点在 u 上的先后顺序只在 u 垂直于某两点连线时才改变，所以只需在这些“临界方向”之间各取一个方向，
    对每个方向试遍所有阈值。这是一个上限：它允许直接看着 x、y 挑直线。
    """
    n = len(x)
    i, j = torch.triu_indices(n, n, offset=1)
    diff = (x[j] - x[i]).double()
    critical = torch.remainder(torch.atan2(diff[:, 1], diff[:, 0]) + math.pi / 2, math.pi)
    critical = torch.sort(critical).values
    following = torch.cat([critical[1:], critical[:1] + math.pi])
    angles = (critical + following) / 2  # 相邻两个临界方向的中间：每种先后顺序取一个方向
    positive = y.double()
    best = 0
    for start in range(0, len(angles), chunk):
        theta = angles[start : start + chunk]
        u = torch.stack([torch.cos(theta), torch.sin(theta)], dim=1)
        order = torch.argsort(u @ x.double().T, dim=1)
        labels = positive[order]  # 每个方向上，按投影从小到大排好的类别
        # 阈值放在第 k 个点之前：前 k 个判为 0 类、其余判为 1 类时分对的个数
        zero = torch.zeros(len(theta), 1, dtype=torch.float64)
        negatives_before = torch.cat([zero, torch.cumsum(1 - labels, dim=1)], dim=1)
        positives_after = labels.sum(dim=1, keepdim=True) - torch.cat([zero, torch.cumsum(labels, dim=1)], dim=1)
        correct = negatives_before + positives_after
        best = max(best, correct.max().item(), (n - correct).max().item())  # 反过来标也算
    return best / n


# ---- 卷积核有多像 Sobel ----------------------------------------------------------------------------------------
# Sobel x 与 Sobel y 互相垂直（内积为 0），各自归一化就是它们张成的平面的一组标准正交基
SOBEL_PLANE = torch.stack([KERNELS[name].flatten() / KERNELS[name].norm() for name in ("Sobel x", "Sobel y")])


def sobel_alignment(kernels):
    """每个 3×3 卷积核（(n, 3, 3)）与 Sobel 的对齐度，取值 0～1。

    先减去卷积核自己的平均值（只改变整体亮度的那一部分，Sobel 没有它），
    再看剩下的部分有多少落在 Sobel x、Sobel y 张成的平面里：投影的长度 ÷ 原来的长度。
    这个平面里的卷积核都是“某个方向上的亮度变化”（Sobel x、Sobel y 的组合，方向任意、正负都算）。
    1 表示完全是这样的边缘检测器；随机方向的 8 维向量，对齐度的中位数约 0.45。
    """
    flat = kernels.flatten(1)
    centered = flat - flat.mean(dim=1, keepdim=True)
    return (centered @ SOBEL_PLANE.T).norm(dim=1) / centered.norm(dim=1)


def random_kernels(n, seed=0):
    """n 个随机 3×3 卷积核，与 nn.Conv2d(1, …, 3) 的默认初始化同分布（各元素独立、均匀分布在 ±1/3 之间）。"""
    g = torch.Generator().manual_seed(seed)
    weight = torch.empty(n, 1, 3, 3)
    nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=g)  # nn.Conv2d.reset_parameters 的做法
    return weight[:, 0]


def random_mean_alignments(draws=10_000, n_kernels=8, seed=0):
    """比较的基准：draws 组、每组 n_kernels 个随机卷积核（同样的初始化），每组的平均对齐度。"""
    return sobel_alignment(random_kernels(draws * n_kernels, seed)).reshape(draws, n_kernels).mean(dim=1)


def sobel_like(kernels, threshold=0.5):
    """“最像 Sobel”的判断（与 snippets.shapes.closest_kernel 同一条规则）：(…, 3, 3) → (…,) 的布尔值。

    四个手工卷积核里，按余弦相似度的绝对值最像的是 Sobel x 或 Sobel y，并且绝对值超过 threshold。
    """
    names = list(KERNELS)
    hand_made = torch.stack([KERNELS[name].flatten() for name in names])
    flat = kernels.flatten(-2)
    cosine = F.normalize(flat, dim=-1) @ F.normalize(hand_made, dim=-1).T
    best = cosine.abs().argmax(dim=-1)
    is_sobel = (best == names.index("Sobel x")) | (best == names.index("Sobel y"))
    return is_sobel & (cosine.abs().amax(dim=-1) > threshold)
