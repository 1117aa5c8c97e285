"""感受野：叠几层小卷积核看到多大的输入；步幅和空洞怎样让它变大；用梯度量出来，与公式对照。

页面：docs/dl/cnn-layers.md；测试：tests/test_receptive_field.py。
要算的网络：卷积页的骨干网络 TinyBackbone（snippets/convolution.py）、
本页的 LeNet（snippets/cnn_layers.py）。
"""

import copy

import torch
from torch import nn

from snippets.cnn_layers import LeNet
from snippets.convolution import TinyBackbone
from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:rf]
def receptive_field(layers):
    """layers：从输入到输出，每层的 (K, S, D)：窗口边长、步幅、空洞率。

    返回每一层之后的 (感受野边长 r, 跳距 j)。
    跳距：这一层相邻的两个位置，在输入上相隔几个像素。
    """
    r, j = 1, 1  # 输入本身：每个像素只看到自己，相邻像素相隔 1
    sizes = []
    for k, s, d in layers:
        # 窗口跨过上一层 (K−1)·D 个间隔，每个间隔在输入上是 j 个像素
        r = r + (k - 1) * d * j
        j = j * s  # 这一层的相邻位置，在上一层相隔 S 格
        sizes.append((r, j))
    return sizes


def layer_specs(model):
    """按顺序列出模型里卷积层和池化层的 (K, S, D)。

    ReLU 这类逐个元素计算的层不改变感受野，跳过。按 model.modules() 的顺序，
    只适用于一层接一层的网络（例如本站的 TinyBackbone 和 LeNet）。
    """

    def first(v):  # Conv2d 把边长存成 (3, 3)，池化层存成 3
        return v[0] if isinstance(v, tuple) else v

    specs = []
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
            names = ("kernel_size", "stride", "dilation")  # 平均池化没有空洞率：取 1
            specs.append(tuple(first(getattr(m, name, 1)) for name in names))
    return specs


# --8<-- [end:rf]


def backbone_stages():
    """卷积页的骨干网络拆成一段一段：第 n 段的输出就是 C2、C3、C4、C5。"""
    torch.manual_seed(0)
    backbone = TinyBackbone()
    return [backbone.stem, *backbone.stages]


def conv_params(c, k, n_layers=1):
    """n_layers 个 C→C 通道、K×K 的卷积层（不算偏置）一共有多少个参数，用 PyTorch 实际数。"""
    layers = [nn.Conv2d(c, c, k, bias=False) for _ in range(n_layers)]
    return sum(p.numel() for layer in layers for p in layer.parameters())


STACKS = {  # 三层卷积的几种搭法：(K, S, D)
    "步幅都是 1": [(3, 1, 1)] * 3,
    "第 1 层步幅 2": [(3, 2, 1), (3, 1, 1), (3, 1, 1)],
    "空洞率 1、2、4": [(3, 1, 1), (3, 1, 2), (3, 1, 4)],
    "空洞率都是 2": [(3, 1, 2)] * 3,
}


@output("receptive_field_vgg.txt")
def vgg_demo():
    # --8<-- [start:vgg-demo]
    c = 64  # 输入、输出都是 64 个通道；不算偏置
    for n, k in [(2, 5), (3, 7)]:
        # conv_params：n 层 C→C、K×K 卷积的参数个数，用 PyTorch 实际数
        small, big = conv_params(c, 3, n_layers=n), conv_params(c, k)
        print(f"{n} 层 3×3：{small:,} 个参数", end="；")
        print(f"1 层 {k}×{k}：{big:,} 个，多 {big / small - 1:.0%}")
    # --8<-- [end:vgg-demo]


@output("receptive_field_stacks.txt")
def stacks_demo():
    # --8<-- [start:stacks-demo]
    for name, layers in STACKS.items():
        sizes = [r for r, _ in receptive_field(layers)]
        line = f"三层 3×3 卷积，{name}：感受野 " + " → ".join(map(str, sizes))
        # dependency_cells（图 3 也用它）：一维里，最上层正中那个位置
        # 依赖输入的哪些位置
        used = dependency_cells(layers, 40)[1][0]
        if len(used) < sizes[-1]:
            line += f"，但其中只有 {len(used)} 个位置被用到"
        print(line)
    # --8<-- [end:stacks-demo]


@output("receptive_field_backbone.txt")
def backbone_demo():
    # --8<-- [start:backbone-demo]
    layers = []
    x = torch.zeros(1, 3, 224, 224)
    print("卷积页的骨干网络，输入 224×224：")
    for name, block in zip(["C2", "C3", "C4", "C5"], backbone_stages()):
        layers += layer_specs(block)  # 到这张特征图为止的卷积层和池化层
        r, j = receptive_field(layers)[-1]
        x = block(x)
        size = f"{x.shape[-2]}×{x.shape[-1]}"
        print(f"  {name}：特征图 {size:>5}，跳距 {j:2d}，感受野 {r}×{r}")
    features = LeNet().features
    r, j = receptive_field(layer_specs(features))[-1]
    h = features(torch.zeros(1, 1, 28, 28)).shape[-1]
    print("LeNet 的特征提取器，输入 28×28：", end="")
    print(f"特征图 {h}×{h}，跳距 {j}，感受野 {r}×{r}")
    # --8<-- [end:backbone-demo]


# --8<-- [start:measure]
def positive_copy(model):
    """同样结构的一份拷贝，换成“每条路径都是正数”的权重。

    最大池化换成窗口、步幅、填充都相同的平均池化；
    卷积层的权重都取 1/(C_in·K·K)（对窗口求平均），偏置为 0。
    """
    twin = copy.deepcopy(model)

    def swap_pools(module):
        for name, child in module.named_children():
            if isinstance(child, nn.MaxPool2d):
                k, s, p = child.kernel_size, child.stride, child.padding
                setattr(module, name, nn.AvgPool2d(k, s, p))
            else:
                swap_pools(child)

    swap_pools(twin)
    with torch.no_grad():
        for m in twin.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.fill_(1 / m.weight[0].numel())  # weight[0] 有 C_in·K·K 个数
                m.bias.zero_()
    return twin


def gradient_field(net, x):
    """从输出中心的那个位置（第 0 个通道）反向传播到输入 x。

    返回梯度不为 0 的 (行的范围, 列的范围)、像素个数，
    以及每个像素的梯度（各通道绝对值之和）。
    """
    x = x.clone().requires_grad_(True)
    out = net(x)
    h, w = out.shape[-2:]
    out[0, 0, h // 2, w // 2].backward()
    grad = x.grad[0].abs().sum(dim=0)  # (H, W)
    rows = grad.sum(dim=1).nonzero()  # 有梯度的行
    cols = grad.sum(dim=0).nonzero()
    span = tuple((int(t.min()), int(t.max())) for t in (rows, cols))
    return span, int((grad > 0).sum()), grad


# --8<-- [end:measure]


def _span_text(span, count):
    (r0, r1), (c0, c1) = span
    return f"第 {r0}～{r1} 行、第 {c0}～{c1} 列（{r1 - r0 + 1}×{c1 - c0 + 1}），{count:,} 个像素"


def half_mass_square(grad, span):
    """以感受野中心为中心、装得下一半梯度总和的最小正方形的边长。"""
    (r0, r1), (c0, c1) = span
    cy, cx, total = (r0 + r1) // 2, (c0 + c1) // 2, grad.sum()
    for half in range(max(r1 - r0, c1 - c0)):
        if grad[cy - half : cy + half + 1, cx - half : cx + half + 1].sum() >= total / 2:
            return 2 * half + 1
    raise ValueError("没有找到")


@output("receptive_field_gradient.txt")
def gradient_demo():
    # --8<-- [start:gradient-demo]
    net = nn.Sequential(*backbone_stages())  # 骨干网络，输出 C5
    r = receptive_field(layer_specs(net))[-1][0]
    ones = torch.ones(1, 3, 224, 224)
    span, count, grad = gradient_field(positive_copy(net), ones)
    # _span_text 把范围印成“第几行到第几行、第几列到第几列”
    print(f"C5，公式：{r}×{r}")
    print(f"  正权重的拷贝：{_span_text(span, count)}")
    side = half_mass_square(grad, span)  # 装得下一半梯度的中心方块
    print(f"  一半的梯度集中在中间 {side}×{side} 的方块里", end="，")
    print(f"占感受野面积的 {side**2 / r**2:.0%}")
    x = torch.randn(1, 3, 224, 224)  # 原网络：随机权重、随机输入
    span, count, _ = gradient_field(net, x)
    print(f"  原来的网络（随机输入）：{_span_text(span, count)}")
    features = LeNet().features
    r = receptive_field(layer_specs(features))[-1][0]
    ones = torch.ones(1, 1, 28, 28)
    span, count, _ = gradient_field(positive_copy(features), ones)
    print(f"LeNet，公式：{r}×{r}")
    print(f"  正权重的拷贝：{_span_text(span, count)}")
    # --8<-- [end:gradient-demo]


def dependency_cells(layers, n_input):
    """一维、不填充：每层有几个位置、每个位置的中心在输入上的坐标，以及最上层正中那个位置依赖的各层位置。

    返回 (centers, used, edges)：centers[l] 是第 l 层各位置中心的坐标（第 0 层是输入），
    used[l] 是第 l 层里被依赖的位置，edges 是 (l, 上层位置, 下层位置) 的连线。
    """
    centers = [[float(i) for i in range(n_input)]]
    for k, s, d in layers:
        below = centers[-1]
        n = (len(below) - (k - 1) * d - 1) // s + 1  # 卷积页上的输出尺寸公式（空洞时把 K 换成 D(K−1)+1）
        centers.append([(below[i * s] + below[i * s + (k - 1) * d]) / 2 for i in range(n)])
    used = [set() for _ in centers]
    used[-1] = {len(centers[-1]) // 2}
    edges = []
    for level in range(len(layers), 0, -1):
        k, s, d = layers[level - 1]
        for i in sorted(used[level]):
            for t in range(k):
                used[level - 1].add(i * s + t * d)
                edges.append((level, i, i * s + t * d))
    return centers, used, edges


GROWTH_INPUT = 19  # 示意图输入的长度


@figure("receptive_field_growth.svg")
def draw_growth():
    """一维示意：三层卷积的三种搭法，最上层正中的位置依赖下面哪些位置，感受野 r 和跳距 j 逐层怎样变。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(STACKS), 1, figsize=(8.4, 9.4))
    gap, size = 1.55, 0.78  # 层与层的竖直间距、方格边长
    for ax, (name, layers) in zip(axes, STACKS.items()):
        centers, used, edges = dependency_cells(layers, GROWTH_INPUT)
        for level, i, below in edges:  # 连线：上一层的位置用到下一层的哪些位置
            x0, x1 = centers[level - 1][below], centers[level][i]
            y0, y1 = (level - 1) * gap + size / 2, level * gap - size / 2
            ax.plot([x0, x1], [y0, y1], color=COLORS["gray"], lw=0.9, zorder=1)
        for level, row in enumerate(centers):
            face = COLORS["orange"] if level == 0 else COLORS["sky"]
            for i, x in enumerate(row):
                fill = face if i in used[level] else "white"
                ax.add_patch(
                    mpatches.Rectangle(
                        (x - size / 2, level * gap - size / 2), size, size, facecolor=fill, edgecolor="#444444", lw=0.8
                    )
                )
            label = "输入" if level == 0 else f"第 {level} 层"
            ax.text(-0.8, level * gap, label, ha="right", va="center", fontsize=12)
        for level, ((r, j), (_, s, d)) in enumerate(zip(receptive_field(layers), layers), start=1):
            text = f"S={s}，D={d}：r = {r}，j = {j}"  # 这一层的步幅、空洞率，之后的感受野、跳距
            ax.text(GROWTH_INPUT + 0.1, level * gap, text, va="center", fontsize=12)
        r, n_used = receptive_field(layers)[-1][0], len(used[0])
        holes = f"，其中只用到 {n_used} 个位置" if n_used < r else ""
        ax.set_title(f"三层 3×3 卷积，{name}：感受野 {r}{holes}", fontsize=13, loc="left")
        ax.set(xlim=(-4.2, GROWTH_INPUT + 8.4), ylim=(-0.6, len(layers) * gap + 0.6), aspect="equal")
        ax.axis("off")
    fig.tight_layout(h_pad=0.8)
    return fig


@figure("receptive_field_gradient.png")
def draw_gradient():
    """C5 中心位置对输入的梯度：左边是正权重的拷贝（对数色标），右边是原来的网络里梯度不为 0 的像素。
    虚线框是公式算出的感受野。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    net = nn.Sequential(*backbone_stages())
    span, _, grad = gradient_field(positive_copy(net), torch.ones(1, 3, 224, 224))
    _, _, grad_orig = gradient_field(net, torch.randn(1, 3, 224, 224))  # 与 gradient_demo 同一个随机输入
    r = receptive_field(layer_specs(net))[-1][0]
    (r0, r1), (c0, c1) = span
    lo, hi = 40, 184  # 只画输入中间这一块，看得清
    nan = torch.tensor(float("nan"))
    panels = [
        (torch.where(grad > 0, grad.log10(), nan), "viridis", "正权重的拷贝：梯度的大小（对数）"),
        (torch.where(grad_orig > 0, 1.0, nan), "Blues_r", "原来的网络：梯度不为 0 的像素"),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.5))
    for ax, (shown, cmap, title) in zip(axes, panels):
        extent = (lo - 0.5, hi - 0.5, hi - 0.5, lo - 0.5)
        ax.imshow(shown[lo:hi, lo:hi].numpy(), cmap=cmap, extent=extent, interpolation="nearest")
        ax.add_patch(mpatches.Rectangle((c0 - 0.5, r0 - 0.5), r, r, fill=False, ec=COLORS["red"], lw=1.4, ls="--"))
        ax.set_title(title, fontsize=10.5)
        ax.set_xticks([c0, (c0 + c1) // 2, c1])
        ax.set_yticks([r0, (r0 + r1) // 2, r1])
        ax.tick_params(labelsize=9)
    fig.tight_layout()
    return fig
