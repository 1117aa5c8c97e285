"""感知机（perceptron）：判别规则、学习算法、线性可分数据与 XOR。

页面：docs/dl/perceptron.md；测试：tests/test_perceptron.py。
"""

import torch

from snippets.generated import figure, output
from snippets.plotting import COLORS, shade_regions


# --8<-- [start:perceptron]
def predict(w, b, x):
    """感知机的判别规则：w·x + b > 0 判为 +1，否则判为 -1。"""
    return torch.where(x @ w + b > 0, 1.0, -1.0)


def train_perceptron(x, y, lr=1.0, max_epochs=100):
    """Rosenblatt 感知机学习算法。

    x: 形状 (N, d) 的样本；y: 形状 (N,) 的标签，取值 +1 或 -1。
    返回学到的 w、b，以及每一轮（epoch）分错的样本数。
    """
    w = torch.zeros(x.shape[1])
    b = torch.tensor(0.0)
    mistakes_per_epoch = []
    for _ in range(max_epochs):
        mistakes = 0
        for xi, yi in zip(x, y):
            if yi * (xi @ w + b) <= 0:  # 分错了（或恰好落在分界线上）
                w = w + lr * yi * xi  # 把分界线朝"分对这个样本"的方向挪一点
                b = b + lr * yi
                mistakes += 1
        mistakes_per_epoch.append(mistakes)
        if mistakes == 0:  # 一整轮没有出错：所有样本都分对了，停止
            break
    return w, b, mistakes_per_epoch


# --8<-- [end:perceptron]


# --8<-- [start:data]
# 真实的分界线：x1 + 2·x2 - 0.5 = 0（学习算法看不到它，只看到样本和标签）
TRUE_W, TRUE_B = torch.tensor([1.0, 2.0]), -0.5


def make_separable_data(n=40, margin=0.2, seed=0):
    """在 [-2, 2]² 里随机取点，按真实分界线打标签；丢掉离分界线不到 margin 的点，
    保证两类之间有一条"空白带"，数据线性可分。"""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(10 * n, 2, generator=g) * 4 - 2
    distance = (x @ TRUE_W + TRUE_B) / TRUE_W.norm()  # 到真实分界线的有符号距离
    keep = distance.abs() > margin
    return x[keep][:n], torch.sign(distance[keep][:n])


# XOR（异或）：两个输入不同时为 +1，相同时为 -1。
XOR_X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = torch.tensor([-1.0, 1.0, 1.0, -1.0])
# --8<-- [end:data]


# --8<-- [start:bound]
def novikoff_bound(x, y, u, c):
    """收敛定理的上界 (R/γ)²：样本和分界线 (u, c) 都放进“增广”空间里量。

    增广样本 x̃ = (x, 1)，R = max ‖x̃‖；把 (u, c) 缩放成长度为 1，
    γ = min y·(u·x + c) / ‖(u, c)‖ 是这条分界线在增广空间里的间隔。
    """
    x_aug = torch.cat([x, torch.ones(len(x), 1)], dim=1)
    radius = x_aug.norm(dim=1).max()
    separator = torch.cat([u, torch.tensor([float(c)])])
    gamma = (y * (x_aug @ separator)).min() / separator.norm()
    return radius.item(), gamma.item(), (radius / gamma).item() ** 2


def plane_margin(x, y, u, c):
    """平面里的间隔：每个样本到分界线 u·x + c = 0 的（有符号）距离的最小值。"""
    return ((y * (x @ u + c)).min() / u.norm()).item()


# 离原点很远的四个点（边长为 1 的正方形），按 x1 > 10 打标签：线性可分，平面里的间隔是 0.5
FAR_X = torch.tensor([[10.5, 0.0], [9.5, 0.0], [10.5, 1.0], [9.5, 1.0]])
FAR_Y = torch.tensor([1.0, -1.0, 1.0, -1.0])
FAR_W, FAR_B = torch.tensor([1.0, 0.0]), -10.0  # 分界线 x1 = 10
# --8<-- [end:bound]


@output("perceptron_bound.txt")
def demo_bound():
    # --8<-- [start:bound-demo]
    x, y = make_separable_data()
    _, _, mistakes = train_perceptron(x, y)
    R, gamma, bound = novikoff_bound(x, y, TRUE_W, TRUE_B)  # 用生成数据的真实分界线
    print(f"40 个样本：R = {R:.2f}，γ = {gamma:.3f}，(R/γ)² = {bound:.0f}")
    print(f"  实际出错 {sum(mistakes)} 次")

    _, _, mistakes = train_perceptron(FAR_X, FAR_Y, max_epochs=1000)
    R, gamma, bound = novikoff_bound(FAR_X, FAR_Y, FAR_W, FAR_B)  # 分界线 x1 = 10
    print(f"远处的正方形：R = {R:.2f}，γ = {gamma:.4f}，(R/γ)² = {bound:.0f}")
    print(f"  实际出错 {sum(mistakes)} 次")
    plane = plane_margin(FAR_X, FAR_Y, FAR_W, FAR_B)  # 错误做法：γ 用平面里的距离
    print(f"  把平面里的距离 {plane} 当作 γ：(R/γ)² = {(R / plane) ** 2:.0f}，比实际出错还少")
    # --8<-- [end:bound-demo]


@output("perceptron_demo.txt")
def demo():
    # --8<-- [start:demo]
    x, y = make_separable_data()
    w, b, mistakes = train_perceptron(x, y)
    accuracy = (predict(w, b, x) == y).float().mean().item()
    print(f"线性可分数据：{len(x)} 个样本，训练 {len(mistakes)} 轮")
    print(f"  每轮分错的个数：{mistakes}")
    print(f"  学到 w = [{w[0]:.2f}, {w[1]:.2f}]，b = {b:.2f}，训练集准确率 {accuracy:.0%}")

    w, b, mistakes = train_perceptron(XOR_X, XOR_Y, max_epochs=100)
    accuracy = (predict(w, b, XOR_X) == XOR_Y).float().mean().item()
    print(f"XOR：训练 {len(mistakes)} 轮仍未收敛")
    print(f"  最后 5 轮分错的个数：{mistakes[-5:]}，最终准确率 {accuracy:.0%}")
    # --8<-- [end:demo]


def _style_plane(ax, lim, title):
    """输入平面 (x1, x2) 的坐标轴：两个方向同样的范围和比例。"""
    ax.set(xlim=lim, ylim=lim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal", title=title)


def _scatter_classes(ax, x, y, wrong=None):
    classes = [(1, "o", COLORS["blue"], "+1 类"), (-1, "s", COLORS["orange"], "\N{MINUS SIGN}1 类")]
    for label, marker, color, name in classes:
        pts = x[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, color=color, edgecolor="black", s=45, label=name, zorder=3)
    if wrong is not None and wrong.any():
        ax.scatter(
            x[wrong, 0],
            x[wrong, 1],
            s=300,
            facecolor="none",
            edgecolor=COLORS["red"],
            linewidth=2,
            label="分错的点",
            zorder=4,
        )


@figure("perceptron_boundary.svg")
def draw_perceptron_training():
    """左：线性可分数据上学到的分界线；右：每轮分错的个数，线性可分数据降到 0，XOR 始终不为 0。"""
    import matplotlib.pyplot as plt

    fig, (ax, ax_curve) = plt.subplots(1, 2, figsize=(8.6, 4.5), width_ratios=[1, 1.15])
    x, y = make_separable_data()
    w, b, mistakes = train_perceptron(x, y)
    lim = (-2.1, 2.1)
    shade_regions(ax, lambda p: p @ w + b, lim, lim, steps=300)
    x1 = torch.tensor(lim)
    true_x2 = -(TRUE_W[0] * x1 + TRUE_B) / TRUE_W[1]  # 真实分界线 x1 + 2·x2 - 0.5 = 0
    ax.plot([], [], color="black", linewidth=1.5, label="学到的分界线")  # 图例用；线由 shade_regions 画
    ax.plot(x1, true_x2, color=COLORS["gray"], linestyle="--", linewidth=1.5, label="真实分界线")
    _scatter_classes(ax, x, y, wrong=predict(w, b, x) != y)
    _style_plane(ax, lim, f"线性可分数据：第 {len(mistakes)} 轮起全部分对")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, frameon=False)

    _, _, xor_mistakes = train_perceptron(XOR_X, XOR_Y, max_epochs=20)
    ax_curve.plot(range(1, len(mistakes) + 1), mistakes, marker="o", label="线性可分数据（40 个样本）")
    ax_curve.plot(range(1, len(xor_mistakes) + 1), xor_mistakes, marker="s", label="XOR（4 个样本）")
    ax_curve.set(
        xlabel="训练轮数（epoch）",
        ylabel="这一轮分错的个数",
        title="每轮分错的个数",
        xlim=(0.5, 20.5),
        ylim=(-0.3, max(mistakes + xor_mistakes) + 1),
    )
    ax_curve.set_xticks(range(1, 21, 2))
    ax_curve.legend(fontsize=9)
    fig.tight_layout()
    return fig


# --8<-- [start:replay]
def replay(x, y, steps, lr=1.0):
    """train_perceptron 依次看过 steps 个样本（一轮看完再从第一个看起）之后的 w、b。

    把训练时看样本的顺序排成一长串，只训练一轮，走的就是同样的每一步。
    只在训练停下之前成立：train_perceptron 在一整轮不出错后就停了。
    """
    order = torch.arange(steps) % len(x)
    w, b, _ = train_perceptron(x[order], y[order], lr=lr, max_epochs=1)
    return w, b


# --8<-- [end:replay]


def perceptron_updates(x, y, lr=1.0):
    """重放 train_perceptron 在 (x, y) 上的整个训练过程，列出每一次更新。

    返回 [(t, i, w, b, w_new, b_new), ...]：第 t 次看样本（从 0 数）时，第 i 个样本被分错，
    (w, b) 变成了 (w_new, b_new)。每一步都由 train_perceptron 本身算出，不另写一遍更新规则。
    """
    _, _, mistakes = train_perceptron(x, y, lr=lr)
    updates = []
    w, b = replay(x, y, 0, lr)
    for t in range(len(mistakes) * len(x)):
        w_new, b_new = replay(x, y, t + 1, lr)
        if not (torch.equal(w, w_new) and torch.equal(b, b_new)):
            updates.append((t, t % len(x), w, b, w_new, b_new))
        w, b = w_new, b_new
    return updates


# 图 2 画的是第几次更新：第 1 次更新前 w = 0，还没有分界线，所以画第 2 次
UPDATE_SHOWN = 2


def _line_points(w, b, lim):
    """直线 w·x + b = 0 在正方形 lim × lim 里的两个端点（按 w 的哪个分量大决定怎么解）。"""
    t = torch.tensor(lim)
    if w[1].abs() >= w[0].abs():
        return t, -(w[0] * t + b) / w[1]
    return -(w[1] * t + b) / w[0], t


@figure("perceptron_update.svg")
def draw_update_step():
    """放大看训练中真实的一步：分错的样本 x_i 让 w 加上 η·y_i·x_i，分界线跟着转动、平移。"""
    import matplotlib.pyplot as plt

    x, y = make_separable_data()
    t, i, w, b, w_new, b_new = perceptron_updates(x, y)[UPDATE_SHOWN - 1]
    step = w_new - w  # 就是 η·y_i·x_i（η = 1）
    fig, ax = plt.subplots(figsize=(5.8, 5.9))
    lim = (-2.1, 2.1)
    # 底色按更新后的分界线涂；分界线是直线，粗一点的网格就画得准
    shade_regions(ax, lambda p: p @ w_new + b_new, lim, lim, steps=40, boundary=False)
    for label, marker, color in [(1, "o", COLORS["blue"]), (-1, "s", COLORS["orange"])]:
        ax.scatter(*x[y == label].T, marker=marker, color=color, edgecolor="none", s=30, alpha=0.35, zorder=2)
        if y[i] == label:  # 这一步分错的样本：实心、描边，再套一个红圈
            ax.scatter(*x[i], marker=marker, color=color, edgecolor="black", s=60, zorder=4)
    ax.scatter(*x[i], s=320, facecolor="none", edgecolor=COLORS["red"], linewidth=2, zorder=4)
    ax.annotate(
        r"分错的样本 $\mathbf{x}_i$" + "\n" + rf"（$y_i = {y[i]:.0f}$）",
        x[i],
        xytext=(-10, -36),
        textcoords="offset points",
        ha="center",
        fontsize=10,
    )

    ax.plot(*_line_points(w, b, lim), color=COLORS["gray"], linestyle="--", linewidth=1.6, label="更新前的分界线")
    ax.plot(*_line_points(w_new, b_new, lim), color="black", linewidth=1.8, label="更新后的分界线")

    def arrow(start, end, color, **style):
        props = dict(arrowstyle="-|>", color=color, lw=2, shrinkA=0, shrinkB=0, **style)
        ax.annotate("", xy=end, xytext=start, arrowprops=props, zorder=5)

    origin = torch.zeros(2)
    arrow(origin, y[i] * x[i], COLORS["red"], linestyle=":")
    arrow(origin, w, COLORS["gray"])
    arrow(w, w_new, COLORS["red"])
    arrow(origin, w_new, "black")
    labels = [  # （位置，文字，颜色）：位置都相对箭头的端点挪一点，避开箭头
        (0.5 * y[i] * x[i] + torch.tensor([0.08, -0.25]), r"$y_i\mathbf{x}_i$", COLORS["red"]),
        (w + torch.tensor([-0.75, 0.05]), r"$\mathbf{w}$（前）", COLORS["gray"]),
        (w + 0.5 * step + torch.tensor([-0.78, 0.12]), r"$+\eta y_i\mathbf{x}_i$", COLORS["red"]),
        (w_new + torch.tensor([0.06, 0.02]), r"$\mathbf{w}'$（后）", "black"),
    ]
    for (px, py), text, color in labels:
        ax.text(px, py, text, color=color, fontsize=11)
    ax.plot([0], [0], marker="+", color="black", markersize=8)

    title = rf"第 {UPDATE_SHOWN} 次更新（第 1 轮第 {t + 1} 个样本）：$b$ 从 ${b:g}$ 变成 ${b_new:g}$"
    _style_plane(ax, lim, title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


# --8<-- [start:xor-lines]
def best_line_on_xor(n_lines=10_000, seed=0):
    """随机试很多条直线 w·x + b = 0，返回在 XOR 上分错最少的那条及其错误数。"""
    g = torch.Generator().manual_seed(seed)
    ws = torch.randn(n_lines, 2, generator=g)
    bs = torch.randn(n_lines, generator=g)
    predictions = torch.where(XOR_X @ ws.T + bs > 0, 1.0, -1.0)  # (4, n_lines)
    errors = (predictions != XOR_Y[:, None]).sum(dim=0)  # 每条直线分错几个
    best = errors.argmin()
    return ws[best], bs[best], errors.min().item()


# --8<-- [end:xor-lines]


@figure("perceptron_xor.svg")
def draw_xor_best_line():
    """XOR 的四个点和随机一万条直线里最好的一条：它仍然分错一个点。"""
    import matplotlib.pyplot as plt

    w, b, n_errors = best_line_on_xor()
    fig, ax = plt.subplots(figsize=(4.2, 4))
    lim = (-0.5, 1.5)
    shade_regions(ax, lambda p: p @ w + b, lim, lim, steps=300)
    _scatter_classes(ax, XOR_X, XOR_Y, wrong=predict(w, b, XOR_X) != XOR_Y)
    _style_plane(ax, lim, f"XOR：一万条直线中最好的，仍错 {n_errors} 个")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.legend(loc="center", fontsize=9, framealpha=0.9)
    fig.tight_layout()
    return fig


# --8<-- [start:sgd]
def perceptron_loss(w, b, x, y):
    """感知机的损失 max(0, −y(w·x + b))：分对时是 0，分错时是“错得有多深”。"""
    return torch.relu(-y * (x @ w + b))


def sgd_step(w, b, x, y, lr=1.0):
    """在一个样本 (x, y) 上走一步 SGD：autograd 求梯度，沿负梯度走 lr 那么远。"""
    w = w.clone().requires_grad_()
    b = b.clone().requires_grad_()
    perceptron_loss(w, b, x, y).backward()
    return (w - lr * w.grad).detach(), (b - lr * b.grad).detach()


# --8<-- [end:sgd]


@output("perceptron_sgd.txt")
def demo_sgd():
    # --8<-- [start:sgd-demo]
    x, y = make_separable_data()
    _, _, mistakes = train_perceptron(x, y)
    n_visits = len(mistakes) * len(x)  # 训练一共看了多少次样本
    n_updates, differ = 0, []
    for t in range(n_visits):
        i = t % len(x)  # 第 t 次看的是第 i 个样本
        w, b = replay(x, y, t)  # 看它之前的 w、b
        w_next, b_next = replay(x, y, t + 1)  # 感知机看过它之后的 w、b
        w_sgd, b_sgd = sgd_step(w, b, x[i], y[i])  # 从同一个 w、b 出发，走一步 SGD
        n_updates += not torch.equal(w, w_next)
        if not (torch.equal(w_sgd, w_next) and torch.equal(b_sgd, b_next)):
            differ.append((t, y[i] * (x[i] @ w + b)))
    print(f"训练中看了 {n_visits} 次样本，感知机更新了 {n_updates} 次")
    print(f"SGD 一步与感知机一步不一样的：{len(differ)} 次")
    for t, score in differ:
        print(f"  第 {t + 1} 次看样本，y·(w·x + b) = {score:g}")

    w, b = torch.zeros(2), torch.tensor(0.0)
    for xi, yi in zip(x, y):  # 只用 SGD，也从 w = 0、b = 0 出发，走一整轮
        w, b = sgd_step(w, b, xi, yi)
    print(f"只用 SGD 从 0 出发走一整轮：w = [{w[0]:g}, {w[1]:g}]，b = {b:g}")
    # --8<-- [end:sgd-demo]
