"""机器学习基础：模型是带参数的函数；训练集、验证集、测试集；欠拟合与过拟合。

页面：docs/dl/machine-learning.md；测试：tests/test_ml_basics.py。
"""

import numpy as np

from snippets.generated import figure, output
from snippets.plotting import COLORS

# --8<-- [start:data]
NOISE = 0.2  # 观测噪声的标准差：y = sin(πx + 1) + 噪声


def true_function(x):
    """“真实”的规律。学习算法看不到它，只看到带噪声的样本。"""
    return np.sin(np.pi * x + 1)


def make_data(n=100, seed=979):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    y = true_function(x) + NOISE * rng.normal(size=n)
    return x, y


def split(x, y, n_train=20, n_val=40, seed=0):
    """打乱后切成三份：训练集 20 个，验证集 40 个，剩下的是测试集。"""
    order = np.random.default_rng(seed).permutation(len(x))
    train, val, test = np.split(order, [n_train, n_train + n_val])
    return (x[train], y[train]), (x[val], y[val]), (x[test], y[test])


# --8<-- [end:data]


# --8<-- [start:fit]
def features(x, degree):
    """把每个 x 变成 [1, x, x², …, x^degree]。"""
    return np.vander(x, degree + 1, increasing=True)


def fit_polynomial(x, y, degree):
    """最小二乘：找让训练集上均方误差最小的系数 theta = [theta_0, theta_1, …, theta_d]。"""
    theta, *_ = np.linalg.lstsq(features(x, degree), y, rcond=None)
    return theta


def predict(theta, x):
    """模型 f(x; theta) = theta_0 + theta_1·x + … + theta_d·x^d。"""
    return features(x, len(theta) - 1) @ theta


def mse(theta, x, y):
    """均方误差（mean squared error）：预测与标签之差的平方的平均。"""
    return np.mean((predict(theta, x) - y) ** 2)


# --8<-- [end:fit]

DEGREES = range(16)  # 试 0～15 次多项式


def error_table():
    """每个次数：在训练集上拟合，再分别算训练误差和验证误差。测试集不碰。"""
    (x_tr, y_tr), (x_val, y_val), _ = split(*make_data())
    rows = []
    for degree in DEGREES:
        theta = fit_polynomial(x_tr, y_tr, degree)
        rows.append((degree, mse(theta, x_tr, y_tr), mse(theta, x_val, y_val)))
    return rows


def best_degree():
    """验证误差最小的次数。"""
    return min(error_table(), key=lambda row: row[2])[0]


# --8<-- [start:repeat]
def repeated_validation_errors(repeats=500):
    """把整个实验重复很多次：每次重新采样 100 个点、重新划分，记下每个次数的验证误差。"""
    errors = []
    for r in range(repeats):
        (x_tr, y_tr), (x_val, y_val), _ = split(*make_data(seed=1000 + r), seed=r)
        errors.append([mse(fit_polynomial(x_tr, y_tr, d), x_val, y_val) for d in DEGREES])
    return np.array(errors)  # 形状 (repeats, 16)：每一行是一次实验


def u_shaped(errors, factor=2):
    """U 形：最低点在中间（不是 0 次，也不是最高次），
    并且最高次的误差至少是最低值的 factor 倍。"""
    k = int(np.argmin(errors))
    return bool(0 < k < len(errors) - 1 and errors[-1] >= factor * errors[k])


def falls_then_rises(errors):
    """更严格：误差先一路下降、过了最低点再一路上升，中间没有一点起伏。"""
    k = int(np.argmin(errors))
    return bool(np.all(np.diff(errors[: k + 1]) < 0) and np.all(np.diff(errors[k:]) > 0))


# --8<-- [end:repeat]


def median_validation_errors(repeats=500):
    """每个次数的验证误差在多次实验中的中位数。"""
    return np.median(repeated_validation_errors(repeats), axis=0)


@output("ml_basics_repeats.txt")
def demo_repeats():
    # --8<-- [start:repeat-demo]
    errors = repeated_validation_errors(500)
    median = np.median(errors, axis=0)  # 每个次数在 500 次实验里的中位数
    print("每个次数验证误差的中位数：")
    for row in (DEGREES[:8], DEGREES[8:]):
        print("  ".join(f"{d:>2}: {median[d]:.3g}" for d in row))
    print(f"中位数最低的是 {median.argmin()} 次，中位数曲线先降后升：{falls_then_rises(median)}")
    u = sum(u_shaped(e) for e in errors)
    print(f"U 形（最低点在中间，15 次的误差至少是最低值的 2 倍）：{u} 次", end="")
    print(f"（共 {len(errors)} 次）")
    smooth = sum(falls_then_rises(e) for e in errors)
    print(f"其中一路下降、再一路上升，中间没有一点起伏的：{smooth} 次")
    # --8<-- [end:repeat-demo]


@output("ml_basics_errors.txt")
def demo():
    # --8<-- [start:demo]
    (x_tr, y_tr), (x_val, y_val), (x_te, y_te) = split(*make_data())
    print(f"训练集 {len(x_tr)} 个，验证集 {len(x_val)} 个，测试集 {len(x_te)} 个样本")
    print("次数   训练误差   验证误差")
    val_errors = {}
    for degree in range(16):
        theta = fit_polynomial(x_tr, y_tr, degree)  # 只用训练集拟合参数
        train_error = mse(theta, x_tr, y_tr)
        val_errors[degree] = mse(theta, x_val, y_val)  # 用验证集给模型打分
        print(f"{degree:>4} {train_error:>10.4f} {val_errors[degree]:>10.4f}")

    best = min(val_errors, key=val_errors.get)  # 按验证误差选次数
    theta = fit_polynomial(x_tr, y_tr, best)
    print(f"验证误差最小的是 {best} 次多项式")
    print(f"选定以后，在测试集上只算一次：{mse(theta, x_te, y_te):.4f}")
    # --8<-- [end:demo]


def _plot_split(ax, train, val):
    # 验证点比训练点多一倍，画得小一些、放在下面，免得盖住训练点
    ax.scatter(*val, marker="s", color=COLORS["orange"], edgecolor="none", alpha=0.75, s=16, label="验证集", zorder=3)
    ax.scatter(*train, marker="o", color=COLORS["blue"], edgecolor="black", s=34, label="训练集", zorder=4)


@figure("ml_basics_fits.svg")
def draw_fits():
    """同一份训练数据，用 1 次、验证误差最小的次数、15 次多项式去拟合。"""
    import matplotlib.pyplot as plt

    train, val, _ = split(*make_data())
    grid = np.linspace(-1, 1, 200)
    best = best_degree()
    panels = [(1, "欠拟合"), (best, "刚好"), (DEGREES[-1], "过拟合")]
    fig, axes = plt.subplots(1, 3, figsize=(8.8, 3.3), sharey=True)
    for ax, (degree, verdict) in zip(axes, panels):
        theta = fit_polynomial(*train, degree)
        ax.plot(grid, true_function(grid), color=COLORS["gray"], linestyle="--", linewidth=1.2, label="真实规律")
        ax.plot(grid, predict(theta, grid), color="black", linewidth=1.8, label="拟合的模型")
        _plot_split(ax, train, val)
        ax.set(
            xlim=(-1.05, 1.05),
            ylim=(-2, 2),
            xlabel="$x$",
            title=f"{degree} 次：{verdict}\n训练 {mse(theta, *train):.3g}，验证 {mse(theta, *val):.3g}",
        )
    axes[0].set_ylabel("$y$")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, -0.08), ncols=4, fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


@figure("ml_basics_errors.svg")
def draw_errors():
    """训练误差随次数一直下降；验证误差先降后升，最低点就是要选的次数。"""
    import matplotlib.pyplot as plt

    degrees, train_err, val_err = zip(*error_table())
    best = best_degree()
    median = median_validation_errors()
    top = DEGREES[-1]
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    ax.axvspan(-0.5, best - 0.5, color=COLORS["sky"], alpha=0.12, linewidth=0)
    ax.axvspan(best + 0.5, top + 0.5, color=COLORS["red"], alpha=0.08, linewidth=0)
    ax.plot(degrees, train_err, marker="o", color=COLORS["blue"], label="训练误差")
    ax.plot(degrees, val_err, marker="s", color=COLORS["orange"], label="验证误差")
    median_label = "验证误差（500 次实验的中位数）"
    ax.plot(degrees, median, color=COLORS["orange"], linestyle="--", linewidth=1.3, label=median_label)
    ax.axhline(NOISE**2, color=COLORS["gray"], linestyle=":", linewidth=1.2)
    ax.text(top + 0.3, NOISE**2 * 0.8, f"噪声方差 {NOISE**2:.2f}", ha="right", va="top", fontsize=10, color="dimgray")
    ax.annotate(
        f"最低：{best} 次",
        xy=(best, val_err[best]),
        xytext=(best + 1.2, 0.4),
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": "black"},
    )
    ax.text((best - 1) / 2, 3000, "欠拟合", ha="center", fontsize=10)
    ax.text((best + top + 1) / 2, 3000, "过拟合", ha="center", fontsize=10)
    ax.set_yscale("log")
    ax.set(xlabel="多项式次数", ylabel="均方误差（对数坐标）", xlim=(-0.5, top + 0.5), ylim=(0.001, 1e5))
    ax.set_xticks(list(degrees))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=10, frameon=False)
    fig.tight_layout()
    return fig


@figure("ml_basics_split.svg")
def draw_split():
    """数据切成三份，各有各的用途；测试集留到最后只用一次。"""
    import matplotlib.pyplot as plt

    (x_tr, _), (x_val, _), (x_te, _) = split(*make_data())
    sizes = [len(x_tr), len(x_val), len(x_te)]
    parts = [
        ("训练集", COLORS["blue"], "拟合参数 θ\n（最小二乘、梯度下降）"),
        ("验证集", COLORS["orange"], "比较模型、选超参数\n（例如多项式次数）"),
        ("测试集", COLORS["green"], "全部选定后只用一次\n估计新数据上的误差"),
    ]
    fig, ax = plt.subplots(figsize=(8.6, 2.5))
    total, left = sum(sizes), 0.0
    for (name, color, job), size in zip(parts, sizes):
        width = size / total
        center = left + width / 2
        ax.add_patch(plt.Rectangle((left + 0.003, 0.62), width - 0.006, 0.3, facecolor=color, alpha=0.3))
        ax.add_patch(plt.Rectangle((left + 0.003, 0.62), width - 0.006, 0.3, facecolor="none", edgecolor=color, lw=2))
        ax.text(center, 0.77, f"{name}\n{size} 个（{width:.0%}）", ha="center", va="center", fontsize=11)
        ax.annotate("", xy=(center, 0.4), xytext=(center, 0.6), arrowprops={"arrowstyle": "-|>", "color": color})
        ax.text(center, 0.22, job, ha="center", va="center", fontsize=10, linespacing=1.4)
        left += width
    ax.annotate("", xy=(1.09, 0.22), xytext=(1.0, 0.22), arrowprops={"arrowstyle": "-|>", "color": "black"})
    ax.text(1.1, 0.22, "部署", ha="left", va="center", fontsize=11)
    ax.set(xlim=(0, 1.17), ylim=(0.05, 0.95))
    ax.axis("off")
    return fig
