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
    edge_data,
    filter2d,
    fitted_scale,
    held_out_error,
    least_squares_kernel,
    linear_params,
    make_shapes_image,
    side_weight,
    slide_and_sum,
    then,
    trace_model,
    true_convolution,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/dl/convolution.md").read_text(encoding="utf-8")
OUTPUTS = ROOT / "snippets/outputs"

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


def test_multi_channel_kernel_sums_over_channels_into_one_map():
    """页面说：C_in 层的卷积核各层与对应通道相乘，全部加起来再加偏置，仍然得到一张特征图。"""
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 1, 3)
    x = torch.randn(1, 3, 6, 6)
    per_channel = sum(slide_and_sum(x[0, c], conv.weight[0, c].detach()) for c in range(3))
    with torch.no_grad():
        assert torch.allclose(conv(x)[0, 0], per_channel + conv.bias, atol=1e-5)
    assert nn.Conv2d(3, 64, 3)(x).shape[1] == 64, "C_out 个卷积核，C_out 张特征图"


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
    """图 1 讲解的是输出第 2 行第 3 列（从 1 数起；代码里是 out[1, 2]）：窗口与卷积核逐个相乘再相加。"""
    out = slide_and_sum(DEMO_IMAGE, DEMO_KERNEL)
    assert out[1, 2] == (DEMO_IMAGE[1:4, 2:5] * DEMO_KERNEL).sum() == 7
    assert out.shape == (3, 3)
    # 读者从 1 数起时，第 2 行第 3 列是 7；若页面按 0 数起写“第 1 行第 2 列”，读者找到的是 out[0, 1] = 3
    assert "第 2 行第 3 列" in PAGE and "`out[1, 2]`" in PAGE and out[0, 1] != 7
    # 窗口在输入的第 2～4 行、第 3～5 列：贴着右边，上下都不贴边，即“右侧中部”
    assert "右侧中部一个 3×3 窗口（第 2～4 行、第 3～5 列）" in PAGE


def test_sliding_window_figure_draws_the_product_symbol_and_the_sum():
    from snippets.convolution import draw_sliding_window

    fig = draw_sliding_window()
    texts = [t.get_text() for t in fig.findobj(Text)]
    plt.close(fig)
    assert "⊙" in texts and "求和" in texts, "⊙ 只表示逐元素相乘，求和要另外写出"
    assert any(t.endswith("= 7") for t in texts)


def test_weight_sharing_means_shifted_input_gives_shifted_output():
    """同一组权重用在每个位置：图像平移，响应跟着平移（步幅 1，远离补零的边界处）。

    用补零的平移（不是循环平移）：移出去的像素丢掉，空出来的地方补 0。
    """
    image = torch.zeros(64, 64)
    image[20:40, 15:30] = 1.0  # 离边界足够远的方块
    shifted = torch.zeros_like(image)
    shifted[3:, 5:] = image[:-3, :-5]
    response, response_shifted = filter2d(image, SOBEL_X), filter2d(shifted, SOBEL_X)
    assert torch.equal(response_shifted[3:, 5:], response[:-3, :-5])
    assert response.abs().sum() > 0


# ---------- 手工设计的卷积核 ----------


def test_what_each_hand_designed_kernel_responds_to():
    vertical_edge = torch.zeros(9, 9)
    vertical_edge[:, 5:] = 1.0  # 左暗右亮：一条竖直边缘
    horizontal_edge = vertical_edge.T.clone()
    inner = (slice(1, -1), slice(1, -1))  # 避开补零造成的边框
    assert filter2d(vertical_edge, KERNELS["Sobel x"])[inner].abs().max() > 0
    # 页面说：Sobel x 左暗右亮为正，左亮右暗为负（边缘两侧的两列都是如此）
    assert (filter2d(vertical_edge, SOBEL_X)[4, 4:6] > 0).all()
    assert (filter2d(vertical_edge.flip(1), SOBEL_X)[4, 3:5] < 0).all()
    assert "左暗右亮为正，左亮右暗为负" in PAGE
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


def _single(kernel):
    return lambda image: filter2d(image, kernel)


BLUR = KERNELS["均值模糊"]


def test_hand_designed_kernels_are_brittle_under_noise():
    clean = make_shapes_image()
    noisy = add_noise(clean, std=NOISE_STD)
    assert NOISE_STD == 0.3
    for pipeline in [_single(KERNELS[n]) for n in ("Sobel x", "Sobel y", "拉普拉斯")] + [
        then(BLUR, SOBEL_X),
        then(BLUR, KERNELS["拉普拉斯"]),
    ]:
        false_alarm, kept, n_found = detection_rates(pipeline, clean, clean)
        assert false_alarm == 0.0 and kept == 1.0 and n_found > 50, "页面说：干净图像上每条流程的背景误报都是 0"
    for name in ("Sobel x", "Sobel y"):
        false_alarm, _, _ = detection_rates(_single(KERNELS[name]), clean, noisy)
        assert 0.05 <= false_alarm < 0.06, "页面说：Sobel 在背景里误报 5%～6%"
    lap_false, _, _ = detection_rates(_single(KERNELS["拉普拉斯"]), clean, noisy)
    assert 0.4 < lap_false < 0.5, "页面说：拉普拉斯误报接近一半"


def test_blurring_first_helps_when_the_threshold_is_retuned():
    """公平的比较：每条流程的阈值按同一规则（干净图像上最大响应的一半）重新定。

    先平滑再求导（Marr–Hildreth 1980，Canny 1986）大幅降低误报；沿用旧阈值则什么也检不出。
    """
    clean = make_shapes_image()
    noisy = add_noise(clean, std=NOISE_STD)
    sobel_false, sobel_kept, _ = detection_rates(_single(SOBEL_X), clean, noisy)
    blur_sobel_false, blur_sobel_kept, _ = detection_rates(then(BLUR, SOBEL_X), clean, noisy)
    assert blur_sobel_false < 0.01 < 0.05 < sobel_false, "页面说：先模糊再 Sobel x，误报从 5.8% 降到 0.1%"
    assert blur_sobel_kept > 0.8
    lap_false, _, _ = detection_rates(_single(KERNELS["拉普拉斯"]), clean, noisy)
    blur_lap_false, blur_lap_kept, _ = detection_rates(then(BLUR, KERNELS["拉普拉斯"]), clean, noisy)
    assert blur_lap_false < lap_false / 5 and blur_lap_false > 0.05, "页面说：误报从 46.2% 降到 7.2%"
    assert blur_lap_kept > 0.5
    # 沿用不模糊时拉普拉斯的阈值：模糊后的响应全在阈值以下
    old = 0.5 * filter2d(clean, KERNELS["拉普拉斯"]).abs().max()
    assert detection_rates(then(BLUR, KERNELS["拉普拉斯"]), clean, noisy, threshold=old)[2] == 0


def test_detection_percentages_on_the_page_come_from_the_output():
    text = (OUTPUTS / "convolution_handcrafted.txt").read_text(encoding="utf-8")
    rows = dict(re.findall(r"  (\S+(?: \S+)*)：背景误报\s+([\d.]+%)，边缘保留", text))
    kept = dict(re.findall(r"  (\S+(?: \S+)*)：背景误报\s+[\d.]+%，边缘保留\s+([\d.]+%)", text))
    stated = f"误报从 {rows['Sobel x']} 降到 {rows['先模糊再 Sobel x']}，边缘保留 {kept['先模糊再 Sobel x']}"
    assert stated in PAGE, stated
    stated = f"误报从 {rows['拉普拉斯']} 降到 {rows['先模糊再拉普拉斯']}"
    assert stated in PAGE, stated
    assert "干净图像上检出 0 个边缘像素" in text


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


@pytest.mark.parametrize("noise_std", LEARN_NOISES)
def test_learned_kernel_is_the_least_squares_optimum(noise_std):
    """页面说：这是线性最小二乘，梯度下降学到的就是直接解出的最优解。"""
    kernel, _ = _learned(noise_std)
    optimum = least_squares_kernel(noise_std)
    # 页面说：学到的核与最小二乘解的余弦相似度保留四位小数都不低于 0.9999
    assert round(cosine(kernel, optimum), 4) >= 0.9999
    text = (OUTPUTS / "convolution_learned.txt").read_text(encoding="utf-8")
    printed = [float(v) for v in re.findall(r"直接解出的最小二乘解 ([\d.]+)", text)]
    assert len(printed) == len(LEARN_NOISES) and min(printed) >= 0.9999
    inputs, target = edge_data(noise_std)
    loss = F.mse_loss(F.conv2d(inputs, kernel[None, None], padding=1), target).item()
    best = F.mse_loss(F.conv2d(inputs, optimum[None, None], padding=1), target).item()
    assert best <= loss * (1 + 1e-6) + 1e-12 and loss - best < 1e-4
    # 最优解确实最优：往任何一个方向挪一点，误差都变大
    for i in range(9):
        nudged = optimum.flatten().clone()
        nudged[i] += 0.01
        worse = F.mse_loss(F.conv2d(inputs, nudged.reshape(1, 1, 3, 3), padding=1), target).item()
        assert worse > best


def test_sobel_ratio_is_a_coincidence_of_this_image_and_noise():
    """页面说：比例随噪声从 0.26 升到 0.67；σ = 0.1 时换图像在 0.49 到 0.60 之间。"""
    ratios = [side_weight(least_squares_kernel(s)) for s in (0.05, 0.1, 0.2, 0.3)]
    assert ratios == sorted(ratios) and ratios[0] < 0.3 and ratios[-1] > 0.6
    by_image = [side_weight(least_squares_kernel(0.1, seed)) for seed in range(4)]
    assert max(by_image) - min(by_image) > 0.08, "换一张图像，比例明显不同"
    text = (OUTPUTS / "convolution_learned_check.txt").read_text(encoding="utf-8")
    printed = [float(v) for v in re.findall(r"σ = [\d.]+：([\d.]+)", text)]
    assert printed == [round(r, 2) for r in ratios]
    assert f"从 {printed[0]:.2f} 升到 {printed[-1]:.2f}" in PAGE
    assert f"在 {min(by_image):.2f} 到 {max(by_image):.2f} 之间" in PAGE


def test_more_noise_means_more_smoothing():
    weights = [side_weight(_learned(s)[0]) for s in LEARN_NOISES]
    assert LEARN_NOISES == (0.0, 0.1, 0.3)
    assert abs(weights[0]) < 0.05 and weights[0] < weights[1] < weights[2]
    assert weights[2] > 0.6


def test_learned_kernel_against_fair_baselines_on_a_new_image():
    """新图像（σ = 0.3）上：学到的核误差最小，远小于固定的中心差分和 Sobel x ÷ 4；
    但与“Sobel x × 拟合好的系数”只差不到 1%；σ = 0.1 学到的核在这里误差是两倍多。"""
    learned = held_out_error(_learned(0.3)[0], 0.3)
    tuned_sobel = held_out_error(SOBEL_X * fitted_scale(SOBEL_X, 0.3), 0.3)
    others = [held_out_error(k, 0.3) for k in (CENTRAL_DIFF_X, SOBEL_X / 4, _learned(0.1)[0])]
    assert learned < tuned_sobel and all(learned < e for e in others), "页面说：σ = 0.3 时学到的核误差最小"
    assert held_out_error(CENTRAL_DIFF_X, 0.3) > 4 * learned and held_out_error(SOBEL_X / 4, 0.3) > 4 * learned
    assert (tuned_sobel - learned) / learned < 0.01, "页面说：与拟合好系数的 Sobel 相差不到 1%"
    assert others[2] > 2 * learned, "页面说：σ = 0.1 时学到的核在 σ = 0.3 上误差是两倍多"
    # 测试图像确实是新的：与训练图像不同
    assert not torch.equal(edge_data(0.3, 123)[1], edge_data(0.3, 0)[1])


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


@pytest.mark.parametrize("h,k,p,s,out", [(5, 3, 1, 2, 3), (32, 5, 0, 1, 28), (32, 3, 1, 2, 16)])
def test_output_size_figure_and_self_check_cases(h, k, p, s, out):
    """图 4（5 → 3）和自测题 1（32 → 28；3×3、填充 1、步幅 2 时 32 → 16）。"""
    assert conv_output_size(h, k, p, s) == out
    real = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), padding=p, stride=s)
    assert real.shape[-2:] == (out, out)


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


def test_parameter_split_stated_on_the_page():
    """页面说：骨干占五个模块合计的 55.7%；分类头的参数全部在全连接层里；分类头约为骨干的三分之一。"""
    _, params = trace_model()
    total = sum(params.values())
    assert total == 2_798_673 and params["backbone"] == 1_558_656
    assert f"{params['backbone']:,}" in PAGE and f"{total:,}" in PAGE
    assert f"{params['backbone'] / total:.1%}" == "55.7%" and "55.7%" in PAGE
    for name in ("neck", "cls", "det", "seg"):
        assert f"{params[name]:,} 个" in PAGE, name
        assert params[name] < params["backbone"]
    assert params["cls"] == 512 * 1000 + 1000, "分类头只有一层全连接"
    assert 0.3 < params["cls"] / params["backbone"] < 0.36, "页面说：约为骨干的三分之一"
    text = (OUTPUTS / "convolution_backbone.txt").read_text(encoding="utf-8")
    assert f"合计：{total:,}" in text and f"骨干参数量：{params['backbone']:>9,}（55.7%）" in text


def test_one_by_one_convolution_is_a_fully_connected_layer_at_every_position():
    """页面说：1×1 卷积相当于在每个位置上把同一个 512 → 21 的全连接层用一遍。"""
    from snippets.convolution import SegmentationHead

    torch.manual_seed(0)
    conv = SegmentationHead().classifier
    fc = nn.Linear(512, 21)
    with torch.no_grad():
        fc.weight.copy_(conv.weight[:, :, 0, 0])
        fc.bias.copy_(conv.bias)
        x = torch.randn(2, 512, 7, 7)
        per_position = fc(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        assert torch.allclose(conv(x), per_position, atol=1e-5)


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
    other |= {"2×3×3"}  # 多通道的例子：每个卷积核 2×3×3（tests/test_channels.py 检查）
    other |= {"3×32×32", "3×5×5", "8×28×28"}  # 自测题 6：nn.Conv2d(3, 8, 5)（tests/test_channels.py 检查）
    written = set(re.findall(r"\d+×\d+×\d+", PAGE))
    assert written, "页面上应当写出特征图的形状"
    assert written <= traced | other, written - traced - other
    assert "输入 224×224 时它的输出是 2048×7×7" in PAGE, "2048×7×7 只在 224×224 输入时成立"


def test_class_counts_match_the_dataset_facts():
    """头部的类别数来自数据集：ImageNet 1000 类，PASCAL VOC 20 类 + 背景，COCO 检测 80 类。"""
    from snippets.convolution import ClassificationHead, DetectionHead, SegmentationHead
    from snippets.facts.datasets import DATASETS

    classes = {d.name: d.num_classes for d in DATASETS}
    assert ClassificationHead().fc.out_features == classes["ImageNet"]
    assert SegmentationHead().classifier.out_channels == classes["PASCAL VOC"] + 1
    assert DetectionHead().cls.out_channels == classes["COCO"]
