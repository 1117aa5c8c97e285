"""检查 docs/dl/cnn-layers.md 上关于感受野的说法：递推公式与用梯度量出的范围逐像素一致。"""

import functools
import random
import re

import pytest
import torch
from torch import nn

from snippets.cnn_layers import LeNet
from snippets.receptive_field import (
    GROWTH_INPUT,
    STACKS,
    backbone_stages,
    conv_params,
    dependency_cells,
    draw_growth,
    gradient_field,
    half_mass_square,
    layer_specs,
    positive_copy,
    receptive_field,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/dl/cnn-layers.md").read_text(encoding="utf-8")
CONV_PAGE = (ROOT / "docs/dl/convolution.md").read_text(encoding="utf-8")
OUTPUTS = ROOT / "snippets/outputs"


def field_cells(model, index):
    """不用递推公式，从输出的第 index 个位置一层一层往回推，得到它在输入上（一维）用到的所有位置。

    一层 (K, S, P, D)：输出位置 i 用到输入的 i·S − P + t·D，t = 0, 1, …, K−1。
    """

    def first(v):
        return v[0] if isinstance(v, tuple) else v

    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d))]
    cells = {index}
    for m in reversed(layers):
        k, s, p = first(m.kernel_size), first(m.stride), first(m.padding)
        d = first(getattr(m, "dilation", 1))
        cells = {i * s - p + t * d for i in cells for t in range(k)}
    return cells


def field_interval(model, index, size):
    cells = field_cells(model, index)
    return min(cells), max(cells)


@functools.cache
def measured_backbone(n_stages):
    """骨干网络前 n_stages 段（输出 C2…C5）的正权重拷贝：梯度量出的范围、像素数，以及公式给出的感受野。"""
    net = nn.Sequential(*backbone_stages()[:n_stages])
    span, count, _ = gradient_field(positive_copy(net), torch.ones(1, 3, 224, 224))
    h = net(torch.zeros(1, 3, 224, 224)).shape[-1]
    return span, count, receptive_field(layer_specs(net))[-1][0], field_interval(net, h // 2, 224)


# ---------- 递推公式 ----------


def test_small_stacks_from_the_page():
    """两层 3×3 是 5，三层是 7；第一层步幅 2：3、7、11；空洞率 1、2、4：3、7、15。"""
    assert [r for r, _ in receptive_field([(3, 1, 1)] * 2)] == [3, 5]
    assert [r for r, _ in receptive_field(STACKS["步幅都是 1"])] == [3, 5, 7]
    assert receptive_field(STACKS["第 1 层步幅 2"]) == [(3, 2), (7, 2), (11, 2)]
    assert [r for r, _ in receptive_field(STACKS["空洞率 1、2、4"])] == [3, 7, 15]
    assert [r for r, _ in receptive_field(STACKS["空洞率都是 2"])] == [5, 9, 13]
    text = (OUTPUTS / "receptive_field_stacks.txt").read_text(encoding="utf-8")
    assert "3 → 5 → 7" in text and "3 → 7 → 11" in text and "3 → 7 → 15" in text
    assert "5 → 9 → 13，但其中只有 7 个位置被用到" in text


def test_dilation_two_everywhere_leaves_holes_in_the_field():
    """页面说：三层都用 D = 2，边长 13，一维上只有隔一个取一个的 7 个位置被用到；二维里梯度也是这样。"""
    _, used, _ = dependency_cells(STACKS["空洞率都是 2"], GROWTH_INPUT)
    cells = sorted(used[0])
    assert len(cells) == 7 and cells[-1] - cells[0] + 1 == 13 and all(b - a == 2 for a, b in zip(cells, cells[1:]))
    net = nn.Sequential(*[nn.Conv2d(1, 1, 3, dilation=2) for _ in range(3)])
    span, count, _ = gradient_field(positive_copy(net), torch.ones(1, 1, 31, 31))
    assert span[0][1] - span[0][0] + 1 == 13 and count == 7 * 7
    assert "边长是 13，一维上却只有隔一个取一个的 7 个位置被用到" in PAGE
    # 1、2、4 则没有空洞（Yu 与 Koltun 说的 without loss of coverage）
    net = nn.Sequential(*[nn.Conv2d(1, 1, 3, dilation=d) for d in (1, 2, 4)])
    span, count, _ = gradient_field(positive_copy(net), torch.ones(1, 1, 31, 31))
    assert count == 15 * 15


@pytest.mark.parametrize("n_layers", range(1, 8))
def test_dilations_doubling_grow_the_field_exponentially(n_layers):
    """空洞率 1、2、4、…：感受野 2^(l+1) − 1。"""
    layers = [(3, 1, 2**i) for i in range(n_layers)]
    assert receptive_field(layers)[-1][0] == 2 ** (n_layers + 1) - 1


def test_one_by_one_convolution_and_elementwise_layers_do_not_change_the_field():
    base = [(7, 2, 1), (3, 2, 1), (3, 1, 1)]
    assert receptive_field(base + [(1, 1, 1)])[-1][0] == receptive_field(base)[-1][0]
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Conv2d(2, 2, 3), nn.Sigmoid())
    assert layer_specs(net) == [(3, 1, 1), (3, 1, 1)]


def test_layer_specs_reads_pytorch_defaults():
    """池化层的步幅默认等于窗口；Conv2d 的边长存成元组；空洞率取出来。"""
    net = nn.Sequential(nn.Conv2d(1, 1, 5, stride=2, dilation=3), nn.MaxPool2d(2), nn.AvgPool2d(3, stride=1))
    assert layer_specs(net) == [(5, 2, 3), (2, 2, 1), (3, 1, 1)]


# ---------- 公式与梯度逐像素一致 ----------


@pytest.mark.parametrize("n_stages,name", [(1, "C2"), (2, "C3"), (3, "C4"), (4, "C5")])
def test_formula_equals_gradient_extent_for_every_backbone_stage(n_stages, name):
    """正权重的拷贝里，梯度不为 0 的像素恰好填满公式给出的 r×r 方块，位置也与逐层往回推的一致。"""
    span, count, r, (a, b) = measured_backbone(n_stages)
    (r0, r1), (c0, c1) = span
    assert r1 - r0 + 1 == c1 - c0 + 1 == r, (name, span, r)
    assert count == r * r, "方块里每个像素的梯度都不为 0"
    assert (r0, r1) == (c0, c1) == (a, b), "位置与逐层往回推的范围一致"
    assert a > 0 and b < 223, "中心位置的感受野完全在图像里，没有被边界截掉"
    text = (OUTPUTS / "receptive_field_backbone.txt").read_text(encoding="utf-8")
    assert f"{name}：" in text and f"感受野 {r}×{r}" in text


def test_lenet_formula_equals_gradient():
    features = LeNet().features
    r = receptive_field(layer_specs(features))[-1][0]
    span, count, _ = gradient_field(positive_copy(features), torch.ones(1, 1, 28, 28))
    assert r == 16 and span == ((6, 21), (6, 21)) and count == 256
    assert field_interval(features, 2, 28) == (6, 21)


def random_stack(rng):
    """一个随机的“卷积/池化”栈：每层随机的 K、S、D、填充。"""
    layers, channels = [], 2  # 输入 2 个通道
    for _ in range(rng.randint(2, 5)):
        k, d = rng.choice([1, 2, 3, 5]), rng.choice([1, 1, 2, 3])
        s, p = rng.choice([1, 1, 2]), rng.randint(0, (k - 1) * d // 2)
        if rng.random() < 0.3:
            layers.append(nn.MaxPool2d(k, stride=s, padding=min(p, k // 2)))
        else:
            layers.append(nn.Conv2d(channels, 3, k, stride=s, padding=p, dilation=d))
            layers.append(nn.ReLU())
            channels = 3
    return nn.Sequential(*layers)


@pytest.mark.parametrize("seed", range(12))
def test_formula_equals_gradient_on_random_stacks(seed):
    """随机搭的网络（随机的窗口、步幅、空洞、填充，夹着最大池化和 ReLU）：公式算出的边长 = 量出的边长。"""
    rng = random.Random(seed)
    torch.manual_seed(seed)
    net = random_stack(rng)
    if not any(isinstance(m, nn.Conv2d) for m in net):
        net = nn.Sequential(nn.Conv2d(2, 3, 3), *net)  # 至少一层卷积，才有权重可换
    r, _ = receptive_field(layer_specs(net))[-1]
    size = 4 * r + 40  # 足够大：中心位置的感受野不会碰到图像边界
    span, _, grad = gradient_field(positive_copy(net), torch.ones(1, 2, size, size))
    (r0, r1), (c0, c1) = span
    assert (r1 - r0 + 1, c1 - c0 + 1) == (r, r), "公式给出感受野的边长"
    # 逐像素：梯度不为 0 的像素，正是逐层往回推得到的那些位置（行、列各自往回推，二维是它们的乘积）
    h = net(torch.zeros(1, 2, size, size)).shape[-1]
    cells = torch.zeros(size, dtype=torch.bool)
    cells[sorted(field_cells(net, h // 2))] = True
    assert torch.equal(grad > 0, cells[:, None] & cells[None, :])
    assert (r0, r1) == (min(field_cells(net, h // 2)), max(field_cells(net, h // 2)))


def test_original_network_gradient_stays_inside_the_field_but_covers_less():
    """页面说：原来的网络（随机输入）里，梯度只落在感受野中的一块 79×79 区域。"""
    net = nn.Sequential(*backbone_stages())
    span_pos, _, _, _ = measured_backbone(4)
    for seed in range(3):
        torch.manual_seed(seed)
        (r0, r1), (c0, c1) = gradient_field(net, torch.randn(1, 3, 224, 224))[0]
        assert span_pos[0][0] <= r0 and r1 <= span_pos[0][1] and span_pos[1][0] <= c0 and c1 <= span_pos[1][1]
    text = (OUTPUTS / "receptive_field_gradient.txt").read_text(encoding="utf-8")
    line = next(s for s in text.splitlines() if "原来的网络" in s)
    side = int(re.search(r"（(\d+)×\1）", line).group(1))
    assert side < 95 and f"一块 {side}×{side} 的区域" in PAGE


def test_keeping_max_pooling_shrinks_the_measured_region():
    """页面说：只把权重换成正数、保留最大池化，量出来只有 63×63——为什么要换成平均池化。"""
    net = nn.Sequential(*backbone_stages())
    twin = positive_copy(net)
    for i, block in enumerate(backbone_stages()):  # 把平均池化换回原来的最大池化，权重仍是正的
        for name, child in block.named_children():
            if isinstance(child, nn.MaxPool2d):
                setattr(twin[i], name, child)
    assert any(isinstance(m, nn.MaxPool2d) for m in twin.modules())
    (r0, r1), _ = gradient_field(twin, torch.ones(1, 3, 224, 224))[0]
    assert r1 - r0 + 1 == 63 and "也只有 63×63" in PAGE


def test_positive_copy_keeps_the_geometry_and_makes_every_weight_positive():
    net = nn.Sequential(*backbone_stages())
    twin = positive_copy(net)
    x = torch.zeros(1, 3, 224, 224)
    assert twin(x).shape == net(x).shape
    assert layer_specs(twin) == layer_specs(net)
    assert not any(isinstance(m, nn.MaxPool2d) for m in twin.modules())
    convs = [m for m in twin.modules() if isinstance(m, nn.Conv2d)]
    assert all((m.weight > 0).all() and (m.bias == 0).all() for m in convs)
    assert any(isinstance(m, nn.MaxPool2d) for m in net.modules()), "原网络没有被改动"


def test_without_the_positive_copy_the_formula_test_would_fail():
    """反面对照：直接用原网络量，得到的边长比公式小，所以必须用正权重的拷贝才能逐像素比较。"""
    net = nn.Sequential(*backbone_stages())
    torch.manual_seed(0)
    (r0, r1), _ = gradient_field(net, torch.randn(1, 3, 224, 224))[0]
    assert r1 - r0 + 1 < receptive_field(layer_specs(net))[-1][0]


def test_effective_receptive_field_is_a_small_central_part():
    _, _, r, _ = measured_backbone(4)
    net = nn.Sequential(*backbone_stages())
    span, _, grad = gradient_field(positive_copy(net), torch.ones(1, 3, 224, 224))
    side = half_mass_square(grad, span)
    assert side < r / 2
    assert torch.isclose(grad.sum(), torch.tensor(1.0), atol=1e-4), "每层都对窗口求平均：梯度之和为 1"
    text = (OUTPUTS / "receptive_field_gradient.txt").read_text(encoding="utf-8")
    assert f"中间 {side}×{side} 的方块" in text and f"{side**2 / r**2:.0%}" in text
    assert f"中间 {side}×{side} 的方块里，只占感受野面积的 {side**2 / r**2:.0%}" in PAGE


def test_numbers_on_the_pages_come_from_the_outputs():
    text = (OUTPUTS / "receptive_field_gradient.txt").read_text(encoding="utf-8")
    assert "正权重的拷贝：第 63～157 行、第 63～157 列（95×95），9,025 个像素" in text
    assert "正好是 95×95" in PAGE and "9,025 = 95²" in PAGE and "也正好是 16×16" in PAGE
    assert "每个位置看到 95×95 的输入" in PAGE and "能看到输入里 95×95 的一块" in CONV_PAGE
    assert 95 / 224 > 0.4, "页面说：长宽都超过了四成"
    assert "每个位置看到 28×28 输入里的 16×16" in PAGE
    backbone = (OUTPUTS / "receptive_field_backbone.txt").read_text(encoding="utf-8")
    assert "C2：特征图 56×56，跳距  4" in backbone and "C2 的跳距已经是 4" in PAGE
    # 页面说：每个阶段 3×3 卷积多长 2j、2×2 池化再多长 j，然后跳距翻倍
    sizes = receptive_field(layer_specs(nn.Sequential(*backbone_stages())))
    for (r_conv, j), (r_pool, j_next), (r_before, _) in zip(sizes[2::2], sizes[3::2], sizes[1::2]):
        assert r_conv - r_before == 2 * j and r_pool - r_conv == j and j_next == 2 * j


# ---------- 小卷积核叠起来：参数 ----------


def test_vgg_parameter_comparison():
    """两层 3×3 = 18C²，一层 5×5 = 25C²；三层 3×3 = 27C²，一层 7×7 = 49C²，多 81%（VGG 论文 2.3 节的数字）。"""
    for c in (1, 8, 64):
        assert conv_params(c, 3, n_layers=2) == 18 * c * c and conv_params(c, 5) == 25 * c * c
        assert conv_params(c, 3, n_layers=3) == 27 * c * c and conv_params(c, 7) == 49 * c * c
    assert round((49 / 27 - 1) * 100) == 81
    text = (OUTPUTS / "receptive_field_vgg.txt").read_text(encoding="utf-8")
    assert "73,728" in text and "102,400" in text and "多 81%" in text
    assert "后者的参数多 81%" in PAGE


def test_growth_figure_matches_the_formula():
    """图 3：最上层正中的位置在输入上用到的格子，个数与公式相同、连续没有空隙。"""
    for name, layers in STACKS.items():
        centers, used, _ = dependency_cells(layers, GROWTH_INPUT)
        r = receptive_field(layers)[-1][0]
        cells = sorted(used[0])
        assert cells[-1] - cells[0] + 1 == r and cells[0] > 0 and cells[-1] < GROWTH_INPUT - 1
        if name != "空洞率都是 2":
            assert cells == list(range(cells[0], cells[0] + r)), "连续，没有空隙"
        # 最上层正中那一格的中心，正是输入里这些格子的中点
        assert centers[-1][len(centers[-1]) // 2] == (cells[0] + cells[-1]) / 2
    # 空洞的那一个：中间层的涂色格子之间有空隙（图注和替代文本这样说）
    _, used, _ = dependency_cells(STACKS["空洞率 1、2、4"], GROWTH_INPUT)
    assert len(used[1]) < max(used[1]) - min(used[1]) + 1
    fig = draw_growth()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title(loc="left") for ax in fig.axes]
    texts = "\n".join(texts)
    for layers in STACKS.values():
        assert f"感受野 {receptive_field(layers)[-1][0]}" in texts


# ---------- 自测题 ----------


def test_self_check_five_layers():
    layers = [(3, 1, 1)] * 5
    assert receptive_field(layers)[-1][0] == 11
    assert conv_params(4, 3, n_layers=5) == 45 * 16 and conv_params(4, 11) == 121 * 16
    assert round(121 / 45, 1) == 2.7


def test_self_check_one_by_one_after_the_stem():
    stages = backbone_stages()
    net = nn.Sequential(stages[0], nn.Conv2d(64, 64, 1), *stages[1:])
    assert receptive_field(layer_specs(net))[-1][0] == 95
    span, count, _ = gradient_field(positive_copy(net), torch.ones(1, 3, 224, 224))
    assert count == 95 * 95
    assert sum(p.numel() for p in nn.Conv2d(64, 64, 1).parameters()) == 4_160
    assert "4{,}160" in PAGE


def test_self_check_two_linear_3x3_convolutions_are_one_5x5():
    """单通道：两层 3×3 卷积（无激活）= 一层 5×5 卷积，卷积核是两个 3×3 核的卷积。"""
    g = torch.Generator().manual_seed(0)
    k1, k2 = torch.randn(3, 3, generator=g), torch.randn(3, 3, generator=g)
    x = torch.randn(1, 1, 12, 12, generator=g)
    two = nn.functional.conv2d(nn.functional.conv2d(x, k1[None, None]), k2[None, None])
    # 两个核的（真正的）卷积：把 k1 四周补 2 圈 0，与翻转后的 k2 做互相关
    composite = nn.functional.conv2d(nn.functional.pad(k1, (2, 2, 2, 2))[None, None], k2.flip(0, 1)[None, None])[0, 0]
    assert composite.shape == (5, 5)
    assert torch.allclose(two, nn.functional.conv2d(x, composite[None, None]), atol=1e-5)


def test_self_check_two_3x3_cannot_make_every_5x5_kernel():
    """反过来不成立：从两个 3×3 核到 5×5 核的映射，雅可比矩阵的秩小于 25，凑不出所有 5×5 核。"""

    def compose(params):
        k1, k2 = params[:9].reshape(3, 3), params[9:].reshape(3, 3)
        padded = nn.functional.pad(k1, (2, 2, 2, 2))[None, None]
        return nn.functional.conv2d(padded, k2.flip(0, 1)[None, None]).flatten()

    params = torch.randn(18, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(compose, params)
    assert jac.shape == (25, 18)
    assert torch.linalg.matrix_rank(jac) == 17  # 18 个参数，还差一个“k1 放大、k2 缩小”的自由度


def test_glossary_and_term_are_consistent():
    glossary = (ROOT / "includes/glossary.md").read_text(encoding="utf-8")
    assert sum(line.startswith("*[感受野]:") for line in glossary.splitlines()) == 1
    assert "**感受野**（receptive field）" in PAGE
    assert "## 感受野" in PAGE and "(cnn-layers.md#感受野)" in CONV_PAGE
    assert "接受野" not in PAGE + CONV_PAGE and "感受域" not in PAGE + CONV_PAGE
