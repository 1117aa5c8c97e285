"""卷积神经网络的各层：为什么用卷积、填充与步幅、池化、激活函数、softmax、一个 LeNet 式的小网络。

页面：docs/dl/cnn-layers.md；测试：tests/test_cnn_layers.py。
卷积本身（滑动窗口、输出尺寸与参数量公式）在 docs/dl/convolution.md，这里直接引用 snippets/convolution.py；
激活函数的定义和曲线在 docs/dl/mlp.md，这里直接引用 snippets/mlp.py。
"""

import unicodedata

import torch
import torch.nn.functional as F
from torch import nn

from snippets.convolution import SOBEL_X, conv_output_size, conv_params, linear_params
from snippets.generated import figure, output
from snippets.mlp import ACTIVATIONS, derivative
from snippets.plotting import COLORS


# --8<-- [start:local]
class LocallyConnected2d(nn.Module):
    """局部连接、但不共享权重的层：每个输出位置有自己的一组卷积核。

    与 nn.Conv2d 只差“权重共享”：所有位置的核都一样时，它就是卷积层。
    """

    def __init__(self, c_in, c_out, k, h_out, w_out, padding=0):
        super().__init__()
        self.k, self.padding, self.out_hw = k, padding, (h_out, w_out)
        n_pos = h_out * w_out  # 输出位置的个数
        self.weight = nn.Parameter(0.1 * torch.randn(n_pos, c_out, c_in * k * k))
        self.bias = nn.Parameter(torch.zeros(c_out, n_pos))

    def forward(self, x):
        # unfold 把每个 K×K 窗口拉成一列：(N, C_in·K·K, 位置数)
        patches = F.unfold(x, self.k, padding=self.padding)
        # 位置 l 的输出只用位置 l 自己的权重 weight[l]
        out = torch.einsum("nil,loi->nol", patches, self.weight) + self.bias
        return out.reshape(x.shape[0], -1, *self.out_hw)


# --8<-- [end:local]


@output("cnn_layers_params.txt")
def params_demo():
    # --8<-- [start:params-demo]
    # 输入一张 1×28×28 的灰度图（MNIST 手写数字的大小），输出 6×28×28 的特征图
    c_in, c_out, k, p, n = 1, 6, 5, 2, 28  # 5×5 卷积核，填充 2，图像边长 28
    conv = nn.Conv2d(c_in, c_out, k, padding=p)
    local = LocallyConnected2d(c_in, c_out, k, n, n, padding=p)
    full = nn.Linear(c_in * n * n, c_out * n * n, device="meta")  # meta：只记形状
    x = torch.zeros(1, c_in, n, n)
    assert conv(x).shape == local(x).shape == (1, c_out, n, n)

    names = ["卷积层（局部连接 + 权重共享）", "只局部连接、不共享权重", "全连接层"]
    counts = [sum(q.numel() for q in layer.parameters()) for layer in (conv, local, full)]
    for name, count in zip(names, counts):
        print(f"{name}：{count:,} 个参数")
    print(f"卷积页上的公式：卷积 {conv_params(c_in, c_out, k):,}", end="，")
    print(f"全连接 {linear_params(c_in * n * n, c_out * n * n):,}")
    print(f"全连接 ÷ 局部连接 ≈ {counts[2] / counts[1]:.1f}", end="，")
    print(f"局部连接 ÷ 卷积 = {counts[1] / counts[0]:.0f}")
    # --8<-- [end:params-demo]


# --8<-- [start:shift]
def shift(x, dy, dx):
    """把图像（或特征图）向下平移 dy 个像素、向右平移 dx 个像素（dy、dx 不小于 0）。

    移出下边、右边的像素丢掉，上边、左边空出来的地方补 0，和把照片里的物体挪一挪一样。
    """
    h, w = x.shape[-2:]
    out = torch.zeros_like(x)
    out[..., dy:, dx:] = x[..., : h - dy, : w - dx]
    return out


def make_letter_t(size=28):
    """一张 size×size 的图，中间偏左上画一个“T”，背景为 0。"""
    image = torch.zeros(1, 1, size, size)
    image[..., 6:9, 5:16] = 1.0  # T 的横
    image[..., 9:17, 9:12] = 1.0  # T 的竖
    return image


def order_gap(layer, image, dy, dx):
    """“先平移再过这一层”与“先过这一层再平移”最多相差多少。

    只比较两者都有定义的区域：先过层再平移时，上边 dy 行、左边 dx 列是补的 0，不算。
    """
    shift_then_layer = layer(shift(image, dy, dx))
    layer_then_shift = shift(layer(image), dy, dx)
    return (shift_then_layer - layer_then_shift)[..., dy:, dx:].abs().max().item()


def relative_change(net, image, d):
    """图像向右下平移 d 格后，网络输出最多变了多少（相对于输出的最大绝对值）。"""
    before = net(image).flatten()
    after = net(shift(image, d, d)).flatten()
    return ((after - before).abs().max() / before.abs().max()).item()


# --8<-- [end:shift]

SHIFT = (5, 7)  # 演示和图里的平移量：向下 5 个像素、向右 7 个像素


@output("cnn_layers_equivariance.txt")
def equivariance_demo():
    # --8<-- [start:equivariance-demo]
    torch.manual_seed(0)
    image, (dy, dx) = make_letter_t(), SHIFT
    conv = nn.Conv2d(1, 6, kernel_size=5, padding=2)  # 随机权重：对任何权重都成立
    fc = nn.Linear(28 * 28, 28 * 28)  # 全连接层，输出也排成 28×28

    def fc_layer(x):
        return fc(x.flatten(1)).reshape(x.shape)

    with torch.no_grad():
        for name, layer in [("卷积层", conv), ("全连接层", fc_layer)]:
            print(f"{name}：两种顺序的结果最多相差 {order_gap(layer, image, dy, dx):.4f}")
        out = conv(image)[0, 0]
        moved = conv(shift(image, dy, dx))[0, 0]
        # 两种不成立的情况：T 被挪出了下边界；卷积的步幅是 2
        print(f"卷积层，T 向下挪 16 格、下面一截出了边界：最多相差 {order_gap(conv, image, 16, 0):.4f}")
        conv_s2 = nn.Conv2d(1, 6, kernel_size=5, padding=2, stride=2)
        moved_s2 = conv_s2(shift(image, 0, 1))  # 输入右移 1 格
        # 输出只有输入的一半大，右移 1 格对应输出右移“半格”：试试最接近的 0 格和 1 格
        gaps = [(moved_s2 - shift(conv_s2(image), 0, k))[..., 1:].abs().max().item() for k in (0, 1)]
        print(f"步幅 2 的卷积层，输入右移 1 格：与输出右移 0 格或 1 格都对不上，至少相差 {min(gaps):.4f}")
    peak, moved_peak = (divmod(t.argmax().item(), 28) for t in (out, moved))
    print(f"卷积输出（第 0 个通道）的最大值：原图在 {peak}，平移后在 {moved_peak}")
    # --8<-- [end:equivariance-demo]


@figure("cnn_layers_equivariance.png")
def draw_equivariance():
    """上排：原图和它的 Sobel x 响应；下排：平移后的图和它的响应，响应跟着平移了同样的距离。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    image, (dy, dx) = make_letter_t(), SHIFT
    kernel = SOBEL_X[None, None]
    rows = [("原图", image), (f"平移 ({dy}, {dx}) 后", shift(image, dy, dx))]
    fig, axes = plt.subplots(2, 2, figsize=(6.4, 6.2))
    ys, xs = torch.nonzero(image[0, 0], as_tuple=True)
    box = (xs.min().item() - 1.5, ys.min().item() - 1.5, xs.max().item() - xs.min().item() + 3)
    box_h = ys.max().item() - ys.min().item() + 3
    for r, (name, x) in enumerate(rows):
        response = F.conv2d(x, kernel, padding=1)[0, 0]
        axes[r, 0].imshow(x[0, 0], cmap="gray_r", vmin=0, vmax=1)
        axes[r, 1].imshow(response, cmap="RdBu_r", vmin=-4, vmax=4)
        axes[r, 0].set_title(f"{name}：输入", fontsize=11)
        axes[r, 1].set_title(f"{name}：卷积输出（Sobel x）", fontsize=11)
        for ax in axes[r]:
            # 虚线框：原图里 T 的位置；实线框：这一行里 T（和它的响应）的位置
            x0, y0, w = box
            ax.add_patch(
                mpatches.Rectangle((x0, y0), w, box_h, fill=False, ls="--", lw=1.2, ec=COLORS["gray"]),
            )
            if r == 1:
                ax.add_patch(mpatches.Rectangle((x0 + dx, y0 + dy), w, box_h, fill=False, lw=1.6, ec=COLORS["orange"]))
                ax.annotate(
                    "",
                    xy=(x0 + dx, y0 + dy),
                    xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": COLORS["orange"], "lw": 1.6},
                )
            ax.set_xticks([0, 9, 18, 27])
            ax.set_yticks([0, 9, 18, 27])
            ax.tick_params(labelsize=9)
    fig.tight_layout()
    return fig


# --8<-- [start:pool]
pool_layers = {
    "2×2 最大池化": nn.MaxPool2d(kernel_size=2),  # 步幅默认等于窗口大小：不重叠
    "2×2 平均池化": nn.AvgPool2d(kernel_size=2),
    # 窗口比步幅大，相邻窗口互相重叠（AlexNet 用过）
    "3×3 最大池化，步幅 2": nn.MaxPool2d(kernel_size=3, stride=2),
    "全局平均池化": nn.AdaptiveAvgPool2d(1),  # 每个通道整张图取平均，只剩 1×1
}
# --8<-- [end:pool]

# 形状表里的卷积层：(说明, K, P, S, 空洞 D)
CONV_CASES = [
    ("5×5，不填充", 5, 0, 1, 1),
    ("5×5，填充 2", 5, 2, 1, 1),
    ("3×3，填充 1，步幅 2", 3, 1, 2, 1),
    ("3×3，填充 2，空洞 2", 3, 2, 1, 2),
]


def _shape(t):
    return "×".join(str(n) for n in t.shape[1:])


@output("cnn_layers_conv_shapes.txt")
def conv_shapes_demo():
    # --8<-- [start:conv-shapes-demo]
    x = torch.zeros(1, 1, 28, 28)  # 输入 1×28×28，每个卷积层都有 6 个输出通道
    for name, k, p, s, d in CONV_CASES:
        conv = nn.Conv2d(1, 6, k, padding=p, stride=s, dilation=d)
        k_eff = d * (k - 1) + 1  # 空洞卷积：核覆盖的范围变大，参数个数不变
        formula = conv_output_size(28, k_eff, p, s)  # 卷积页上的公式
        n_params = sum(q.numel() for q in conv.parameters())
        # _shape 把输出形状去掉批大小那一维，写成 C×H×W
        print(f"{name}：输出 {_shape(conv(x))}，公式算出 {formula}，参数 {n_params}")
    # --8<-- [end:conv-shapes-demo]


@output("cnn_layers_pool_shapes.txt")
def pool_shapes_demo():
    # --8<-- [start:pool-shapes-demo]
    x = torch.zeros(1, 6, 28, 28)  # 输入 6×28×28：上面第二个卷积层的输出
    for name, pool in pool_layers.items():
        n_params = sum(q.numel() for q in pool.parameters())
        print(f"{name}：输出 {_shape(pool(x))}，参数 {n_params}")  # _shape：C×H×W
    # --8<-- [end:pool-shapes-demo]


# 池化示意图里的 4×4 特征图
POOL_EXAMPLE = torch.tensor(
    [
        [1.0, 3, 2, 0],
        [5, 2, 1, 1],
        [0, 1, 4, 6],
        [2, 2, 3, 1],
    ]
)


def _grid(ax, values, x0, y0, colors=None, fmt="{:g}", fontsize=12):
    """在 (x0, y0)（左上角）处画一个数字方格。"""
    import matplotlib.patches as mpatches

    for i, row in enumerate(values):
        for j, v in enumerate(row):
            face = colors[i][j] if colors else "white"
            ax.add_patch(mpatches.Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=face, edgecolor="#333333", lw=1))
            ax.text(x0 + j + 0.5, y0 - i - 0.5, fmt.format(v), ha="center", va="center", fontsize=fontsize)


@figure("cnn_layers_pooling.svg")
def draw_pooling():
    """4×4 特征图分成 4 个 2×2 窗口（四种底色），最大池化取每块的最大值，平均池化取平均值。"""
    import matplotlib.pyplot as plt

    x = POOL_EXAMPLE[None, None]
    maxed = F.max_pool2d(x, 2)[0, 0]
    averaged = F.avg_pool2d(x, 2)[0, 0]
    block_colors = [[COLORS["sky"], COLORS["orange"]], [COLORS["green"], COLORS["purple"]]]
    light = [[c + "55" for c in row] for row in block_colors]  # 加透明度的浅色
    colors_in = [[light[i // 2][j // 2] for j in range(4)] for i in range(4)]
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    _grid(ax, POOL_EXAMPLE.tolist(), 0, 4, colors_in)
    _grid(ax, maxed.tolist(), 6.6, 4.6, light)
    _grid(ax, averaged.tolist(), 6.6, 1.4, light, fmt="{:.2f}", fontsize=11)
    ax.text(2, 4.3, "输入 4×4", ha="center", fontsize=11)
    for y_from, y_to in ((2.6, 3.6), (1.4, 0.4)):
        ax.annotate(
            "", xy=(6.4, y_to), xytext=(4.3, y_from), arrowprops={"arrowstyle": "-|>", "lw": 1.3, "color": "#555"}
        )
    ax.text(8.9, 3.85, "2×2 最大池化", va="center", fontsize=11)
    ax.text(8.9, 3.25, "每块取最大值", va="center", fontsize=10.5, color="#444444")
    ax.text(8.9, 0.65, "2×2 平均池化", va="center", fontsize=11)
    ax.text(8.9, 0.05, "每块取平均值", va="center", fontsize=10.5, color="#444444")
    ax.set(xlim=(-0.2, 11.6), ylim=(-0.8, 4.8), aspect="equal")
    ax.axis("off")
    return fig


@output("cnn_layers_pool_shift.txt")
def pool_shift_demo():
    # --8<-- [start:pool-shift-demo]
    # 一张 1×8×8 的特征图，只有一个位置是 1（比如某个卷积核在这里找到了它要的图案）
    print("峰值所在列 → 2×2 最大池化后峰值所在列，全局平均池化的值")
    for col in range(2, 7):
        fmap = torch.zeros(1, 1, 8, 8)
        fmap[0, 0, 3, col] = 1.0
        pooled = F.max_pool2d(fmap, 2)[0, 0]
        pooled_col = pooled.max(dim=0).values.argmax().item()
        gap = F.adaptive_avg_pool2d(fmap, 1).item()
        print(f"  第 {col} 列 → 第 {pooled_col} 列，{gap:.6f}")
    # --8<-- [end:pool-shift-demo]


GLOBAL_POOL_SHIFTS = (1, 2, 3, 4)


@output("cnn_layers_global_pool.txt")
def global_pool_demo():
    # --8<-- [start:global-pool-demo]
    torch.manual_seed(0)
    image = shift(make_letter_t(64), 16, 16)  # 64×64 的图，T 挪到中间，离边界远
    gap = nn.AdaptiveAvgPool2d(1)  # 全局平均池化
    stride_one = nn.Sequential(nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), gap)
    strided = nn.Sequential(LeNet().features, gap)  # 下面 LeNet 的特征提取器：两次步幅 2 的池化
    with torch.no_grad():
        for name, net in [("只有步幅 1 的卷积", stride_one), ("LeNet 的特征提取器", strided)]:
            changes = [relative_change(net, image, d) for d in GLOBAL_POOL_SHIFTS]
            print(f"{name} + 全局平均池化，平移 1、2、3、4 格：", end="")
            print("、".join(f"{c:.2%}" for c in changes))
    # --8<-- [end:global-pool-demo]


SATURATION_X = [-6.0, -2.0, 0.5, 2.0, 6.0]


@output("cnn_layers_saturation.txt")
def saturation_demo():
    # --8<-- [start:saturation-demo]
    x = torch.tensor(SATURATION_X)
    # 多层感知机一页的 Leaky ReLU 在负半轴的斜率 α（不是 PyTorch 默认的 0.01）
    alpha = derivative(ACTIVATIONS["Leaky ReLU"], torch.tensor([-1.0])).item()
    print("导数              " + "".join(f"{f'x = {v:g}':>10}" for v in SATURATION_X))
    for name, f in ACTIVATIONS.items():  # 多层感知机一页定义的六个激活函数
        dy = derivative(f, x).tolist()
        label = f"{name} (α={alpha:g})" if name == "Leaky ReLU" else name
        # 格式里的 z：舍入后是 0 的负数印成 0.0000，而不是 -0.0000
        print(f"{label:<18}" + "".join(f"{v:>z10.4f}" for v in dy))
    # --8<-- [end:saturation-demo]


# --8<-- [start:dying]
def train_one_unit(activation, steps=300, lr=0.1):
    """一个一开始就“死掉”的神经元：z = w·x + b，对所有样本都有 z < 0。

    用梯度下降让 activation(z) 拟合 y = x₁ + 2x₂ + 0.5，
    返回第一步的梯度大小、训练后 z > 0 的样本比例、最终的损失。
    """
    g = torch.Generator().manual_seed(0)
    x = torch.rand(64, 2, generator=g)  # 输入都在 [0, 1] 之间
    y = x @ torch.tensor([1.0, 2.0]) + 0.5
    unit = nn.Linear(2, 1)
    with torch.no_grad():
        unit.weight.copy_(torch.tensor([[0.5, -0.3]]))
        unit.bias.fill_(-2.0)  # 偏置太负：w·x + b 最大也只有 0.5 - 2 < 0
    optimizer = torch.optim.SGD(unit.parameters(), lr=lr)
    for step in range(steps):
        loss = F.mse_loss(activation(unit(x).squeeze(1)), y)
        optimizer.zero_grad()
        loss.backward()
        if step == 0:
            first_grad = unit.weight.grad.norm().item()
        optimizer.step()
    with torch.no_grad():
        z = unit(x).squeeze(1)
        final_loss = F.mse_loss(activation(z), y).item()
    return first_grad, (z > 0).float().mean().item(), final_loss


# --8<-- [end:dying]

DYING_CASES = {"ReLU": nn.ReLU(), "Leaky ReLU（α = 0.01）": nn.LeakyReLU(0.01), "ELU": nn.ELU()}


@output("cnn_layers_dying.txt")
def dying_demo():
    # --8<-- [start:dying-demo]
    for name, activation in DYING_CASES.items():
        grad, alive, loss = train_one_unit(activation)
        print(f"{name}：第一步梯度 {grad:.4f}，300 步后", end=" ")
        print(f"z > 0 的样本占 {alive:.0%}，损失 {loss:.4f}")
    # --8<-- [end:dying-demo]


# --8<-- [start:softmax]
def naive_softmax(z):
    """照着公式算：e^z 除以 e^z 的和。"""
    e = torch.exp(z)
    return e / e.sum(dim=-1, keepdim=True)


def stable_softmax(z):
    """先减去最大值再算：结果完全相同，但最大的指数是 e^0 = 1，不会溢出。"""
    e = torch.exp(z - z.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)


# --8<-- [end:softmax]


def _vec(t):
    return "[" + ", ".join(f"{v:.3f}" for v in t.tolist()) + "]"


@output("cnn_layers_softmax.txt")
def softmax_demo():
    # --8<-- [start:softmax-demo]
    # _vec 把一个向量印成保留三位小数的 [a, b, c]
    z = torch.tensor([2.0, 1.0, 0.1])  # 三个类别的得分（logits）
    p = stable_softmax(z)
    print(f"得分 {_vec(z)} → 概率 {_vec(p)}，和为 {p.sum():.6f}")
    print(f"每个得分都加 100 → 概率 {_vec(stable_softmax(z + 100))}")
    big = torch.tensor([1000.0, 1001.0, 1002.0])
    for z in [big, -big]:
        print(f"得分 {_vec(z)}：")
        print(f"  直接套公式 {_vec(naive_softmax(z))}")
        print(f"  先减最大值 {_vec(stable_softmax(z))}")
        print(f"  F.softmax  {_vec(F.softmax(z, dim=-1))}")
    # --8<-- [end:softmax-demo]


# --8<-- [start:lenet]
class LeNet(nn.Module):
    """LeNet 式的小网络：特征提取器是两段“卷积 + ReLU + 池化”，分类器是三层全连接。

    输入 1×28×28 的灰度图，输出 10 个类别的得分（logits）；
    要概率就再做一次 softmax。
    """

    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2),  # 6×28×28
            nn.ReLU(),
            nn.MaxPool2d(2),  # 6×14×14
            nn.Conv2d(6, 16, kernel_size=5),  # 16×10×10
            nn.ReLU(),
            nn.MaxPool2d(2),  # 16×5×5
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),  # 16×5×5 → 400 维的特征向量
            nn.Linear(400, 120),
            nn.ReLU(),
            nn.Linear(120, 84),
            nn.ReLU(),
            nn.Linear(84, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


# --8<-- [end:lenet]


# --8<-- [start:summary]
def multiply_adds(module, out):
    """卷积层和全连接层的乘加次数：每个输出数要做多少次乘法（再加起来）。"""
    per_output = 0
    if isinstance(module, nn.Conv2d):
        c_in, (kh, kw) = module.in_channels // module.groups, module.kernel_size
        per_output = c_in * kh * kw
    elif isinstance(module, nn.Linear):
        per_output = module.in_features
    return out[0].numel() * per_output  # out[0]：批里的一个样本


def summarize(model, input_shape):
    """用前向钩子（forward hook）记录每一层的输出形状、参数量和乘加次数。"""
    rows, handles = [], []
    for name, module in model.named_modules():
        if list(module.children()):  # 只看最底层的层，跳过 Sequential 这样的容器
            continue

        def hook(module, inputs, out, name=name):
            kind = type(module).__name__  # 层的类型，例如 Conv2d
            n_params = sum(p.numel() for p in module.parameters())
            macs = multiply_adds(module, out)
            rows.append((name, kind, tuple(out.shape[1:]), n_params, macs))

        handles.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))  # 跑一遍前向传播，钩子记下每一层
    for h in handles:
        h.remove()
    return rows


# --8<-- [end:summary]


def _width(s):
    """字符串在等宽字体里占几格：汉字占两格。"""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def print_table(rows):
    """把 summarize() 的结果排成一张表（汉字占两格，所以自己算对齐）。"""
    widths = [15, 11, 10, 10, 12]
    header = ["层", "类型", "输出形状", "参数量", "乘加次数"]
    print(
        "".join(
            h + " " * (w - _width(h)) if i < 2 else " " * (w - _width(h)) + h
            for i, (h, w) in enumerate(zip(header, widths))
        )
    )
    for name, kind, shape, n_params, macs in rows:
        cells = [name, kind, "×".join(map(str, shape)), f"{n_params:,}", f"{macs:,}" if macs else ""]
        print("".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip())


@output("cnn_layers_summary.txt")
def summary_demo():
    # --8<-- [start:summary-demo]
    torch.manual_seed(0)
    model = LeNet()
    rows = summarize(model, (1, 28, 28))
    print_table(rows)  # 只负责排版：每行印出层名、类型、输出形状、参数量、乘加次数，汉字占两格
    total = sum(r[3] for r in rows)
    assert total == sum(p.numel() for p in model.parameters())  # 与 PyTorch 数的一致
    total_macs = sum(r[4] for r in rows)
    feat = [r for r in rows if r[0].startswith("features")]  # 特征提取器的各层
    feat_params, feat_macs = sum(r[3] for r in feat), sum(r[4] for r in feat)
    print(f"合计：参数 {total:,} 个，乘加 {total_macs:,} 次")
    print(f"  特征提取器：参数 {feat_params:,}（{feat_params / total:.1%}）", end="，")
    print(f"乘加 {feat_macs / total_macs:.1%}")
    print(f"  分类器：    参数 {total - feat_params:,}（{1 - feat_params / total:.1%}）")
    # --8<-- [end:summary-demo]


@output("cnn_layers_predict.txt")
def predict_demo():
    # --8<-- [start:predict-demo]
    torch.manual_seed(0)
    model = LeNet()  # 还没训练：权重是随机的
    image = make_letter_t()  # 任意一张 1×28×28 的图
    with torch.no_grad():
        features = model.features(image)  # 特征提取器的输出
        logits = model.classifier(features)  # 分类器给 10 个类别打分
        probs = F.softmax(logits, dim=1)
    print(f"特征：{tuple(features.shape)}，展平后是 {features[0].numel()} 维的向量")
    print("得分：", _vec(logits[0]))  # _vec：保留三位小数印出向量
    print("概率：", _vec(probs[0]), f"和为 {probs.sum():.6f}")
    # --8<-- [end:predict-demo]


@figure("cnn_layers_lenet.svg")
def draw_lenet():
    """LeNet 式网络的结构：左边是特征提取器，右边是分类器。形状都来自 summarize() 实际运行的结果。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    torch.manual_seed(0)
    rows = summarize(LeNet(), (1, 28, 28))
    # 只画“形状变了”或有参数的那些层之后的张量：卷积 + ReLU 合成一步
    steps = [("输入", (1, 28, 28))]
    labels = {"Conv2d": "卷积\n+ ReLU", "MaxPool2d": "最大\n池化", "Flatten": "展平", "Linear": "全连接\n+ ReLU"}
    for _, kind, shape, _, _ in rows:
        if kind in labels:
            steps.append((labels[kind], shape))
    steps[-1] = ("全连接\n+ softmax", steps[-1][1])
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = 0.0
    xs = []
    for label, shape in steps:
        if len(shape) == 3:  # 特征图：画成一摞方块，边长按高宽缩放
            c, h, _ = shape
            side = 0.35 + 1.25 * h / 28
            layers = min(c, 4)
            for i in range(layers - 1, -1, -1):
                ax.add_patch(
                    mpatches.Rectangle(
                        (x + 0.09 * i, -side / 2 + 0.09 * i),
                        side,
                        side,
                        facecolor="#D6E9F5",
                        edgecolor="#333333",
                        lw=1,
                    )
                )
            width = side + 0.09 * (layers - 1)
        else:  # 向量：画成一根竖条，高度按长度的对数缩放
            (n,) = shape
            height = 0.25 * torch.log2(torch.tensor(float(n))).item()
            width = 0.22
            ax.add_patch(
                mpatches.Rectangle((x, -height / 2), width, height, facecolor="#FBE7C6", edgecolor="#333333", lw=1)
            )
        center = x + width / 2
        xs.append((x, width))
        ax.text(center, -1.3, "×".join(map(str, shape)), ha="center", va="top", fontsize=10, color=COLORS["blue"])
        ax.text(center, 1.25, label, ha="center", va="bottom", fontsize=10, linespacing=1.2)
        x += width + (0.42 if len(shape) == 3 else 0.95)  # 向量之间多留些地方写标签
    for (x0, w0), (x1, _) in zip(xs, xs[1:]):
        ax.annotate("", xy=(x1 - 0.04, 0), xytext=(x0 + w0 + 0.04, 0), arrowprops={"arrowstyle": "-|>", "lw": 1.1})
    # 两段的括号：特征提取器 = 输入之后到第二次池化，分类器 = 展平之后
    split = next(i for i, (label, _) in enumerate(steps) if label == "展平")
    for (start, end), text, color in [
        ((1, split - 1), "特征提取器：卷积 + ReLU + 池化", COLORS["blue"]),
        ((split, len(steps) - 1), "分类器：全连接 + softmax", COLORS["orange"]),
    ]:
        left, right = xs[start][0], xs[end][0] + xs[end][1]
        ax.plot([left, left, right, right], [-1.75, -1.85, -1.85, -1.75], color=color, lw=1.5)
        ax.text((left + right) / 2, -1.95, text, ha="center", va="top", fontsize=10.5, color=color)
    ax.set(xlim=(-0.1, x - 0.3), ylim=(-2.45, 1.85), aspect="equal")
    ax.axis("off")
    return fig
