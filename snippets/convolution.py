"""卷积与骨干网络：滑动窗口、手工卷积核与学到的卷积核、输出尺寸与参数量、backbone → neck → head。

页面：docs/dl/convolution.md；测试：tests/test_convolution.py。
"""

import functools

import torch
import torch.nn.functional as F
from torch import nn

from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:sliding]
def slide_and_sum(image, kernel):
    """手写的“卷积”：卷积核在图像上滑动，每到一个位置就算一次加权和。

    不翻转卷积核、步幅 1、不填充，和 PyTorch 的 F.conv2d 做的事情一样。
    """
    kh, kw = kernel.shape
    out_h, out_w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = torch.empty(out_h, out_w)
    for i in range(out_h):
        for j in range(out_w):
            # 以 (i, j) 为左上角的局部窗口；每个位置都用同一个 kernel：权重共享
            window = image[i : i + kh, j : j + kw]
            out[i, j] = (window * kernel).sum()
    return out


def true_convolution(image, kernel):
    """数学（信号处理）里的卷积：先把卷积核上下、左右各翻转一次，再滑动求和。"""
    return slide_and_sum(image, kernel.flip(0, 1))


# --8<-- [end:sliding]

# 演示用的 5×5 “图像”和一个不对称的 3×3 卷积核（不对称，翻不翻转才有区别）
DEMO_IMAGE = torch.tensor(
    [
        [3.0, 0, 1, 2, 4],
        [1, 2, 0, 1, 3],
        [0, 1, 3, 2, 1],
        [2, 4, 1, 0, 2],
        [1, 0, 2, 3, 1],
    ]
)
DEMO_KERNEL = torch.tensor([[1.0, 0, 2], [0, 1, 0], [-1, 0, 0]])


def _rows(t):
    """把一个二维张量按行排成整齐的文本，方便打印。"""
    return "\n".join("  " + " ".join(f"{v:4.0f}" for v in row) for row in t.tolist())


@output("convolution_sliding.txt")
def sliding_demo():
    # --8<-- [start:sliding-demo]
    image, kernel = DEMO_IMAGE, DEMO_KERNEL
    mine = slide_and_sum(image, kernel)
    # F.conv2d 要求 (批大小, 通道, 高, 宽) 的形状，所以用 [None, None] 补两维
    torch_out = F.conv2d(image[None, None], kernel[None, None])[0, 0]
    print(f"手写滑动求和：\n{_rows(mine)}")  # _rows 把矩阵排成整齐的几行文字
    print(f"F.conv2d：\n{_rows(torch_out)}")
    print("两者相同：", torch.equal(mine, torch_out))
    math_conv = true_convolution(image, kernel)
    print("数学卷积与 F.conv2d 相同：", torch.equal(math_conv, torch_out))
    flipped = F.conv2d(image[None, None], kernel.flip(0, 1)[None, None])[0, 0]
    print("翻转卷积核再用 F.conv2d，等于数学卷积：", torch.equal(flipped, math_conv))
    # --8<-- [end:sliding-demo]


def _grid(ax, values, x0, y0, *, fill=None, fmt="{:.0f}", fontsize=11, highlight=None, color="black"):
    """在 (x0, y0) 处画一个数字方格；highlight 是要描粗的 (行, 列, 高, 宽)，行、列是从 0 数起的下标。"""
    import matplotlib.patches as mpatches

    n_rows, n_cols = len(values), len(values[0])
    for r in range(n_rows):
        for c in range(n_cols):
            face = fill[r][c] if fill is not None else "white"
            ax.add_patch(mpatches.Rectangle((x0 + c, y0 - r - 1), 1, 1, facecolor=face, edgecolor="#444444", lw=0.8))
            if values[r][c] is not None:
                ax.text(
                    x0 + c + 0.5,
                    y0 - r - 0.5,
                    fmt.format(values[r][c]).replace("-", "−"),  # 真正的减号，不是连字符
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                )
    if highlight is not None:
        r, c, h, w = highlight
        ax.add_patch(mpatches.Rectangle((x0 + c, y0 - r - h), w, h, facecolor="none", edgecolor=color, lw=2.8))


@figure("convolution_sliding_window.svg")
def draw_sliding_window():
    """一个窗口的计算：输入中的 3×3 窗口与卷积核逐个相乘再相加，得到输出里的一个数。"""
    import matplotlib.pyplot as plt

    row, col = 1, 2  # 要讲解的输出位置（从 0 数起的下标）：页面上说“第 2 行第 3 列”
    image, kernel = DEMO_IMAGE, DEMO_KERNEL
    out = slide_and_sum(image, kernel)
    window = image[row : row + 3, col : col + 3]
    light = "#FBE3B5"  # 橙色的浅色版本，做窗口底色

    fig, ax = plt.subplots(figsize=(8.4, 3.6))
    fill = [[light if row <= r < row + 3 and col <= c < col + 3 else "white" for c in range(5)] for r in range(5)]
    _grid(ax, image.tolist(), 0, 5, fill=fill, highlight=(row, col, 3, 3), color=COLORS["orange"])
    _grid(ax, kernel.tolist(), 6.6, 4, fill=[[light] * 3] * 3)
    out_fill = [["#CFE5F3" if (r, c) == (row, col) else "white" for c in range(3)] for r in range(3)]
    _grid(ax, out.tolist(), 11.2, 4, fill=out_fill, highlight=(row, col, 1, 1), color=COLORS["blue"])
    ax.text(2.5, 5.35, "输入图像 5×5", ha="center", fontsize=11)
    ax.text(8.1, 4.35, "卷积核 3×3", ha="center", fontsize=11)
    ax.text(12.7, 4.35, "输出 3×3", ha="center", fontsize=11)
    # ⊙ 是逐元素相乘（9 对数各自相乘），箭头上的“求和”把 9 个乘积加起来
    ax.text(5.8, 2.5, "⊙", ha="center", va="center", fontsize=16)
    ax.annotate("", xy=(11.0, 2.5), xytext=(9.8, 2.5), arrowprops={"arrowstyle": "-|>", "lw": 1.5})
    ax.text(10.4, 2.7, "求和", ha="center", va="bottom", fontsize=10.5)
    pairs = zip(window.flatten().tolist(), kernel.flatten().tolist())
    terms = " + ".join(f"{w:.0f}×{k:.0f}" if k >= 0 else f"{w:.0f}×(−{-k:.0f})" for w, k in pairs)
    ax.text(
        7.1,
        -0.4,
        f"窗口与卷积核逐个相乘再相加：{terms} = {out[row, col]:.0f}",
        ha="center",
        va="center",
        fontsize=10.5,
    )
    ax.set(xlim=(-0.2, 14.4), ylim=(-0.9, 5.7), aspect="equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


# --8<-- [start:kernels]
# Sobel x：左右的亮度差 → 竖直边缘；转置得到 Sobel y：上下的亮度差 → 水平边缘
SOBEL_X = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
KERNELS = {
    "Sobel x": SOBEL_X,
    "Sobel y": SOBEL_X.T,
    "拉普拉斯": torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]),  # 二阶导数
    "均值模糊": torch.full((3, 3), 1 / 9),  # 9 个像素取平均：去噪，也把边缘抹宽
}


def filter2d(image, kernel):
    """用一个 3×3 卷积核处理一张单通道图像，四周补 1 圈 0，输出与输入一样大。"""
    return F.conv2d(image[None, None], kernel[None, None], padding=1)[0, 0]


def make_shapes_image(size=64):
    """画一张合成图像：黑色背景上一个亮方块、一个灰色圆盘。"""
    coords = torch.arange(size)
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    image = torch.zeros(size, size)
    image[10:30, 8:28] = 1.0  # 方块
    # 圆盘（半径 14.5：写成 <= 14**2 的话，上下左右四个端点会各冒出一个孤立的像素）
    image[(yy - 42) ** 2 + (xx - 42) ** 2 <= 14.5**2] = 0.6
    return image


def add_noise(image, std=0.3, seed=0):
    """加上固定种子的高斯噪声（模拟光线暗、传感器噪声大的照片）。"""
    g = torch.Generator().manual_seed(seed)
    return image + std * torch.randn(image.shape, generator=g)


# --8<-- [end:kernels]

NOISE_STD = 0.3


# --8<-- [start:detect]
def edge_mask(image):
    """真正的边缘：干净图像上亮度有变化的像素，再向外扩 1 个像素。"""
    gradient = filter2d(image, SOBEL_X).abs() + filter2d(image, SOBEL_X.T).abs()
    changed = (gradient > 0).float()[None, None]
    # 3×3 最大池化（步幅 1）：只要邻域里有一个边缘像素，就算边缘
    return F.max_pool2d(changed, 3, stride=1, padding=1)[0, 0] > 0


def detection_rates(pipeline, clean, test_image, threshold=None):
    """pipeline 把一张图像变成响应图（例如“先模糊、再用 Sobel x”）。

    阈值默认按同一条规则定：这条流程在干净图像上最大响应的一半；也可以直接给定。
    返回 (误报率, 保留率, 干净图像上检出的像素数)：
    误报率：test_image 的背景里被当成边缘的像素比例；
    保留率：干净图像上检出的边缘，在 test_image 上还剩多少。
    """
    on_clean = pipeline(clean).abs()
    if threshold is None:
        threshold = 0.5 * on_clean.max()
    found_on_clean = on_clean > threshold
    found = pipeline(test_image).abs() > threshold
    background = ~edge_mask(clean)
    false_alarm = found[background].float().mean().item()
    kept = found[found_on_clean].float().mean().item() if found_on_clean.any() else 0.0
    return false_alarm, kept, int(found_on_clean.sum())


def then(first, second):
    """两个卷积核接连使用：先 first，再 second。"""
    return lambda image: filter2d(filter2d(image, first), second)


# --8<-- [end:detect]


@output("convolution_handcrafted.txt")
def handcrafted_demo():
    # --8<-- [start:handcrafted-demo]
    clean = make_shapes_image()
    noisy = add_noise(clean, std=NOISE_STD)
    blur = KERNELS["均值模糊"]
    pipelines = {  # 每条流程：图像 → 响应图
        "Sobel x": lambda im: filter2d(im, KERNELS["Sobel x"]),
        "Sobel y": lambda im: filter2d(im, KERNELS["Sobel y"]),
        "拉普拉斯": lambda im: filter2d(im, KERNELS["拉普拉斯"]),
        "先模糊再 Sobel x": then(blur, KERNELS["Sobel x"]),  # 补救：先去噪再找边缘
        "先模糊再拉普拉斯": then(blur, KERNELS["拉普拉斯"]),
    }
    print(f"每条流程的阈值都在干净图像上按同一规则定好，再用到噪声图像（σ = {NOISE_STD}）上：")
    for label, pipeline in pipelines.items():
        false_alarm, kept, _ = detection_rates(pipeline, clean, noisy)
        print(f"  {label}：背景误报 {false_alarm:6.1%}，边缘保留 {kept:6.1%}")
    # 对照：模糊之后不重新定阈值，沿用“只用拉普拉斯”时的阈值
    old = 0.5 * pipelines["拉普拉斯"](clean).abs().max()
    _, _, n_found = detection_rates(pipelines["先模糊再拉普拉斯"], clean, noisy, threshold=old)
    print(f"先模糊再拉普拉斯，却沿用不模糊时的阈值：干净图像上检出 {n_found} 个边缘像素")
    # --8<-- [end:handcrafted-demo]


@figure("convolution_handcrafted_noise.png")
def draw_handcrafted_noise():
    """手工卷积核在干净图像和噪声图像上的响应：噪声下边缘响应被淹没，拉普拉斯最严重。"""
    import matplotlib.pyplot as plt

    clean = make_shapes_image()
    noisy = add_noise(clean, std=NOISE_STD)
    columns = ["输入图像", *KERNELS]
    fig, axes = plt.subplots(2, 5, figsize=(9, 4.2))
    for row, (label, image) in enumerate([("干净", clean), (f"加噪声（σ = {NOISE_STD}）", noisy)]):
        for col, name in enumerate(columns):
            ax = axes[row, col]
            if name == "输入图像":
                ax.imshow(image.numpy(), cmap="gray", vmin=-0.3, vmax=1.3, interpolation="nearest")
            elif name == "均值模糊":
                ax.imshow(
                    filter2d(image, KERNELS[name]).numpy(), cmap="gray", vmin=-0.3, vmax=1.3, interpolation="nearest"
                )
            else:
                # 同一个卷积核，干净和噪声两行用同一个颜色范围，才能比较；红正、蓝负、白为 0
                limit = filter2d(clean, KERNELS[name]).abs().max().item()
                response = filter2d(image, KERNELS[name])
                ax.imshow(response.numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(name, fontsize=11)
            if col == 0:
                ax.set_ylabel(label, fontsize=11)
    fig.tight_layout(h_pad=0.6, w_pad=0.4)
    return fig


# --8<-- [start:learn]
# 目标：干净图像左右方向的亮度差（右边减左边），也就是“理想的”竖直边缘图
CENTRAL_DIFF_X = torch.tensor([[0.0, 0, 0], [-1, 0, 1], [0, 0, 0]])


def random_shapes(n_shapes=28, size=192, generator=None):
    """一张随机图像：叠放 n_shapes 个亮度随机的方块或圆盘。

    返回形状 (1, 1, size, size)：批大小 1、通道 1。
    """
    coords = torch.arange(size)
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    image = torch.zeros(size, size)
    for _ in range(n_shapes):
        cx, cy = torch.randint(0, size, (2,), generator=generator).tolist()
        r = torch.randint(4, 16, (1,), generator=generator).item()
        if torch.rand(1, generator=generator) < 0.5:
            inside = ((xx - cx).abs() <= r) & ((yy - cy).abs() <= r)  # 方块
        else:
            inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= r**2  # 圆盘
        image[inside] = torch.rand(1, generator=generator).item()
    return image[None, None]


def edge_data(noise_std, seed=0):
    """一张随机图像：返回 (加了噪声的输入, 干净图像的边缘图)。"""
    g = torch.Generator().manual_seed(seed)
    clean = random_shapes(generator=g)
    target = F.conv2d(clean, CENTRAL_DIFF_X[None, None], padding=1)
    inputs = clean + noise_std * torch.randn(clean.shape, generator=g)
    return inputs, target


def learn_edge_kernel(noise_std, steps=150, seed=0):
    """用梯度下降训练一个 1 → 1 通道、3×3 的卷积层。

    输入：加了噪声的图像；目标：干净图像的边缘图。
    """
    g = torch.Generator().manual_seed(seed)
    inputs, target = edge_data(noise_std, seed)
    conv = nn.Conv2d(1, 1, kernel_size=3, padding=1, bias=False)
    with torch.no_grad():
        # 随机初始化（随机数与生成图像的数据无关）
        conv.weight.copy_(0.1 * torch.randn(1, 1, 3, 3, generator=g))
    optimizer = torch.optim.Adam(conv.parameters(), lr=0.05)
    losses = []
    for _ in range(steps):
        loss = F.mse_loss(conv(inputs), target)  # 与目标边缘图的均方误差
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return conv.weight.detach()[0, 0], losses


def cosine(a, b):
    """两个卷积核的余弦相似度：只看“形状”，不看整体大小，1 表示方向完全一致。"""
    return F.cosine_similarity(a.flatten(), b.flatten(), dim=0).item()


# --8<-- [end:learn]


# --8<-- [start:least-squares]
def least_squares_kernel(noise_std, seed=0):
    """不训练，直接解出均方误差最小的 3×3 卷积核（线性最小二乘）。

    输出对 9 个权重是线性的：把每个 3×3 窗口拉成一行，就是普通的线性回归。
    """
    inputs, target = edge_data(noise_std, seed)
    windows = F.unfold(inputs, 3, padding=1)[0].T.double()  # (像素数, 9)
    solution = torch.linalg.lstsq(windows, target.flatten().double()[:, None]).solution
    return solution.reshape(3, 3).float()


def side_weight(kernel):
    """上下两行右端权重的平均值，与中间行右端权重之比：Sobel 是 1/2，中心差分是 0。"""
    return ((kernel[0, 2] + kernel[2, 2]) / 2 / kernel[1, 2]).item()


def fitted_scale(kernel, noise_std, seed=0):
    """给固定的卷积核乘一个系数，系数在训练图像上用最小二乘拟合（公平的对照）。"""
    inputs, target = edge_data(noise_std, seed)
    response = F.conv2d(inputs, kernel[None, None], padding=1)
    return ((response * target).sum() / (response * response).sum()).item()


def held_out_error(kernel, noise_std, seed=123):
    """在一张没见过的新图像上（同样的噪声），输出与干净边缘图的均方误差。"""
    inputs, target = edge_data(noise_std, seed)
    return F.mse_loss(F.conv2d(inputs, kernel[None, None], padding=1), target).item()


# --8<-- [end:least-squares]

LEARN_NOISES = (0.0, 0.1, 0.3)  # 三次训练时输入图像的噪声标准差
_learned = functools.cache(learn_edge_kernel)  # 画图、打印和测试共用训练结果，不必重复训练


@output("convolution_learned.txt")
def learned_demo():
    # --8<-- [start:learned-demo]
    for noise_std in LEARN_NOISES:
        kernel, losses = learn_edge_kernel(noise_std)
        print(f"噪声 σ = {noise_std}：均方误差 {losses[0]:.4f} → {losses[-1]:.4f}")
        print("  学到的核（除以中间行右端的值）：")
        for row in (kernel / kernel[1, 2]).tolist():
            # round 之后加 0.0，把 -0.00 显示成 0.00
            print("  " + " ".join(f"{round(v, 2) + 0.0:6.2f}" for v in row))
        similarity = cosine(kernel, CENTRAL_DIFF_X), cosine(kernel, SOBEL_X)
        print("  余弦相似度：中心差分 {:.4f}，Sobel x {:.4f}".format(*similarity), end="，")
        print(f"直接解出的最小二乘解 {cosine(kernel, least_squares_kernel(noise_std)):.4f}")
    # --8<-- [end:learned-demo]


@output("convolution_learned_check.txt")
def learned_check_demo():
    # --8<-- [start:learned-check-demo]
    print("最小二乘解：上下两行右端的平均 ÷ 中间行右端（Sobel x 是 0.5）")
    for noise_std in (0.05, 0.1, 0.2, 0.3):
        print(f"  σ = {noise_std}：{side_weight(least_squares_kernel(noise_std)):.2f}")
    ratios = [side_weight(least_squares_kernel(0.1, seed)) for seed in range(4)]
    print("  σ = 0.1，换 4 张随机图像：" + "、".join(f"{r:.2f}" for r in ratios))

    noise_std = 0.3
    print(f"新图像（σ = {noise_std}）上与干净边缘图的均方误差：")
    candidates = {
        "中心差分": CENTRAL_DIFF_X,
        "Sobel x ÷ 4": SOBEL_X / 4,
        "Sobel x × 拟合好的系数": SOBEL_X * fitted_scale(SOBEL_X, noise_std),
        "σ = 0.1 时学到的核": learn_edge_kernel(0.1)[0],
        "σ = 0.3 时学到的核": learn_edge_kernel(0.3)[0],
    }
    for name, kernel in candidates.items():
        print(f"  {name}：{held_out_error(kernel, noise_std):.5f}")
    # --8<-- [end:learned-check-demo]


def _kernel_panel(ax, kernel, title):
    """把一个 3×3 卷积核画成带数字的色块（矢量方块，不是像素图）。"""
    ax.pcolormesh(kernel.flip(0).numpy(), cmap="RdBu_r", vmin=-1, vmax=1, edgecolors="white", linewidth=2)
    for r in range(3):
        for c in range(3):
            v = round(kernel[r, c].item(), 2) + 0.0
            ax.text(
                c + 0.5,
                2.5 - r,
                f"{v:.2f}".replace("-", "−"),  # 真正的减号
                ha="center",
                va="center",
                fontsize=11,
                color="white" if abs(v) > 0.6 else "black",
            )
    ax.set(xticks=[], yticks=[], aspect="equal")
    ax.set_title(title, fontsize=11)
    for spine in ax.spines.values():
        spine.set_visible(False)


@figure("convolution_learned_kernels.svg")
def draw_learned_kernels():
    """在不同噪声下学到的 3×3 卷积核，与 Sobel x 并排：σ = 0 学成中心差分，σ = 0.1 几乎就是 Sobel。"""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(8.6, 2.7))
    for ax, noise_std in zip(axes, LEARN_NOISES):
        kernel, _ = _learned(noise_std)
        _kernel_panel(ax, kernel / kernel[1, 2], f"学到的核（σ = {noise_std}）")
        ax.set_xlabel(f"与 Sobel 的余弦相似度 {cosine(kernel, SOBEL_X):.4f}", fontsize=10)
    _kernel_panel(axes[-1], SOBEL_X / 2, "Sobel x（÷ 2）")
    axes[-1].set_xlabel("手工设计（1968 年）", fontsize=10)
    fig.tight_layout(w_pad=1.2)
    return fig


# --8<-- [start:size]
def conv_output_size(h, k, p=0, s=1):
    """卷积输出的边长：⌊(H + 2P − K) / S⌋ + 1。"""
    return (h + 2 * p - k) // s + 1


def conv_params(c_in, c_out, k, bias=True):
    """卷积层的参数量：C_out 个 C_in×K×K 的卷积核，外加每个输出通道一个偏置。"""
    return c_out * c_in * k * k + (c_out if bias else 0)


def linear_params(n_in, n_out, bias=True):
    """全连接层的参数量：每个输出连到每个输入，外加每个输出一个偏置。"""
    return n_out * n_in + (n_out if bias else 0)


# --8<-- [end:size]

SIZE_CASES = [  # (H, K, P, S)
    (5, 3, 1, 2),
    (5, 3, 0, 1),
    (32, 3, 1, 1),
    (32, 5, 0, 1),
    (224, 7, 3, 2),
    (112, 3, 1, 2),
    (7, 3, 0, 2),
    (6, 3, 1, 2),
]


@output("convolution_sizes.txt")
def sizes_demo():
    # --8<-- [start:sizes-demo]
    print("   H   K   P   S   公式   nn.Conv2d")
    for h, k, p, s in SIZE_CASES:
        conv = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s)
        torch_h = conv(torch.zeros(1, 1, h, h)).shape[-1]
        formula_h = conv_output_size(h, k, p, s)
        print(f"{h:4d}{k:4d}{p:4d}{s:4d}{formula_h:7d}{torch_h:10d}")

    # 同样的输入 3×224×224：卷积层 vs 全连接层。device="meta" 只记录形状、不分配内存
    n_in, n_map = 3 * 224 * 224, 64 * 224 * 224
    layers = {
        "卷积 3→64，3×3": nn.Conv2d(3, 64, kernel_size=3, padding=1),
        "全连接 → 64 个输出": nn.Linear(n_in, 64, device="meta"),
        "全连接 → 64×224×224 个输出": nn.Linear(n_in, n_map, device="meta"),
    }
    formulas = [
        conv_params(3, 64, 3),
        linear_params(n_in, 64),
        linear_params(n_in, n_map),
    ]
    for (name, layer), formula in zip(layers.items(), formulas):
        count = sum(p.numel() for p in layer.parameters())
        print(f"{name}：{count:,} 个参数（公式 {formula:,}）")
    # --8<-- [end:sizes-demo]


@figure("convolution_output_size.svg")
def draw_output_size():
    """H = 5、K = 3、P = 1、S = 2：补零后的 7×7 输入上，卷积窗口每次移 2 格，得到 3×3 的输出。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    h, k, p, s = 5, 3, 1, 2
    n_out = conv_output_size(h, k, p, s)
    padded = h + 2 * p
    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    # 补零后的输入：外圈灰色的是填充（padding）的 0
    fill = [
        ["#E6E6E6" if min(r, c) < p or max(r, c) >= p + h else "white" for c in range(padded)] for r in range(padded)
    ]
    values = [["0" if fill[r][c] != "white" else None for c in range(padded)] for r in range(padded)]
    _grid(ax, values, 0, padded, fill=fill, fmt="{}", fontsize=10)
    ax.add_patch(mpatches.Rectangle((p, p), h, h, facecolor="none", edgecolor="black", lw=1.6))

    # 三个窗口位置：输出的 (0, 0)、(0, 1) 和最后一个 (2, 2)
    x_out = padded + 2.6
    y_out = padded - (padded - n_out) / 2
    _grid(ax, [[None] * n_out for _ in range(n_out)], x_out, y_out)
    windows = [((0, 0), COLORS["orange"], "-"), ((0, 1), COLORS["green"], "--"), ((2, 2), COLORS["blue"], ":")]
    for number, ((i, j), color, style) in enumerate(windows, start=1):
        inset = 0.08 * number
        top, left = i * s, j * s  # 输出 (i, j) 对应的窗口左上角：每走一步移 S 格
        ax.add_patch(
            mpatches.Rectangle(
                (left + inset, padded - top - k + inset),
                k - 2 * inset,
                k - 2 * inset,
                facecolor="none",
                edgecolor=color,
                lw=2.6,
                linestyle=style,
            )
        )
        # 窗口中心写上编号（中心都落在真实像素上，不会挡住补的 0）
        ax.text(
            left + k / 2,
            padded - top - k / 2,
            str(number),
            color=color,
            fontsize=13,
            ha="center",
            va="center",
        )
        ax.add_patch(mpatches.Rectangle((x_out + j, y_out - i - 1), 1, 1, facecolor=color, alpha=0.35))
        ax.text(x_out + j + 0.5, y_out - i - 0.5, str(number), color="black", fontsize=11, ha="center", va="center")
    ax.annotate(
        "", xy=(s + 0.1, padded + 0.35), xytext=(0.1, padded + 0.35), arrowprops={"arrowstyle": "-|>", "lw": 1.4}
    )
    ax.text(s / 2 + 0.1, padded + 0.75, f"步幅 S = {s}", ha="center", fontsize=10.5)
    ax.text(padded / 2, -0.55, f"输入 {h}×{h}，四周补 P = {p} 圈 0 → {padded}×{padded}", ha="center", fontsize=10.5)
    ax.text(x_out + n_out / 2, y_out + 0.35, f"输出 {n_out}×{n_out}", ha="center", fontsize=10.5)
    ax.text(
        x_out + n_out / 2,
        y_out - n_out - 0.9,
        f"$\\lfloor ({h} + 2 \\times {p} - {k}) / {s} \\rfloor + 1 = {n_out}$",
        ha="center",
        fontsize=12,
    )
    ax.text(x_out + n_out / 2, y_out - n_out - 1.7, f"卷积核 K = {k}×{k}", ha="center", fontsize=10.5)
    ax.set(xlim=(-0.3, x_out + n_out + 0.6), ylim=(-1.0, padded + 1.2), aspect="equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


# --8<-- [start:backbone]
def stage(c_in, c_out):
    """骨干网络的一个阶段：3×3 卷积 + ReLU + 2×2 最大池化（高、宽减半）。"""
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
    )


class TinyBackbone(nn.Module):
    """一个很小的骨干网络。各阶段输出的形状与 ResNet-18 各阶段相同。"""

    def __init__(self):
        super().__init__()
        # stem：7×7 卷积（步幅 2）+ 3×3 最大池化（步幅 2），高、宽一共缩小 4 倍
        self.stem = nn.Sequential(
            nn.Conv2d(3, 64, 7, stride=2, padding=3),
            nn.ReLU(),
            nn.MaxPool2d(3, stride=2, padding=1),
        )
        self.stages = nn.ModuleList(
            [stage(64, 128), stage(128, 256), stage(256, 512)],
        )

    def forward(self, x):
        features = [self.stem(x)]  # C2：缩小 4 倍
        for block in self.stages:
            features.append(block(features[-1]))  # C3、C4、C5：缩小 8/16/32 倍
        return features  # 由浅到深、由大到小的 4 张特征图


# --8<-- [end:backbone]


# --8<-- [start:heads]
class ClassificationHead(nn.Module):
    """分类头：全局平均池化把每个通道压成一个数，再用全连接层给每个类别打分。"""

    def __init__(self, c_in=512, num_classes=1000):
        super().__init__()
        self.fc = nn.Linear(c_in, num_classes)

    def forward(self, features):
        pooled = features[-1].mean(dim=(2, 3))  # (N, 512, 7, 7) → (N, 512)
        return self.fc(pooled)  # (N, 1000)


class SegmentationHead(nn.Module):
    """分割头：1×1 卷积给每个位置的每个类别打分，再上采样回输入图像的大小。"""

    def __init__(self, c_in=512, num_classes=21, scale=32):
        super().__init__()
        self.classifier = nn.Conv2d(c_in, num_classes, kernel_size=1)
        self.scale = scale

    def forward(self, features):
        scores = self.classifier(features[-1])  # (N, 21, 7, 7)
        # 放大 32 倍：(N, 21, 224, 224)
        return F.interpolate(scores, scale_factor=self.scale, mode="bilinear")


# --8<-- [end:heads]


# --8<-- [start:neck]
class TinyFPN(nn.Module):
    """颈部（neck）：简化的特征金字塔网络（FPN）。

    深层特征“懂语义”但粗糙，浅层特征精细但“不太懂”。
    FPN 把深层特征逐级放大，加到浅一层上，
    得到几张通道数相同、每张都兼顾语义和细节的特征图。
    """

    def __init__(self, in_channels=(128, 256, 512), out_channels=128):
        super().__init__()
        c = out_channels
        # 1×1 卷积把各层的通道数统一成 c；3×3 卷积把相加后的结果再“抹平”一下
        self.lateral = nn.ModuleList(
            [nn.Conv2d(c_in, c, 1) for c_in in in_channels],
        )
        self.smooth = nn.ModuleList(
            [nn.Conv2d(c, c, 3, padding=1) for _ in in_channels],
        )

    def forward(self, features):
        used = features[-len(self.lateral) :]  # C3、C4、C5
        x = [conv(f) for conv, f in zip(self.lateral, used)]
        # 自顶向下：深层放大到浅一层的大小，加上去
        for i in range(len(x) - 1, 0, -1):
            size = x[i - 1].shape[-2:]
            x[i - 1] = x[i - 1] + F.interpolate(x[i], size=size, mode="nearest")
        return [conv(p) for conv, p in zip(self.smooth, x)]  # P3、P4、P5


class DetectionHead(nn.Module):
    """检测头：在每张特征图的每个位置，预测 4 个框坐标和每个类别的得分。

    金字塔的各层共用同一个检测头。
    """

    def __init__(self, c_in=128, num_classes=80):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(c_in, c_in, 3, padding=1),
            nn.ReLU(),
        )
        self.box = nn.Conv2d(c_in, 4, kernel_size=1)
        self.cls = nn.Conv2d(c_in, num_classes, kernel_size=1)

    def forward(self, pyramid):
        return [(self.box(h), self.cls(h)) for h in map(self.conv, pyramid)]


# --8<-- [end:neck]


def shape_str(t):
    """张量形状去掉批大小那一维，写成 C×H×W。"""
    return "×".join(str(n) for n in t.shape[1:])


def trace_model(size=224):
    """搭起骨干 + 三种头，输入一张 size×size 的图，记录每一步的输出形状（图、输出、测试都用它）。"""
    torch.manual_seed(0)
    backbone, neck = TinyBackbone(), TinyFPN()
    heads = {"cls": ClassificationHead(), "seg": SegmentationHead(), "det": DetectionHead()}
    image = torch.zeros(1, 3, size, size)
    with torch.no_grad():
        features = backbone(image)
        pyramid = neck(features)
        detections = heads["det"](pyramid)
        shapes = {
            "input": shape_str(image),
            "backbone": [shape_str(f) for f in features],
            "cls": shape_str(heads["cls"](features)),
            "seg": shape_str(heads["seg"](features)),
            "neck": [shape_str(p) for p in pyramid],
            "det": [(shape_str(box), shape_str(cls)) for box, cls in detections],
        }
    params = {name: sum(p.numel() for p in m.parameters()) for name, m in [("backbone", backbone), ("neck", neck)]}
    params |= {name: sum(p.numel() for p in m.parameters()) for name, m in heads.items()}
    return shapes, params


@output("convolution_backbone.txt")
def backbone_demo():
    # --8<-- [start:backbone-demo]
    backbone = TinyBackbone()
    cls_head, seg_head = ClassificationHead(), SegmentationHead()
    neck, det_head = TinyFPN(), DetectionHead()
    image = torch.zeros(1, 3, 224, 224)  # 一张 224×224 的 RGB 图像（批大小 1）
    with torch.no_grad():
        features = backbone(image)  # 骨干只算一次，三种头共用
        for i, f in enumerate(features, start=2):
            print(f"骨干网络 C{i}：{tuple(f.shape)}")
        print("分类头输出：", tuple(cls_head(features).shape))
        print("分割头输出：", tuple(seg_head(features).shape))
        pyramid = neck(features)
        detections = det_head(pyramid)
        for i, (p, (box, cls)) in enumerate(zip(pyramid, detections), start=3):
            print(f"颈部 P{i}：{tuple(p.shape)}")
            print(f"  检测头：框 {tuple(box.shape)}，类别得分 {tuple(cls.shape)}")
    modules = {
        "骨干": backbone,
        "分类头": cls_head,
        "分割头": seg_head,
        "颈部": neck,
        "检测头": det_head,
    }
    counts = {name: sum(p.numel() for p in m.parameters()) for name, m in modules.items()}
    total = sum(counts.values())
    for name, n_params in counts.items():
        print(f"{name}参数量：{n_params:>9,}（{n_params / total:5.1%}）")
    print(f"合计：{total:,}；分类头里全连接层 fc 占 {sum(p.numel() for p in cls_head.fc.parameters()):,}")
    # --8<-- [end:backbone-demo]


def _box(ax, x, y, w, h, text, face, fontsize=10.5):
    """以 (x, y) 为中心画一个圆角方框，里面写字。"""
    import matplotlib.patches as mpatches

    ax.add_patch(
        mpatches.FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=face,
            edgecolor="#333333",
            lw=1.2,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, linespacing=1.3)


def _arrow(ax, start, end, label=None, side="above", fontsize=10):
    """从 start 到 end 画箭头；label（张量形状）写在箭头旁边。"""
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-|>", "lw": 1.4, "color": "#333333"})
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        offsets = {
            "above": (0, 0.13, "center", "bottom"),
            "over": (0, 0.42, "center", "bottom"),  # 写在方框顶边之上，不会压住两侧的方框
            "right": (0.08, 0, "left", "center"),
        }
        dx, dy, ha, va = offsets[side]
        ax.text(mx + dx, my + dy, label, ha=ha, va=va, fontsize=fontsize, color=COLORS["blue"])


@figure("convolution_backbone_neck_head.svg")
def draw_backbone_neck_head():
    """骨干网络提取多尺度特征，分类头和分割头直接接在最后一层上，检测先经过颈部 FPN 再接检测头。
    箭头上的形状都来自 trace_model() 实际运行的结果。"""
    import matplotlib.patches as mpatches
    import matplotlib.pyplot as plt

    shapes, _ = trace_model()
    light = {"backbone": "#D6E9F5", "neck": "#D2EFE5", "head": "#FBE7C6"}
    fig, ax = plt.subplots(figsize=(9, 6.6))

    # 三个区域的底色：头部（上）、骨干（中）、颈部和检测头（下）
    for (x0, y0, w, h), color in [
        ((-0.05, 2.95, 9.35, 1.55), light["backbone"]),
        ((5.2, 4.55, 4.1, 1.0), light["head"]),
        ((3.05, 1.6, 6.25, 0.8), light["neck"]),
        ((3.05, 0.35, 6.25, 0.9), light["head"]),
    ]:
        ax.add_patch(mpatches.Rectangle((x0, y0), w, h, facecolor=color, edgecolor="none", alpha=0.6, zorder=0))

    # 骨干网络：输入 → 4 个阶段，箭头上写特征图形状
    xs, y_bb, w_bb = [0.5, 2.35, 4.2, 6.05, 7.9], 3.45, 0.88
    names = ["输入图像", "阶段 1\n(stem)", "阶段 2", "阶段 3", "阶段 4"]
    for x, name in zip(xs, names):
        _box(ax, x, y_bb, w_bb, 0.72, name, "white")
    tensors = [shapes["input"], *shapes["backbone"]]
    for i in range(4):
        _arrow(ax, (xs[i] + w_bb / 2, y_bb), (xs[i + 1] - w_bb / 2, y_bb), tensors[i], side="over")
    ax.text(0.05, 4.3, "骨干网络（backbone）：提取特征", fontsize=11, va="center")
    for x, c in zip(xs[1:], ["C2", "C3", "C4", "C5"]):
        ax.text(x, y_bb - 0.5, c, ha="center", fontsize=10, color="#555555")

    # 分类头、分割头：接在最后一张特征图 C5 上
    c5, x_cls, x_seg = shapes["backbone"][-1], 6.4, 8.45
    n_seg_classes = shapes["seg"].split("×")[0]
    _box(ax, x_cls, 5.05, 2.1, 0.72, "分类头\n全局平均池化 + 全连接", "white", fontsize=10)
    _box(ax, x_seg, 5.05, 1.75, 0.72, "分割头\n1×1 卷积 + 上采样", "white", fontsize=10)
    _arrow(ax, (xs[-1] - 0.2, y_bb + 0.36), (x_cls + 0.3, 4.69))
    _arrow(ax, (xs[-1] + 0.2, y_bb + 0.36), (x_seg, 4.69), c5, side="right")
    for x in (x_cls, x_seg):
        _arrow(ax, (x, 5.41), (x, 5.95))
    ax.text(x_cls, 6.05, f"{shapes['cls']} 个类别得分", ha="center", va="bottom", fontsize=10.5, color=COLORS["blue"])
    label = f"{shapes['seg']}\n每个像素 {n_seg_classes} 类得分"
    ax.text(x_seg, 6.05, label, ha="center", va="bottom", fontsize=10.5, color=COLORS["blue"], linespacing=1.2)
    ax.text(0.05, 5.05, "头部（head）：完成具体任务", fontsize=11, va="center")

    # 颈部 FPN 与检测头：用 C3、C4、C5 三个尺度
    _box(ax, 6.15, 2.0, 5.9, 0.56, "颈部（neck）：FPN，自顶向下把深层特征放大后与浅层相加", "white", fontsize=10)
    n_box, n_cls = (t.split("×")[0] for t in shapes["det"][0])
    text = f"检测头：每个位置预测 {n_box} 个框坐标 + {n_cls} 类得分（各层共用）"
    _box(ax, 6.15, 0.8, 5.9, 0.56, text, "white", fontsize=10)
    for x in xs[2:]:
        _arrow(ax, (x, y_bb - 0.62), (x, 2.28))
    for x, p in zip(xs[2:], shapes["neck"]):
        _arrow(ax, (x, 1.72), (x, 1.08), p, side="right")
    for x, (box, _) in zip(xs[2:], shapes["det"]):
        hw = box.split("×", 1)[1]
        _arrow(ax, (x, 0.52), (x, 0.02))
        ax.text(x, -0.05, f"({n_box}+{n_cls})×{hw}", ha="center", va="top", fontsize=10, color=COLORS["blue"])
    ax.text(0.05, 2.0, "颈部（neck）：融合多个尺度", fontsize=11, va="center")
    ax.text(0.05, 0.8, "检测头（head）", fontsize=11, va="center")

    ax.set(xlim=(-0.1, 9.35), ylim=(-0.45, 6.65), aspect="equal")
    ax.axis("off")
    fig.tight_layout()
    return fig
