"""多通道卷积与 1×1 卷积：每个输出通道的卷积核穿过全部输入通道；1×1 卷积是逐像素的全连接层。

页面：docs/dl/convolution.md（多个通道）、docs/dl/cnn-layers.md（1×1 卷积）；测试：tests/test_channels.py。
"""

import torch
import torch.nn.functional as F
from torch import nn

from snippets.convolution import DetectionHead, SegmentationHead, TinyFPN, slide_and_sum
from snippets.generated import output


# --8<-- [start:multi-channel]
def multi_channel_conv(x, weight, bias):
    """多通道卷积，照定义逐项写出来（步幅 1、不填充）。

    x：(C_in, H, W)；weight：(C_out, C_in, K, K)；bias：(C_out,)。
    """
    c_out, c_in = weight.shape[:2]
    maps = []
    for o in range(c_out):  # 第 o 个卷积核 weight[o]：C_in×K×K
        # 第 c 层只和第 c 个输入通道做滑动求和，C_in 张结果相加
        total = sum(slide_and_sum(x[c], weight[o, c]) for c in range(c_in))
        maps.append(total + bias[o])  # 再加这个输出通道的偏置
    return torch.stack(maps)  # 叠起来：(C_out, H−K+1, W−K+1)


# --8<-- [end:multi-channel]


def _rows(t):
    """把一个二维张量按行排成整齐的文本（整数）。"""
    return "\n".join("  " + " ".join(f"{v + 0.0:3.0f}" for v in row) for row in t.tolist())


@output("channels_multi.txt")
def multi_channel_demo():
    # --8<-- [start:multi-channel-demo]
    g = torch.Generator().manual_seed(0)
    x = torch.randint(-2, 3, (2, 4, 4), generator=g).float()  # 2 个通道，4×4
    weight = torch.randint(-1, 2, (3, 2, 3, 3), generator=g).float()
    bias = torch.tensor([1.0, 0.0, -1.0])  # 3 个卷积核，3 个偏置
    out = multi_channel_conv(x, weight, bias)
    shapes = [tuple(t.shape) for t in (x, weight, bias, out)]
    print("输入 {}，卷积核 {}，偏置 {} → 输出 {}".format(*shapes))
    for c in range(2):  # _rows 把矩阵排成整齐的几行文字
        print(f"输入通道 {c}：\n{_rows(x[c])}")
        print(f"第 0 个卷积核的第 {c} 层：\n{_rows(weight[0, c])}")
    a, b = (slide_and_sum(x[c], weight[0, c])[0, 0].item() for c in range(2))
    print(f"out[0, 0, 0] = {a:g}（通道 0）+ {b:g}（通道 1）", end="")
    print(f"+ {bias[0]:g}（偏置）= {out[0, 0, 0]:g}")
    same = torch.equal(out, F.conv2d(x[None], weight, bias)[0])  # x[None]：加批维度
    print("与 F.conv2d 相同：", same)
    conv = nn.Conv2d(2, 3, kernel_size=3)
    n_params = sum(p.numel() for p in conv.parameters())
    shape_w, shape_b = tuple(conv.weight.shape), tuple(conv.bias.shape)
    print(f"nn.Conv2d(2, 3, 3)：weight {shape_w}，bias {shape_b}，参数 {n_params}")
    # --8<-- [end:multi-channel-demo]


# --8<-- [start:one-by-one]
def pointwise_linear(x, linear):
    """把同一个全连接层用在每个像素上：(N, C_in, H, W) → (N, C_out, H, W)。"""
    pixels = x.permute(0, 2, 3, 1)  # (N, H, W, C_in)：每个像素一个 C_in 维向量
    out = linear(pixels)  # nn.Linear 只作用在最后一维：(N, H, W, C_out)
    return out.permute(0, 3, 1, 2)  # 把通道挪回第 1 维


# --8<-- [end:one-by-one]


def one_by_one_convs(module):
    """一个模块里所有的 1×1 卷积：(名字, 层)。"""
    return [(name, m) for name, m in module.named_modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (1, 1)]


@output("channels_one_by_one.txt")
def one_by_one_demo():
    # --8<-- [start:one-by-one-demo]
    torch.manual_seed(0)
    conv = nn.Conv2d(512, 128, kernel_size=1)  # 同颈部里接 C5 的 1×1 卷积
    linear = nn.Linear(512, 128)
    with torch.no_grad():
        linear.weight.copy_(conv.weight[:, :, 0, 0])  # (128, 512, 1, 1) → (128, 512)
        linear.bias.copy_(conv.bias)
        x = torch.randn(1, 512, 7, 7)  # C5 的形状
        y = conv(x)
        same = torch.allclose(y, pointwise_linear(x, linear), atol=1e-5)
    print(f"输入 {tuple(x.shape)} → 1×1 卷积输出 {tuple(y.shape)}")
    print("与每个像素上用同一个 nn.Linear(512, 128) 相同：", same)

    def count(layer):  # 参数个数
        return sum(p.numel() for p in layer.parameters())

    print(f"参数：{count(conv):,} = 512×128 + 128")
    print(f"同样 512→128 的 3×3 卷积：{count(nn.Conv2d(512, 128, 3)):,}")
    print("卷积页的网络里，所有的 1×1 卷积：")
    heads = {"颈部": TinyFPN(), "分割头": SegmentationHead(), "检测头": DetectionHead()}
    for where, module in heads.items():
        for name, layer in one_by_one_convs(module):  # 模块里所有 1×1 的卷积层
            c_in, c_out = layer.in_channels, layer.out_channels
            print(f"  {where} {name}：{c_in}→{c_out}，参数 {count(layer):,}")
    # --8<-- [end:one-by-one-demo]
