"""多层感知机（MLP）：隐藏层解决 XOR、没有非线性就退化成一层、常见激活函数。

页面：docs/dl/mlp.md；测试：tests/test_mlp.py。
"""

import functools
import math

import torch
from torch import nn

from snippets.generated import figure, output
from snippets.perceptron import XOR_X, XOR_Y, predict
from snippets.plotting import COLORS, shade_regions


# --8<-- [start:handmade]
def xor_by_hand(x):
    """两层感知机，权重是手工设定的：隐藏层算 OR 和 AND，输出层算“OR 并且不是 AND”。"""
    h_or = predict(torch.tensor([1.0, 1.0]), -0.5, x)  # 至少一个输入是 1 时为 +1
    h_and = predict(torch.tensor([1.0, 1.0]), -1.5, x)  # 两个输入都是 1 时为 +1
    h = torch.stack([h_or, h_and], dim=1)  # 隐藏层的输出，每个分量是 ±1
    return predict(torch.tensor([1.0, -1.0]), -1.0, h), h


# --8<-- [end:handmade]


@output("mlp_handmade.txt")
def demo_handmade():
    y_hat, h = xor_by_hand(XOR_X)
    print("  输入      OR  AND   输出   标签")
    for x, (h_or, h_and), out, label in zip(XOR_X.tolist(), h.tolist(), y_hat.tolist(), XOR_Y.tolist()):
        print(f"({x[0]:.0f}, {x[1]:.0f})  {h_or:+4.0f} {h_and:+4.0f}  {out:+4.0f}  {label:+4.0f}")


# --8<-- [start:model]
def make_mlp(hidden=2, activation=nn.Tanh, seed=0):
    """2 → hidden → 1 的多层感知机。"""
    torch.manual_seed(seed)  # 固定随机初始化，结果可复现
    return nn.Sequential(
        nn.Linear(2, hidden),  # 隐藏层的线性部分：W1·x + b1
        activation(),  # 非线性激活函数：h = tanh(W1·x + b1)
        nn.Linear(hidden, 1),  # 输出层：一个数 z = W2·h + b2，z > 0 判为 1 类
    )


# --8<-- [end:model]


# --8<-- [start:train]
def train_xor(model, epochs=1000, lr=1.0):
    """在 XOR 的四个样本上做全批量（full-batch）梯度下降，返回每一轮的损失和分对的个数。"""
    targets = (XOR_Y + 1) / 2  # 标签从 -1/+1 换成 0/1
    loss_fn = nn.BCEWithLogitsLoss()  # 二分类交叉熵：先把 z 用 sigmoid 变成概率
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        z = model(XOR_X).squeeze(1)  # 前向传播：四个样本一起算
        loss = loss_fn(z, targets)
        optimizer.zero_grad()
        loss.backward()  # 反向传播：求损失对每个参数的梯度
        optimizer.step()  # 梯度下降：θ ← θ - lr × 梯度
        correct = ((z > 0).float() == targets).sum().item()
        history.append((loss.item(), correct))
    return history


# --8<-- [end:train]

LOSS_THRESHOLD = 0.01  # 页面上说：训练结束时损失低于这个值


@functools.cache
def trained_xor_mlp():
    """页面上用的那个网络：2-2-1，tanh，种子 0，学习率 1，训练 1000 轮。"""
    model = make_mlp()
    history = train_xor(model)
    return model, history


def hidden_representation(model, x):
    """隐藏层的输出 h = tanh(W1·x + b1)：输入经过第一层之后的“新坐标”。"""
    return model[:2](x)


# --8<-- [start:symmetry]
def constant_init(model, value=0.5):
    """把每一层的权重都设成同一个数 value，偏置都设成 0：同一层的隐藏单元一模一样。"""
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                nn.init.constant_(layer.weight, value)
                nn.init.zeros_(layer.bias)
    return model


# --8<-- [end:symmetry]


@output("mlp_symmetry.txt")
def demo_symmetry():
    # --8<-- [start:symmetry-demo]
    runs = {
        "权重全是 0.5": constant_init(make_mlp(hidden=4)),
        "随机初始化": make_mlp(hidden=4),
    }
    for name, model in runs.items():
        loss, correct = train_xor(model)[-1]
        print(f"{name}：训练 1000 轮后损失 {loss:.3f}，分对 {correct:.0f}/4")
        print("  隐藏层 4 个单元的权重和偏置：")
        for (w1, w2), b in zip(model[0].weight.tolist(), model[0].bias.tolist()):
            print(f"    w = ({w1:+.3f}, {w2:+.3f})  b = {b:+.3f}")
    # --8<-- [end:symmetry-demo]


@output("mlp_default_init.txt")
def demo_default_init():
    # --8<-- [start:default-init]
    torch.manual_seed(0)
    layer = nn.Linear(784, 256)  # 例如 28×28 的图像展平成 784 维，接 256 个隐藏单元
    bound = 1 / math.sqrt(layer.in_features)  # 1/√fan_in = 1/28
    print(f"1/√784 = {bound:.4f}")
    w = layer.weight
    print(f"权重：最小 {w.min():.4f}，最大 {w.max():.4f}，标准差 {w.std():.4f}")
    print(f"偏置：最小 {layer.bias.min():.4f}，最大 {layer.bias.max():.4f}")
    print(f"均匀分布 U(−b, b) 的标准差 b/√3 = {bound / math.sqrt(3):.4f}")
    # --8<-- [end:default-init]


@output("mlp_xor_train.txt")
def demo_train():
    # --8<-- [start:demo]
    model = make_mlp()
    history = train_xor(model)
    for epoch in [1, 50, 100, 200, 500, 1000]:
        loss, correct = history[epoch - 1]
        print(f"第 {epoch:>4} 轮  损失 {loss:.4f}  分对 {correct:.0f}/4")

    with torch.no_grad():
        h = model[:2](XOR_X)  # 隐藏层的输出
        p = torch.sigmoid(model(XOR_X).squeeze(1))  # 输出为 1 类的概率
    print("  输入        隐藏层 h         P(y=1)  预测  标签")
    for x, hi, pi, label in zip(XOR_X.tolist(), h.tolist(), p.tolist(), XOR_Y.tolist()):
        print(f"({x[0]:.0f}, {x[1]:.0f})  ({hi[0]:+.3f}, {hi[1]:+.3f})  {pi:.3f}  {pi > 0.5:d}     {label > 0:d}")
    # --8<-- [end:demo]


# --8<-- [start:collapse]
def merge_linear(layer1, layer2):
    """两个线性层 y = W2(W1·x + b1) + b2 合并成一个：W = W2·W1，b = W2·b1 + b2。"""
    merged = nn.Linear(layer1.in_features, layer2.out_features)
    with torch.no_grad():
        merged.weight.copy_(layer2.weight @ layer1.weight)
        merged.bias.copy_(layer2.weight @ layer1.bias + layer2.bias)
    return merged


def best_linear_fit_error(f, x):
    """用最小二乘找最接近 f 的一个仿射变换（矩阵乘 x 再加偏置），返回最大误差。"""
    with torch.no_grad():
        y = f(x)
    design = torch.cat([x, torch.ones(len(x), 1)], dim=1)
    solution = torch.linalg.lstsq(design, y).solution
    return (design @ solution - y).abs().max().item()


# --8<-- [end:collapse]


@output("mlp_collapse.txt")
def demo_collapse():
    # --8<-- [start:collapse-demo]
    torch.manual_seed(0)
    layer1, layer2 = nn.Linear(2, 8), nn.Linear(8, 3)
    x = torch.randn(1000, 2, generator=torch.Generator().manual_seed(1))

    no_activation = nn.Sequential(layer1, layer2)
    merged = merge_linear(layer1, layer2)
    gap = (no_activation(x) - merged(x)).abs().max().item()  # 只剩浮点舍入误差，约 1e-7
    print(f"两层线性、中间没有激活函数：与合并后的一层相差不到 1e-6：{gap < 1e-6}")

    with_tanh = nn.Sequential(layer1, nn.Tanh(), layer2)
    error = best_linear_fit_error(with_tanh, x)
    print(f"中间加上 tanh：最小二乘意义下最接近它的仿射变换，最大误差仍有 {error:.2f}")

    linear_net = make_mlp(activation=nn.Identity)  # 2-2-1，但没有激活函数
    loss, _ = train_xor(linear_net)[-1]
    with torch.no_grad():
        p = torch.sigmoid(linear_net(XOR_X).squeeze(1))
    print(f"没有激活函数的 2-2-1 网络学 XOR：损失停在 {loss:.4f}（ln 2 = {math.log(2):.4f}）")
    print(f"  四个样本的 P(y=1)：{', '.join(f'{v:.3f}' for v in p.tolist())}")
    # --8<-- [end:collapse-demo]


# --8<-- [start:activations]
def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def tanh(x):
    # 照定义写，只为演示：|x| 超过约 89 时 exp 溢出成 inf，inf / inf 得到 nan；实际用 torch.tanh
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def relu(x):
    return torch.clamp(x, min=0)  # max(0, x)


def leaky_relu(x, slope=0.1):
    # PyTorch 默认斜率是 0.01，这里取 0.1，图上看得清
    return torch.where(x > 0, x, slope * x)


def elu(x, alpha=1.0):
    return torch.where(x > 0, x, alpha * (torch.exp(x) - 1))


def gelu(x):
    # x·Φ(x)，Φ 是标准正态分布的分布函数
    return x * 0.5 * (1 + torch.erf(x / math.sqrt(2)))


ACTIVATIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "ReLU": relu,
    "Leaky ReLU": leaky_relu,
    "ELU": elu,
    "GELU": gelu,
}


def derivative(f, x):
    """用自动求导算 f 在每个点的导数。"""
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x).sum(), x)
    return grad


# --8<-- [end:activations]


# --8<-- [start:vanishing]
def deep_mlp(activation=nn.Sigmoid, init="default", depth=10, width=32):
    """depth 个全连接层、每层 width 个单元的网络（最后一层输出 1 个数）。
    init："default" 是 PyTorch 的默认初始化；
    "xavier" 和 "he" 把权重换成正态分布、偏置换成 0。"""
    layers = []
    for i in range(depth):
        linear = nn.Linear(width, width if i < depth - 1 else 1)
        if init == "xavier":  # 方差 2 / (输入数 + 输出数)，为 sigmoid、tanh 设计
            nn.init.xavier_normal_(linear.weight)
            nn.init.zeros_(linear.bias)
        elif init == "he":  # 方差 2 / 输入数，为 ReLU 设计
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < depth - 1:
            layers.append(activation())
    return nn.Sequential(*layers)


def layer_gradient_norms(model, x):
    """把一批输入送进网络，从输出端传回梯度（损失取输出之和），
    返回传到每个全连接层的梯度（损失对这一层输出 z 的梯度）的范数，第 1 层在前。"""
    outputs, h = [], x
    for layer in model:
        h = layer(h)
        if isinstance(layer, nn.Linear):
            h.retain_grad()  # 中间结果的梯度默认用完就丢，要求留下来
            outputs.append(h)
    h.sum().backward()
    return [z.grad.norm().item() for z in outputs]


# --8<-- [end:vanishing]

SETUPS = {  # 图和输出里比较的四种搭配：名字 → (激活函数, 初始化)
    "sigmoid + 默认": (nn.Sigmoid, "default"),
    "sigmoid + Xavier": (nn.Sigmoid, "xavier"),
    "ReLU + 默认": (nn.ReLU, "default"),
    "ReLU + He": (nn.ReLU, "he"),
}


def gradient_norms_at_init(activation=nn.Sigmoid, init="default", seed=0, depth=10, width=32):
    """种子 seed 下刚初始化的网络，在 64 个随机输入上传到每一层的梯度的范数。"""
    torch.manual_seed(seed)
    model = deep_mlp(activation, init, depth, width)
    x = torch.randn(64, width, generator=torch.Generator().manual_seed(100 + seed))
    return layer_gradient_norms(model, x)


@output("mlp_vanishing.txt")
def demo_vanishing():
    # --8<-- [start:vanishing-demo]
    x = torch.randn(64, 32, generator=torch.Generator().manual_seed(100))  # 64 个随机输入
    table = {}
    for name, (activation, init) in SETUPS.items():
        torch.manual_seed(0)  # 四个网络从同一个随机状态开始初始化
        table[name] = layer_gradient_norms(deep_mlp(activation, init), x)
    print("，".join(f"{tag} = {name}" for tag, name in zip("ABCD", table)))
    print("层" + "".join(f"{tag:>10}" for tag in "ABCD"))
    for i in range(10):
        print(f"{i + 1:>2}" + "".join(f"{norms[i]:>10.1e}" for norms in table.values()))
    ratios = [f"{tag} {n[0] / n[-1]:.0e}" for tag, n in zip("ABCD", table.values())]
    print("第 1 层 ÷ 第 10 层：" + "，".join(ratios))
    # --8<-- [end:vanishing-demo]


def _scatter_xor(ax, points, labels):
    for label, marker, color, name in [(1, "o", COLORS["blue"], "1 类"), (-1, "s", COLORS["orange"], "0 类")]:
        pts = points[labels == label]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, color=color, edgecolor="black", s=70, label=name, zorder=4)


@figure("mlp_xor.svg")
def draw_xor():
    """左：输入平面上的判别区域和两个隐藏单元的直线；右：隐藏层空间里，四个点被一条直线分开。"""
    import matplotlib.pyplot as plt

    model, _ = trained_xor_mlp()
    first, second = model[0], model[2]
    fig, (ax_in, ax_h) = plt.subplots(1, 2, figsize=(8.6, 4.2))

    lim = (-0.5, 1.5)
    shade_regions(ax_in, model, lim, lim, steps=120, boundary=False)
    t = torch.linspace(*lim, 2)
    for j, style in enumerate(["-", "--"]):
        (w1, w2), b = first.weight[j].tolist(), first.bias[j].item()
        # 隐藏单元 j 的“分界线”：w1·x1 + w2·x2 + b = 0
        ax_in.plot(
            t, -(w1 * t + b) / w2, color=COLORS["purple"], linestyle=style, linewidth=2, label=f"$h_{j + 1} = 0$"
        )
    _scatter_xor(ax_in, XOR_X, XOR_Y)
    ax_in.set(xlim=lim, ylim=lim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal", title="输入空间：两条直线围出一条带")
    ax_in.set_xticks([0, 1])
    ax_in.set_yticks([0, 1])
    ax_in.legend(loc="upper center", fontsize=9, ncols=2, framealpha=0.9)

    hl = (-1.3, 1.3)
    shade_regions(ax_h, second, hl, hl, steps=60)
    with torch.no_grad():
        h_points = hidden_representation(model, XOR_X)
    _scatter_xor(ax_h, h_points, XOR_Y)
    names = {}  # 隐藏层里落在同一点的输入写在一起
    for (x1, x2), point in zip(XOR_X.tolist(), h_points.tolist()):
        key = tuple(round(v, 2) for v in point)
        names[key] = f"{names[key]} 和 " if key in names else ""
        names[key] += f"({x1:.0f}, {x2:.0f})"
    for (p1, p2), text in names.items():
        ax_h.annotate(
            text,
            (p1, p2),
            xytext=(0, 16 if p1 > 0 or p2 < 0 else -22),
            textcoords="offset points",
            fontsize=10,
            ha="right" if p1 > 0 else "left",
            va="center",
        )
    ax_h.set(xlim=hl, ylim=hl, xlabel="$h_1$", ylabel="$h_2$", aspect="equal", title="隐藏层空间：一条直线就能分开")
    fig.tight_layout()
    return fig


TITLES = {"Leaky ReLU": "Leaky ReLU（斜率 0.1）", "ELU": "ELU（α = 1）"}


@figure("mlp_activations.svg")
def draw_activations():
    """六种常见激活函数（实线）和它们的导数（虚线）。"""
    import matplotlib.pyplot as plt

    x = torch.linspace(-4, 4, 161)
    fig, axes = plt.subplots(2, 3, figsize=(8.6, 5.2), sharex=True)
    for ax, (name, f) in zip(axes.flat, ACTIVATIONS.items()):
        ax.axhline(0, color="gray", linewidth=0.6)
        ax.axvline(0, color="gray", linewidth=0.6)
        ax.plot(x, f(x), color=COLORS["blue"], linewidth=2, label="函数")
        ax.plot(x, derivative(f, x), color=COLORS["red"], linestyle="--", linewidth=1.6, label="导数")
        ax.set(title=TITLES.get(name, name), ylim=(-1.6, 2.6), xlim=(-4, 4))
        ax.set_xticks([-4, -2, 0, 2, 4])
    axes[0, 0].legend(loc="upper left", fontsize=9)
    for ax in axes[1]:
        ax.set_xlabel("$x$")
    fig.tight_layout()
    return fig


@figure("mlp_network.svg")
def draw_network():
    """一个 3-4-4-2 的全连接网络：每个单元都和下一层的每个单元相连。"""
    import matplotlib.pyplot as plt

    sizes = [3, 4, 4, 2]
    names = ["输入层\n$\\mathbf{x}$", "隐藏层 1\n$\\mathbf{h}_1$", "隐藏层 2\n$\\mathbf{h}_2$", "输出层\n$\\mathbf{y}$"]
    formulas = [
        "$\\mathbf{h}_1 = \\sigma(W_1\\mathbf{x} + \\mathbf{b}_1)$",
        "$\\mathbf{h}_2 = \\sigma(W_2\\mathbf{h}_1 + \\mathbf{b}_2)$",
        "$\\mathbf{y} = W_3\\mathbf{h}_2 + \\mathbf{b}_3$",
    ]
    colors = [COLORS["gray"], COLORS["blue"], COLORS["blue"], COLORS["green"]]
    fig, ax = plt.subplots(figsize=(8.6, 3.6))
    xs = [0, 1, 2, 3]
    ys = [[(n - 1) / 2 - i for i in range(n)] for n in sizes]
    for layer in range(len(sizes) - 1):
        for y0 in ys[layer]:
            for y1 in ys[layer + 1]:
                ax.plot([xs[layer], xs[layer + 1]], [y0, y1], color="silver", linewidth=0.9, zorder=1)
        ax.text((xs[layer] + xs[layer + 1]) / 2, 2.05, formulas[layer], ha="center", va="center", fontsize=11)
    for x, col, color, name in zip(xs, ys, colors, names):
        ax.scatter([x] * len(col), col, s=420, color=color, edgecolor="black", zorder=3)
        ax.text(x, -2.35, name, ha="center", va="top", fontsize=11)
    ax.set(xlim=(-0.4, 3.4), ylim=(-3.0, 2.3))
    ax.axis("off")
    return fig


VANISHING_SEEDS = range(20)


@functools.cache
def gradient_norms_over_seeds():
    """四种搭配各用种子 0～19 初始化 20 次：名字 → 形状 (20, 10) 的张量，每行是一次初始化传到每层的梯度的范数。"""
    return {
        name: torch.tensor([gradient_norms_at_init(activation, init, seed) for seed in VANISHING_SEEDS])
        for name, (activation, init) in SETUPS.items()
    }


@figure("mlp_vanishing.svg")
def draw_vanishing():
    """10 层网络刚初始化时传到每层的梯度的范数（对数坐标）：四种激活函数与初始化的搭配，20 个种子的中位数和范围。"""
    import matplotlib.pyplot as plt

    colors = [COLORS["red"], COLORS["orange"], COLORS["sky"], COLORS["blue"]]
    markers = ["o", "s", "^", "D"]
    layers = range(1, 11)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for (name, norms), color, marker in zip(gradient_norms_over_seeds().items(), colors, markers):
        low, high = norms.min(dim=0).values, norms.max(dim=0).values
        ax.fill_between(layers, low, high, color=color, alpha=0.18, linewidth=0)
        ax.semilogy(layers, norms.median(dim=0).values, color=color, marker=marker, linewidth=2, label=name)
    ax.set(
        xlabel="第几层（1 = 最靠近输入）",
        ylabel="梯度的范数（对数坐标）",
        xticks=list(layers),
        xlim=(0.7, 10.3),
        title="10 层网络刚初始化时，梯度传回各层还剩多少",
    )
    ax.legend(loc="lower right", fontsize=9.5)
    fig.tight_layout()
    return fig
