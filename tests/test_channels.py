"""检查多通道卷积（docs/dl/convolution.md）与 1×1 卷积（docs/dl/cnn-layers.md）的说法。"""

import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.channels import multi_channel_conv, one_by_one_convs, pointwise_linear
from snippets.convolution import DetectionHead, SegmentationHead, TinyFPN, conv_params, slide_and_sum
from tests.conftest import ROOT

CONV_PAGE = (ROOT / "docs/dl/convolution.md").read_text(encoding="utf-8")
LAYERS_PAGE = (ROOT / "docs/dl/cnn-layers.md").read_text(encoding="utf-8")
OUTPUTS = ROOT / "snippets/outputs"


# ---------- 多通道卷积 ----------


@pytest.mark.parametrize("c_in,c_out,h,w,k", [(1, 1, 5, 5, 3), (2, 3, 4, 4, 3), (3, 4, 7, 6, 3), (4, 2, 6, 8, 5)])
def test_loop_implementation_equals_conv2d(c_in, c_out, h, w, k):
    g = torch.Generator().manual_seed(c_in * 10 + c_out)
    x = torch.randn(c_in, h, w, generator=g)
    weight, bias = torch.randn(c_out, c_in, k, k, generator=g), torch.randn(c_out, generator=g)
    out = multi_channel_conv(x, weight, bias)
    assert out.shape == (c_out, h - k + 1, w - k + 1)
    assert torch.allclose(out, F.conv2d(x[None], weight, bias)[0], atol=1e-5)


def test_nn_conv2d_stores_weight_as_cout_cin_k_k():
    conv = nn.Conv2d(2, 3, kernel_size=3)
    assert conv.weight.shape == (3, 2, 3, 3) and conv.bias.shape == (3,)
    assert sum(p.numel() for p in conv.parameters()) == 57 == conv_params(2, 3, 3) == 3 * 2 * 3 * 3 + 3
    x = torch.randn(1, 2, 4, 4)
    with torch.no_grad():
        assert torch.allclose(conv(x)[0], multi_channel_conv(x[0], conv.weight, conv.bias), atol=1e-5)


def test_each_output_channel_uses_only_its_own_kernel_and_sums_over_input_channels():
    """改第 0 个卷积核，只有第 0 个输出通道变；输入某个通道乘 0，就少了那一层的贡献。"""
    g = torch.Generator().manual_seed(3)
    x, weight, bias = torch.randn(3, 5, 5, generator=g), torch.randn(2, 3, 3, 3, generator=g), torch.zeros(2)
    base = multi_channel_conv(x, weight, bias)
    changed = weight.clone()
    changed[0] += 1.0
    out = multi_channel_conv(x, changed, bias)
    assert not torch.allclose(out[0], base[0]) and torch.equal(out[1], base[1])
    per_channel = [slide_and_sum(x[c], weight[0, c]) for c in range(3)]
    assert torch.allclose(base[0], sum(per_channel), atol=1e-5)


def test_worked_example_on_the_page():
    """输出与页面：形状、out[0, 0, 0] 的分解、与 F.conv2d 完全相同。"""
    text = (OUTPUTS / "channels_multi.txt").read_text(encoding="utf-8")
    assert "输入 (2, 4, 4)，卷积核 (3, 2, 3, 3)，偏置 (3,) → 输出 (3, 2, 2)" in text
    assert "与 F.conv2d 相同： True" in text
    assert "nn.Conv2d(2, 3, 3)：weight (3, 2, 3, 3)，bias (3,)，参数 57" in text
    pattern = r"out\[0, 0, 0\] = (-?\d+)（通道 0）\+ (-?\d+)（通道 1）\+ (-?\d+)（偏置）= (-?\d+)"
    a, b, bias, total = re.search(pattern, text).groups()
    assert int(a) + int(b) + int(bias) == int(total)
    minus = "−"  # 页面上写真正的减号
    a_page, b_page = (v.replace("-", minus) for v in (a, b))
    assert f"左上角的 {total}" in CONV_PAGE and f"（得 {a_page} 和 {b_page}）" in CONV_PAGE
    assert f"再加上偏置 {bias}" in CONV_PAGE
    assert "$3\\times 2\\times 3\\times 3 = 54$ 个数加 3 个偏置" in CONV_PAGE


def test_multi_channel_example_uses_integers_so_the_sums_are_exact():
    """例子里的数都是小整数：输出印出的两个通道和卷积核的两层，手算 out[0, 0, 0] 与输出一致。"""
    text = (OUTPUTS / "channels_multi.txt").read_text(encoding="utf-8")
    blocks = re.findall(r"：\n((?:\s+-?\d+(?:\s+-?\d+)*\n)+)", text)
    assert len(blocks) == 4  # 输入通道 0、卷积核第 0 层、输入通道 1、卷积核第 1 层
    x0, k0, x1, k1 = (torch.tensor([[float(v) for v in row.split()] for row in b.strip().splitlines()]) for b in blocks)
    assert x0.shape == x1.shape == (4, 4) and k0.shape == k1.shape == (3, 3)
    by_hand = (x0[:3, :3] * k0).sum() + (x1[:3, :3] * k1).sum() + 1  # 偏置 1
    total = int(re.search(r"= (-?\d+)\n", text).group(1))
    assert by_hand.item() == total


def test_self_check_conv2d_3_to_8():
    conv = nn.Conv2d(3, 8, kernel_size=5)
    assert conv.weight.shape == (8, 3, 5, 5) and conv.bias.shape == (8,)
    assert sum(p.numel() for p in conv.parameters()) == 608
    assert conv(torch.zeros(1, 3, 32, 32)).shape == (1, 8, 28, 28)
    assert conv.weight[0].numel() == 75, "每个输出数：一个 3×5×5 窗口与一个卷积核逐个相乘，75 次乘法"
    assert "= 608$" in CONV_PAGE and "= 75$ 次乘法" in CONV_PAGE


# ---------- 1×1 卷积 ----------


@pytest.mark.parametrize("c_in,c_out,h,w", [(512, 128, 7, 7), (3, 5, 4, 6), (16, 1, 9, 2)])
def test_one_by_one_convolution_is_a_linear_layer_at_every_pixel(c_in, c_out, h, w):
    torch.manual_seed(0)
    conv, linear = nn.Conv2d(c_in, c_out, 1), nn.Linear(c_in, c_out)
    with torch.no_grad():
        linear.weight.copy_(conv.weight[:, :, 0, 0])
        linear.bias.copy_(conv.bias)
        x = torch.randn(2, c_in, h, w)
        assert torch.allclose(conv(x), pointwise_linear(x, linear), atol=1e-5)
        # 单独看一个像素：就是普通的全连接层
        assert torch.allclose(conv(x)[1, :, h - 1, 0], linear(x[1, :, h - 1, 0]), atol=1e-5)


def test_pointwise_linear_is_not_a_per_channel_scaling():
    """反面对照：若把权重抄错（转置之类），结果就对不上；说明比较不是恒真的。"""
    torch.manual_seed(0)
    conv, linear = nn.Conv2d(4, 4, 1), nn.Linear(4, 4)
    with torch.no_grad():
        linear.weight.copy_(conv.weight[:, :, 0, 0].T)
        linear.bias.copy_(conv.bias)
        x = torch.randn(1, 4, 3, 3)
        assert not torch.allclose(conv(x), pointwise_linear(x, linear), atol=1e-3)


def test_one_by_one_output_pixel_depends_only_on_the_same_input_pixel():
    """页面说：只在通道之间混合，输出的每个像素只取决于输入同一位置的那个像素。"""
    torch.manual_seed(0)
    conv = nn.Conv2d(6, 4, 1)
    x = torch.randn(1, 6, 5, 5)
    y = x.clone()
    y[0, :, 2, 3] += torch.randn(6)
    with torch.no_grad():
        changed = (conv(y) != conv(x)).any(dim=1)[0]
    assert changed.nonzero().tolist() == [[2, 3]]


def test_one_by_one_parameter_counts():
    """参数 C_in·C_out + C_out；同样 512→128 的 3×3 卷积约是它的 9 倍。"""
    n_1x1 = sum(p.numel() for p in nn.Conv2d(512, 128, 1).parameters())
    n_3x3 = sum(p.numel() for p in nn.Conv2d(512, 128, 3).parameters())
    assert n_1x1 == 512 * 128 + 128 == 65_664 and n_3x3 == 589_952
    assert round(n_3x3 / n_1x1) == 9
    text = (OUTPUTS / "channels_one_by_one.txt").read_text(encoding="utf-8")
    assert "参数：65,664 = 512×128 + 128" in text and "3×3 卷积：589,952" in text
    assert "与每个像素上用同一个 nn.Linear(512, 128) 相同： True" in text
    assert "3×3 卷积的参数约是它的 9 倍" in LAYERS_PAGE


def test_the_one_by_one_convolutions_of_the_convolution_page():
    """输出列出的 1×1 卷积：颈部的横向连接 128/256/512 → 128，分割头 512 → 21，检测头 128 → 4 和 128 → 80。"""
    found = {}
    for where, module in [("颈部", TinyFPN()), ("分割头", SegmentationHead()), ("检测头", DetectionHead())]:
        for name, layer in one_by_one_convs(module):
            found[f"{where} {name}"] = (layer.in_channels, layer.out_channels)
            c_in, c_out = layer.in_channels, layer.out_channels
            assert sum(p.numel() for p in layer.parameters()) == c_in * c_out + c_out
    assert found == {
        "颈部 lateral.0": (128, 128),
        "颈部 lateral.1": (256, 128),
        "颈部 lateral.2": (512, 128),
        "分割头 classifier": (512, 21),
        "检测头 box": (128, 4),
        "检测头 cls": (128, 80),
    }
    text = (OUTPUTS / "channels_one_by_one.txt").read_text(encoding="utf-8")
    for name, (c_in, c_out) in found.items():
        assert f"{name}：{c_in}→{c_out}，参数 {c_in * c_out + c_out:,}" in text
    assert "把 C3、C4、C5 的 128、256、512 个通道都变成 128 个" in LAYERS_PAGE
    assert "在每个位置给 21 个类别打分" in LAYERS_PAGE and "4 个框坐标和 80 个类别得分" in LAYERS_PAGE


def test_one_by_one_convolution_is_used_on_the_tasks_page_too():
    """页面说：视觉任务一页的分割头和检测头也是 1×1 卷积。"""
    from snippets.cv_tasks import HEADS

    for task in ("检测", "语义分割", "关键点"):
        assert one_by_one_convs(HEADS[task]), task
    assert not one_by_one_convs(HEADS["分类"])


def test_links_between_the_two_pages():
    assert "(cnn-layers.md#1x1-卷积)" in CONV_PAGE
    assert "{ #1x1-卷积 }" in LAYERS_PAGE and "(convolution.md#多个通道)" in LAYERS_PAGE
    assert "### 多个通道" in CONV_PAGE


def test_one_by_one_multiply_adds_per_position():
    """页面说：1×1 卷积每个输出位置做 C_in·C_out 次乘加（没有 K² 这个因子）。"""
    from snippets.cnn_layers import multiply_adds

    conv = nn.Conv2d(512, 128, 1)
    out = conv(torch.zeros(1, 512, 7, 7))
    assert multiply_adds(conv, out) == 7 * 7 * 512 * 128
    conv3 = nn.Conv2d(512, 128, 3, padding=1)
    assert multiply_adds(conv3, conv3(torch.zeros(1, 512, 7, 7))) == 9 * 7 * 7 * 512 * 128
    assert "每个输出位置做 $C_\\text{in}\\cdot C_\\text{out}$ 次乘加" in LAYERS_PAGE
