"""检查 docs/dl/convolution.md 上关于卷积和骨干网络的每一个说法。"""

import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.text import Text
from torch import nn

from snippets.convolution import (
    CENTRAL_DIFF_X,
    DEMO_IMAGE,
    DEMO_KERNEL,
    KERNELS,
    LEARN_NOISES,
    NOISE_STD,
    SOBEL_X,
    _learned,
    add_noise,
    conv_output_size,
    conv_params,
    cosine,
    detection_rates,
    draw_backbone_neck_head,
    filter2d,
    linear_params,
    make_shapes_image,
    side_weight,
    slide_and_sum,
    trace_model,
    true_convolution,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/dl/convolution.md").read_text(encoding="utf-8")

# He et al., Deep Residual Learning for Image Recognition, CVPR 2016, Table 1：
# ResNet-18 的 conv2_x … conv5_x 输出 56×56、28×28、14×14、7×7，通道 64、128、256、512（输入 224×224）。
RESNET18_STAGES = ["64×56×56", "128×28×28", "256×14×14", "512×7×7"]


# ---------- 卷积是滑动的加权和（互相关） ----------


@pytest.mark.parametrize("shape,k", [((5, 5), 3), ((7, 9), 3), ((8, 6), 5), ((4, 4), 1)])
def test_hand_written_sliding_sum_equals_conv2d(shape, k):
    g = torch.Generator().manual_seed(1)
    image, kernel = torch.randn(shape, generator=g), torch.randn(k, k, generator=g)
    expected = F.conv2d(image[None, None], kernel[None, None])[0, 0]
    assert torch.allclose(slide_and_sum(image, kernel), expected, atol=1e-5)


def test_conv2d_is_cross_correlation_not_true_convolution():
    out = F.conv2d(DEMO_IMAGE[None, None], DEMO_KERNEL[None, None])[0, 0]
    assert not torch.equal(true_convolution(DEMO_IMAGE, DEMO_KERNEL), out), "演示用的卷积核必须是不对称的"
    flipped = F.conv2d(DEMO_IMAGE[None, None], DEMO_KERNEL.flip(0, 1)[None, None])[0, 0]
    assert torch.equal(flipped, true_convolution(DEMO_IMAGE, DEMO_KERNEL))


def test_symmetric_kernel_makes_the_difference_vanish():
    kernel = KERNELS["拉普拉斯"]  # 上下、左右都对称
    assert torch.equal(true_convolution(DEMO_IMAGE, kernel), slide_and_sum(DEMO_IMAGE, kernel))


def test_one_dimensional_case_against_numpy():
    """独立的参照：NumPy 的 correlate 不翻转、convolve 翻转。PyTorch 的 conv1d 与前者一致。"""
    x, w = np.array([2.0, 1, 3, 5, 4, 0]), np.array([1.0, 0, -2])
    torch_out = F.conv1d(torch.tensor(x)[None, None], torch.tensor(w)[None, None])[0, 0].numpy()
    assert np.allclose(torch_out, np.correlate(x, w, mode="valid"))
    assert not np.allclose(torch_out, np.convolve(x, w, mode="valid"))
    flipped = F.conv1d(torch.tensor(x)[None, None], torch.tensor(w[::-1].copy())[None, None])[0, 0].numpy()
    assert np.allclose(flipped, np.convolve(x, w, mode="valid"))


def test_sliding_window_figure_arithmetic():
    """图 1 讲解的是输出第 1 行第 2 列：窗口与卷积核逐个相乘再相加。"""
    out = slide_and_sum(DEMO_IMAGE, DEMO_KERNEL)
    assert out[1, 2] == (DEMO_IMAGE[1:4, 2:5] * DEMO_KERNEL).sum() == 7
    assert out.shape == (3, 3)


def test_weight_sharing_means_shifted_input_gives_shifted_output():
    """同一组权重用在每个位置：图像平移，响应跟着平移（远离边界处）。"""
    image = make_shapes_image()
    shifted = torch.roll(image, shifts=(3, 5), dims=(0, 1))
    response, response_shifted = filter2d(image, SOBEL_X), filter2d(shifted, SOBEL_X)
    assert torch.allclose(torch.roll(response, shifts=(3, 5), dims=(0, 1))[8:-8, 8:-8], response_shifted[8:-8, 8:-8])


# ---------- 手工设计的卷积核 ----------


def test_what_each_hand_designed_kernel_responds_to():
    vertical_edge = torch.zeros(9, 9)
    vertical_edge[:, 5:] = 1.0  # 左暗右亮：一条竖直边缘
    horizontal_edge = vertical_edge.T.clone()
    inner = (slice(1, -1), slice(1, -1))  # 避开补零造成的边框
    assert filter2d(vertical_edge, KERNELS["Sobel x"])[inner].abs().max() > 0
    assert filter2d(vertical_edge, KERNELS["Sobel y"])[inner].abs().max() == 0
    assert filter2d(horizontal_edge, KERNELS["Sobel y"])[inner].abs().max() > 0
    assert filter2d(horizontal_edge, KERNELS["Sobel x"])[inner].abs().max() == 0
    # 拉普拉斯：平坦区域和亮度均匀变化（线性渐变）的区域都是 0，边缘两侧一正一负
    ramp = torch.arange(9.0).repeat(9, 1)
    assert torch.allclose(filter2d(ramp, KERNELS["拉普拉斯"])[inner], torch.zeros(7, 7))
    lap = filter2d(vertical_edge, KERNELS["拉普拉斯"])[4]
    assert lap[4] > 0 and lap[5] < 0
    # 均值模糊：常数图像不变（内部），噪声的标准差变为约 1/3
    assert torch.allclose(filter2d(torch.ones(9, 9), KERNELS["均值模糊"])[inner], torch.ones(7, 7))
    noise = torch.randn(200, 200, generator=torch.Generator().manual_seed(0))
    ratio = filter2d(noise, KERNELS["均值模糊"])[1:-1, 1:-1].std() / noise.std()
    assert 0.3 < ratio < 0.37


def test_hand_designed_kernels_are_brittle_under_noise():
    clean = make_shapes_image()
    noisy = add_noise(clean, std=NOISE_STD)
    assert NOISE_STD == 0.3
    for name in ["Sobel x", "Sobel y", "拉普拉斯"]:
        false_alarm, kept = detection_rates(KERNELS[name], clean, clean)
        assert false_alarm == 0.0 and kept == 1.0, name
    sobel_false, _ = detection_rates(KERNELS["Sobel x"], clean, noisy)
    lap_false, _ = detection_rates(KERNELS["拉普拉斯"], clean, noisy)
    assert 0.04 < sobel_false < 0.07, "页面说：Sobel 在背景里误报约 5%"
    assert 0.4 < lap_false < 0.5, "页面说：拉普拉斯误报接近一半"
    blurred = filter2d(noisy, KERNELS["均值模糊"])
    assert detection_rates(KERNELS["拉普拉斯"], clean, blurred) == (0.0, 0.0), "先模糊：误报没了，边缘也没了"


# ---------- 学出来的卷积核 ----------


def test_learning_without_noise_recovers_the_central_difference():
    kernel, losses = _learned(0.0)
    assert cosine(kernel, CENTRAL_DIFF_X) > 0.999
    assert losses[-1] < 1e-4 < losses[0]


def test_learning_with_noise_rediscovers_sobel():
    kernel, losses = _learned(0.1)
    assert cosine(kernel, SOBEL_X) > 0.999, "页面说：σ = 0.1 时学到的核与 Sobel x 的余弦相似度超过 0.999"
    assert losses[-1] < losses[0]
    assert abs(side_weight(kernel) - 0.5) < 0.05  # Sobel 的上下两行是中间行的一半


def test_more_noise_means_more_smoothing():
    weights = [side_weight(_learned(s)[0]) for s in LEARN_NOISES]
    assert LEARN_NOISES == (0.0, 0.1, 0.3)
    assert abs(weights[0]) < 0.05 and weights[0] < weights[1] < weights[2]
    assert weights[2] > 0.6


def test_learned_kernel_beats_fixed_kernels_on_noisy_images():
    """学到的核针对它见过的噪声水平做了取舍：在同样噪声的新图像上，误差比中心差分和 Sobel 都小。"""
    from snippets.convolution import random_shapes

    g = torch.Generator().manual_seed(123)
    clean = random_shapes(generator=g)
    noisy = clean + 0.3 * torch.randn(clean.shape, generator=g)
    target = F.conv2d(clean, CENTRAL_DIFF_X[None, None], padding=1)

    def error(kernel):
        return F.mse_loss(F.conv2d(noisy, kernel[None, None], padding=1), target).item()

    learned = error(_learned(0.3)[0])
    assert learned < error(CENTRAL_DIFF_X) and learned < error(SOBEL_X / 4)


# ---------- 输出尺寸与参数量 ----------


def test_output_size_formula_matches_pytorch_on_a_grid():
    checked = 0
    for h, k, p, s in itertools.product(range(1, 13), range(1, 6), range(3), range(1, 4)):
        if h + 2 * p < k:  # 补零后仍放不下一个窗口
            continue
        out = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), padding=p, stride=s)
        assert out.shape[-1] == conv_output_size(h, k, p, s), (h, k, p, s)
        checked += 1
    assert checked > 300


def test_output_size_figure_case():
    assert conv_output_size(5, 3, 1, 2) == 3


@pytest.mark.parametrize(
    "c_in,c_out,k,bias", [(3, 64, 3, True), (64, 128, 3, True), (16, 8, 5, False), (1, 1, 7, True)]
)
def test_conv_parameter_formula(c_in, c_out, k, bias):
    layer = nn.Conv2d(c_in, c_out, k, bias=bias)
    assert conv_params(c_in, c_out, k, bias) == sum(p.numel() for p in layer.parameters())


def test_linear_parameter_formula():
    assert linear_params(12, 5) == sum(p.numel() for p in nn.Linear(12, 5).parameters())
    big = nn.Linear(3 * 224 * 224, 64 * 224 * 224, device="meta")
    assert linear_params(3 * 224 * 224, 64 * 224 * 224) == sum(p.numel() for p in big.parameters())


def test_parameter_numbers_stated_on_the_page():
    stated = {
        "1,792": conv_params(3, 64, 3),
        "9,633,856": linear_params(3 * 224 * 224, 64),
        "483,388,358,656": linear_params(3 * 224 * 224, 64 * 224 * 224),
        "73,856": conv_params(64, 128, 3),  # 自测题
    }
    for text, value in stated.items():
        assert f"{value:,}" == text
        assert text in PAGE, f"页面上应当写着 {text}"
    assert 5000 < linear_params(3 * 224 * 224, 64) / conv_params(3, 64, 3) < 6000, "页面说：多了五千多倍"
    # 约 1.9 TB：每个 float32 参数 4 字节
    assert 1.9e12 < 4 * linear_params(3 * 224 * 224, 64 * 224 * 224) < 2.0e12


# ---------- 骨干网络、颈部与头部 ----------


def test_backbone_stages_match_resnet18():
    shapes, _ = trace_model()
    assert shapes["input"] == "3×224×224"
    assert shapes["backbone"] == RESNET18_STAGES


def test_head_output_shapes():
    shapes, params = trace_model()
    assert shapes["cls"] == "1000"
    assert shapes["seg"] == "21×224×224"
    assert shapes["neck"] == ["128×28×28", "128×14×14", "128×7×7"]
    assert shapes["det"] == [("4×28×28", "80×28×28"), ("4×14×14", "80×14×14"), ("4×7×7", "80×7×7")]
    assert params["cls"] == 512 * 1000 + 1000 and params["seg"] == 512 * 21 + 21
    assert params["backbone"] > params["cls"] > params["seg"]


def test_segmentation_output_size_depends_on_divisibility_by_32():
    """自测题：输入边长是 32 的倍数时，分割图与输入一样大；否则会差几个像素。"""
    assert trace_model(256)[0]["seg"] == "21×256×256"
    shapes_230 = trace_model(230)[0]
    assert [s.split("×")[1] for s in shapes_230["backbone"]] == ["58", "29", "14", "7"]  # 230 → 115 → 58 → …
    assert shapes_230["seg"] == "21×224×224"


def test_diagram_shows_the_traced_shapes():
    shapes, _ = trace_model()
    fig = draw_backbone_neck_head()
    texts = "\n".join(t.get_text() for t in fig.findobj(Text))
    plt.close(fig)
    expected = [shapes["input"], *shapes["backbone"], shapes["cls"], shapes["seg"], *shapes["neck"]]
    expected += [f"(4+80)×{box.split('×', 1)[1]}" for box, _ in shapes["det"]]
    for label in expected:
        assert label in texts, label


def test_every_shape_written_on_the_page_is_real():
    """页面上写的每个 C×H×W 形状，要么来自 trace_model()，要么是明确列出的其他网络的数字。"""
    shapes, _ = trace_model()
    traced = {shapes["input"], shapes["seg"], *shapes["backbone"], *shapes["neck"]}
    traced |= {s for pair in shapes["det"] for s in pair}
    traced |= {"21×256×256"}  # 自测题里 256×256 输入的分割图
    other = {"2048×7×7"}  # ResNet-50 最后一个阶段（He et al. 2016, Table 1）
    other |= {"64×224×224"}  # 参数量对比：全连接层要输出的特征图大小
    written = set(re.findall(r"\d+×\d+×\d+", PAGE))
    assert written, "页面上应当写出特征图的形状"
    assert written <= traced | other, written - traced - other


def test_class_counts_match_the_dataset_facts():
    """头部的类别数来自数据集：ImageNet 1000 类，PASCAL VOC 20 类 + 背景，COCO 检测 80 类。"""
    from snippets.convolution import ClassificationHead, DetectionHead, SegmentationHead
    from snippets.facts.datasets import DATASETS

    classes = {d.name: d.num_classes for d in DATASETS}
    assert ClassificationHead().fc.out_features == classes["ImageNet"]
    assert SegmentationHead().classifier.out_channels == classes["PASCAL VOC"] + 1
    assert DetectionHead().cls.out_channels == classes["COCO"]
