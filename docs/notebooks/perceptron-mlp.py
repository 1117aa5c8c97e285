# %% [markdown]
# # 从感知机到多层感知机
#
# 这个 notebook 把[感知机](../dl/perceptron.md)和[多层感知机](../dl/mlp.md)两页的结论亲手跑一遍：
#
# 1. 感知机在线性可分的数据上学得会，在 XOR 上怎么学都学不会；
# 2. 加一层隐藏层的多层感知机（MLP）用梯度下降学会 XOR，看它的决策边界和损失曲线；
# 3. 换一个更像真实数据的二维数据集“双月”（two moons），比较一条直线最多能做到多好、MLP 又能做到多好。
#
# 其中两段关键代码由你来写：感知机的一步更新（“你来写 1”）和多层感知机的前向传播（“你来写 2”）。
# 每段后面跟着一个检查单元格，写对了印出“正确。”，写错了指出哪里不对（哪个样本、期望多少、得到多少）。
# 网页上，参考答案折叠在练习下面；下载的 notebook 里，它在文末的附录。
# 每个实验前面有一句“先猜一猜”：先想好你的答案，再运行（或往下看输出），对一对。
#
# 其余的函数都来自本仓库的 `snippets` 包，网站上的页面引用的也是同一份代码。
# 每个单元格只用 CPU，几秒钟就能跑完。

# %% [markdown]
# ## 准备工作
#
# 先导入要用的函数，设置画图的中文字体和配色。
# PyTorch 只用一个线程：运算的顺序固定，同样的种子每次得到相同的结果；网络都很小，单线程也够快。

# %%
import torch
from matplotlib import pyplot as plt

from snippets.labs import check_mlp_forward, check_perceptron_update
from snippets.mlp import make_mlp, train_xor
from snippets.notebook_checks import best_line_accuracy, fit_logistic_regression
from snippets.perceptron import XOR_X, XOR_Y, make_separable_data, predict, train_perceptron
from snippets.plotting import COLORS, STYLE, shade_regions, use_only_pinned_fonts
from snippets.pytorch_basics import MLP, accuracy, fit, make_moons

# %matplotlib inline
# %config InlineBackend.figure_formats = ["retina"]
use_only_pinned_fonts()  # 图里的中文用 mplfonts 自带的思源黑体
plt.rcParams.update(STYLE)
torch.set_num_threads(1)


# %% [markdown]
# 后面要反复画“决策区域”：在平面上密密地取一格点，看模型把每个点判成哪一类，按类别涂色，
# 两种颜色的交界就是**决策边界**（decision boundary）。
# `score` 是一个函数，输入一批点、输出每个点的得分，得分大于 0 判为正类。
# 取格点、涂色和画边界由 `snippets/plotting.py` 里的 `shade_regions` 完成，网站上的图也用它；下面的函数再画上样本点。


# %%
def plot_regions(ax, score, x, y, lim, names=("+1 类", "\N{MINUS SIGN}1 类")):
    """决策区域（得分大于 0 涂蓝，其余涂橙）、决策边界和样本点（正类圆点、负类方块）。"""
    (x0, x1), (y0, y1) = lim
    shade_regions(ax, score, (x0, x1), (y0, y1))  # 网格、涂色和边界，见 snippets/plotting.py
    for mask, marker, color, name in [
        (y > 0, "o", COLORS["blue"], names[0]),
        (y <= 0, "s", COLORS["orange"], names[1]),
    ]:
        ax.scatter(x[mask, 0], x[mask, 1], marker=marker, color=color, edgecolor="black", s=40, label=name, zorder=3)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")


# %% [markdown]
# ## 感知机：线性可分时学得会
#
# 感知机的判别规则是 $\hat y = \operatorname{sign}(\mathbf w \cdot \mathbf x + b)$：
# 分界线 $\mathbf w \cdot \mathbf x + b = 0$ 是一条直线。
# 数学上 $\operatorname{sign}(0) = 0$，而这里的代码（`predict`）只把得分大于 0 的点判为 $+1$，
# 得分恰好为 0、落在分界线上的点判为 $-1$；训练时这样的点也算分错。
# 学习算法每遇到一个分错的样本，就把直线朝“分对它”的方向挪一点，一整轮没有分错就停下。
#
# ### 你来写 1：感知机的一步更新
#
# 学习算法的核心只有一步：拿到一个样本 $(\mathbf x, y)$，$y$ 是 $+1$ 或 $-1$。
# 如果 $y(\mathbf w \cdot \mathbf x + b) \le 0$（分错了，或者恰好落在分界线上），就更新
#
# $$\mathbf w \leftarrow \mathbf w + \eta\, y\, \mathbf x, \qquad b \leftarrow b + \eta\, y ,$$
#
# $\eta$ 是学习率；分对了就什么也不做。把下面函数里 `raise` 那一行换成你的代码，返回更新后的 `w` 和 `b`。
# 用 `w = w + …` 的写法，不要用 `w += …`：后者会原地改掉调用者手里的张量。


# %% tags=["exercise"]
def perceptron_update(w, b, x, y, lr=1.0):
    """感知机在一个样本上的一步。w：形状 (d,)；b：一个数；x：形状 (d,) 的样本；y：+1 或 -1。

    分错了（y·(w·x + b) ≤ 0）就按上面的公式更新，分对了原样返回。返回新的 w 和 b。
    """
    raise NotImplementedError("在这里写你的代码")


# %% tags=["solution"] exercise="你来写 1：感知机的一步更新"
def perceptron_update(w, b, x, y, lr=1.0):
    if y * (x @ w + b) <= 0:  # 分错了（或恰好落在分界线上）
        w = w + lr * y * x  # 把分界线朝“分对这个样本”的方向挪一点
        b = b + lr * y
    return w, b


# %% tags=["check"]
check_perceptron_update(perceptron_update)

# %% [markdown]
# `snippets/perceptron.py` 里的 `train_perceptron` 就是把这一步放进两层循环：外层一轮一轮地过数据，
# 内层逐个样本调用这一步，数一数这一轮分错了几个，一整轮没有分错就停下。后面都用它训练。
#
# 先在一组线性可分的数据上训练。
#
# > **先猜一猜**：40 个样本，从 $\mathbf w = \mathbf 0$、$b = 0$ 出发，每一轮分错的个数会怎样变化？要几轮才能一个不错？

# %%
x_sep, y_sep = make_separable_data()
w_sep, b_sep, mistakes_sep = train_perceptron(x_sep, y_sep)
print(f"{len(x_sep)} 个样本，训练了 {len(mistakes_sep)} 轮，每轮分错的个数：{mistakes_sep}")
print(f"训练集准确率：{(predict(w_sep, b_sep, x_sep) == y_sep).float().mean():.0%}")

# %% [markdown]
# 几轮之后一个也不错了。再把同一个算法用在 XOR 的四个点上，训练 100 轮。
#
# > **先猜一猜**：每一轮会分错几个点？训练 100 轮后，最后的那条直线能分对几个？

# %%
w_xor, b_xor, mistakes_xor = train_perceptron(XOR_X, XOR_Y, max_epochs=100)
perceptron_xor_accuracy = (predict(w_xor, b_xor, XOR_X) == XOR_Y).float().mean().item()
print(f"XOR：训练了 {len(mistakes_xor)} 轮，每轮分错的个数（去掉重复）：{sorted(set(mistakes_xor))}")
print(f"最后学到的直线在四个点上的准确率：{perceptron_xor_accuracy:.0%}")

# %% alt="两张图。左图：40 个线性可分的样本，上方的蓝色圆点（+1 类）和下方的橙色方块（-1 类）被感知机学到的一条从左上斜向右下的黑色直线完全分开。右图：XOR 的四个点，(0, 1) 和 (1, 0) 是蓝色圆点，(0, 0) 和 (1, 1) 是橙色方块；感知机训练 100 轮后，整个平面都涂成浅橙色，即全被判成 -1 类，没有分界线。"
fig, (ax_sep, ax_xor) = plt.subplots(1, 2, figsize=(8.6, 4))
plot_regions(ax_sep, lambda p: p @ w_sep + b_sep, x_sep, y_sep, lim=((-2.1, 2.1), (-2.1, 2.1)))
ax_sep.set_title(f"线性可分：第 {len(mistakes_sep)} 轮起全部分对")
plot_regions(ax_xor, lambda p: p @ w_xor + b_xor, XOR_X, XOR_Y, lim=((-0.5, 1.5), (-0.5, 1.5)))
ax_xor.set_title(f"XOR：100 轮后准确率 {perceptron_xor_accuracy:.0%}")
ax_sep.legend(loc="lower left", fontsize=9, framealpha=0.9)
plt.tight_layout()
plt.show()

# %% [markdown]
# XOR 上每一轮都有样本分错，算法永远停不下来：没有一条直线能把 $(0, 1)$、$(1, 0)$ 和 $(0, 0)$、$(1, 1)$ 分开
# （证明见[感知机](../dl/perceptron.md#xor一条直线做不到)一页）。
# 不仅如此，它每一轮把四个点全都分错。
#
# > **先猜一猜**：分别训练 1、2、3、100 轮就停下，停下时的 $\mathbf w$、$b$ 会不会随轮数变化？

# %%
xor_stops = {}
for epochs in (1, 2, 3, 100):
    w, b, _ = train_perceptron(XOR_X, XOR_Y, max_epochs=epochs)
    xor_stops[epochs] = (w.tolist(), b.item())
    print(f"训练 {epochs:>3} 轮后停下：w = {w.tolist()}，b = {b.item()}")

# %% [markdown]
# 每次都停在 $\mathbf w = (0, 0)$、$b = 0$。从 $\mathbf w = (0, 0)$、$b = 0$ 出发，按 $(0, 0)$、$(0, 1)$、$(1, 0)$、$(1, 1)$ 的顺序，
# 四次更新给 $\mathbf w$ 加上的是 $-(0, 0)$、$+(0, 1)$、$+(1, 0)$、$-(1, 1)$，给 $b$ 加上的是 $-1$、$+1$、$+1$、$-1$，
# 加起来正好是 0：每一轮结束时 $\mathbf w$ 和 $b$ 都回到 0，下一轮又从头犯同样的错。
# 停下时所有点的得分都是 0，按上面说的规则全被判成 $-1$ 类，四个点对了一半。

# %% [markdown]
# ## 多层感知机学会 XOR
#
# 在输入和输出之间加一层有 2 个单元的隐藏层，激活函数用 $\tanh$：
#
# $$\mathbf h = \tanh(W_1 \mathbf x + \mathbf b_1), \qquad z = \mathbf w_2 \cdot \mathbf h + b_2 .$$
#
# $z > 0$ 判为正类。阶跃函数换成了光滑的 $\tanh$，就能用梯度下降训练。
#
# ### 你来写 2：多层感知机的前向传播
#
# 先自己把上面的公式写成代码，一次算一批样本。参数的形状和 PyTorch 的 `nn.Linear` 存的一样，
# 权重的形状是（输出个数，输入个数）：隐藏单元有 $H$ 个时，`W1` 是 `(H, 2)`，`W2` 是 `(1, H)`。
# 一批样本 `x` 的形状是 `(N, 2)`，每行一个样本，要乘的是权重的转置 `W1.T`。
# 返回每个样本的 $z$，形状 `(N,)`。检查单元格拿两个随机网络比较你的结果和 PyTorch 算的结果。


# %% tags=["exercise"]
def mlp_forward(x, W1, b1, W2, b2):
    """2 → H → 1 的多层感知机，隐藏层用 tanh。x：(N, 2)；W1：(H, 2)；b1：(H,)；W2：(1, H)；b2：(1,)。

    返回 z：(N,)，每个样本一个数，z > 0 判为正类。
    """
    raise NotImplementedError("在这里写你的代码")


# %% tags=["solution"] exercise="你来写 2：多层感知机的前向传播"
def mlp_forward(x, W1, b1, W2, b2):
    h = torch.tanh(x @ W1.T + b1)  # 隐藏层：(N, H)
    z = h @ W2.T + b2  # 输出层：(N, 1)
    return z[:, 0]  # 每个样本一个数：(N,)


# %% tags=["check"]
check_mlp_forward(mlp_forward)

# %% [markdown]
# 网络由 `snippets/mlp.py` 的 `make_mlp` 搭好（`nn.Linear`、`nn.Tanh`、`nn.Linear`，前向传播就是你刚写的这几行），
# `train_xor` 训练它：损失是二分类交叉熵，四个样本一起算梯度（全批量），学习率 1，训练 1000 轮。
#
# > **先猜一猜**：训练前，随机初始化的网络说四个点属于正类的概率大概是多少？损失从多少开始，会一开始就往下掉吗？

# %%
mlp_xor = make_mlp(hidden=2)  # 2 → 2 → 1，tanh；随机初始化的种子固定为 0
with torch.no_grad():
    initial_probabilities = torch.sigmoid(mlp_xor(XOR_X).squeeze(1))  # 训练前：每个点属于正类的概率
print("训练前，四个点属于正类的概率：", [round(p, 2) for p in initial_probabilities.tolist()])
history_xor = train_xor(mlp_xor, epochs=1000, lr=1.0)  # 每一轮的 (损失, 分对的个数)
losses_xor = [loss for loss, _ in history_xor]
with torch.no_grad():
    mlp_xor_accuracy = ((mlp_xor(XOR_X).squeeze(1) > 0) == (XOR_Y > 0)).float().mean().item()
for epoch in [1, 100, 200, 500, 1000]:
    loss, correct = history_xor[epoch - 1]
    print(f"第 {epoch:>4} 轮：损失 {loss:.4f}，分对 {correct:.0f}/4")
print(f"训练结束：XOR 上的准确率 {mlp_xor_accuracy:.0%}")

# %% alt="两张图。左图：XOR 的四个点和 MLP 的决策区域，蓝色区域是一条从左上斜到右下的带子，盖住 (0, 1) 和 (1, 0) 两个蓝色圆点，(0, 0) 和 (1, 1) 两个橙色方块落在带子两侧的橙色区域里，边界是两条平行的黑色直线。右图：损失随训练轮数变化的曲线，纵轴是对数刻度，损失在前一百多轮停在 0.69 附近，随后迅速下降，500 轮左右降到 0.01 以下，1000 轮时约 0.004。"
fig, (ax_regions, ax_loss) = plt.subplots(1, 2, figsize=(8.6, 4))
plot_regions(ax_regions, lambda p: mlp_xor(p).squeeze(1), XOR_X, XOR_Y, lim=((-0.5, 1.5), (-0.5, 1.5)))
ax_regions.set_title(f"MLP 的决策区域：准确率 {mlp_xor_accuracy:.0%}")
ax_loss.plot(range(1, len(losses_xor) + 1), losses_xor, color=COLORS["red"])
ax_loss.set(xlabel="训练轮数（epoch）", ylabel="损失（对数刻度）", yscale="log", title="训练损失")
plt.tight_layout()
plt.show()

# %% [markdown]
# 两个隐藏单元各画一条直线（$W_1 \mathbf x + \mathbf b_1$ 的两个分量各自为 0 的地方），
# 输出层把两条直线之间的带子判成正类，决策边界几乎就是这两条直线：一条直线做不到的划分，就这样由两条直线拼了出来。
# 这次训练出的两个隐藏单元权重方向几乎相同（都接近 $x_1 + x_2$ 的方向），所以两条边界平行。
# 损失曲线开头有一段平台：随机初始化的网络给四个点的概率都在 0.38 到 0.52 之间，和瞎猜差不多，
# 损失在 $\ln 2 \approx 0.693$ 附近，下降得很慢；一百多轮后隐藏层找到了有用的方向，损失才快速下降。

# %% [markdown]
# ## 换一个数据集：双月
#
# XOR 只有四个点。`make_moons` 生成两个交错的半月形，每类 150 个点，坐标上加了噪声；
# 用一组数据训练，另一组（换一个随机种子，同样的分布）测试，测试集上的准确率才说明模型学到了规律，而不是背下了答案。
#
# 先看一条直线最多能做到多好。感知机不是好的裁判：数据线性不可分，它永远停不下来，
# 停下时手里的直线只是最后一次更新的结果，好坏要看运气。把类别 0、1 换成感知机用的 $-1$、$+1$，
# 分别训练 97、98、99、100 轮。
#
# > **先猜一猜**：只差一轮，测试集准确率会差多少？

# %%
x_train, y_train = make_moons(300, noise=0.2, seed=0)
x_test, y_test = make_moons(300, noise=0.2, seed=1)

perceptron_test_accuracies = {}
for epochs in (97, 98, 99, 100):
    w, b, _ = train_perceptron(x_train, y_train * 2.0 - 1, max_epochs=epochs)
    perceptron_test_accuracies[epochs] = (predict(w, b, x_test) == y_test * 2.0 - 1).float().mean().item()
    print(f"感知机训练 {epochs} 轮：测试集准确率 {perceptron_test_accuracies[epochs]:.1%}")

# %% [markdown]
# 只差一轮，准确率就能差出十几个百分点。要知道一条直线能做到多好，得用一个训练到底的线性模型：
# **逻辑回归**（logistic regression）同样用一条直线分类（$\mathbf w \cdot \mathbf x + b > 0$ 判为类别 1），
# 训练时最小化交叉熵。这个损失是凸的，`fit_logistic_regression` 用 L-BFGS 把它训练到梯度为 0，结果不靠运气。
#
# 再量一个上限：`best_line_accuracy` 试遍平面上所有的直线，找出把一组点分得最好的一条。
# 拿测试集本身来挑，等于偷看了答案，所以任何直线在这组测试集上都不可能超过它。
#
# > **先猜一猜**：训练到收敛的逻辑回归，离这个“偷看答案”的上限有多远？

# %%
line = fit_logistic_regression(x_train, y_train)  # nn.Linear(2, 2)：两类的得分都是 x 的线性函数
line_test_accuracy = accuracy(line, x_test, y_test)
best_line_test = best_line_accuracy(x_test, y_test)
best_line_train = best_line_accuracy(x_train, y_train)
print(f"逻辑回归：训练集准确率 {accuracy(line, x_train, y_train):.1%}，测试集准确率 {line_test_accuracy:.1%}")
print(f"所有直线里最好的一条：训练集上 {best_line_train:.1%}，测试集上 {best_line_test:.1%}")

# %% [markdown]
# 逻辑回归离“偷看答案”的上限只差不到一个百分点：在这份数据上，一条直线最多也就做到这么好。

# %% [markdown]
# 再训练一个有两层隐藏层、每层 16 个单元的 MLP：用小批量（每批 32 个样本）和 Adam 优化器训练 60 轮，
# 每一轮结束时在测试集上量一次准确率。
#
# > **先猜一猜**：弯曲的边界能比所有直线的上限高出多少？

# %%
torch.manual_seed(0)  # 固定随机初始化
mlp_moons = MLP(2, 16, 2)  # 2 → 16 → 16 → 2，ReLU；输出两类的得分
history_moons = fit(mlp_moons, x_train, y_train, epochs=60, lr=0.01, batch_size=32, seed=0, val=(x_test, y_test))
mlp_test_accuracy = accuracy(mlp_moons, x_test, y_test)
print(f"MLP：训练集准确率 {history_moons['accuracy'][-1]:.1%}，测试集准确率 {mlp_test_accuracy:.1%}")

# %% alt="两张图，都是双月测试集的 300 个点：类别 0 是橙色方块，组成上面开口向下的月牙；类别 1 是蓝色圆点，组成下面开口向上的月牙，两个月牙互相咬合。左图：逻辑回归的分界线是一条从左下斜向右上的直线，两个月牙的尖端都越过了它：下方蓝色月牙左端有几个圆点落在直线上方的橙色区域，上方橙色月牙右端有不少方块落在直线下方的蓝色区域。右图：MLP 的分界线是一条弯曲的折线，顺着两个月牙之间的空隙穿过，几乎所有点都在正确的一侧。"
fig, (ax_line, ax_mlp) = plt.subplots(1, 2, figsize=(8.6, 3.6))
moons_lim, moons_names = ((-1.6, 2.6), (-1.2, 1.7)), ("类别 1", "类别 0")
plot_regions(ax_line, lambda p: line(p)[:, 1] - line(p)[:, 0], x_test, y_test, moons_lim, names=moons_names)
ax_line.set_title(f"逻辑回归：测试集准确率 {line_test_accuracy:.1%}")
plot_regions(ax_mlp, lambda p: mlp_moons(p)[:, 1] - mlp_moons(p)[:, 0], x_test, y_test, moons_lim, moons_names)
ax_mlp.set_title(f"MLP：测试集准确率 {mlp_test_accuracy:.1%}")
ax_line.legend(loc="lower left", fontsize=9, framealpha=0.9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 两个模型输出的都是两类的得分（logits），画区域时用“类别 1 的得分减类别 0 的得分”，大于 0 就判为类别 1。
# MLP 弯曲的边界在测试集上比任何一条直线的上限还高出 8 个百分点以上。
# 最后看训练过程：每一轮的训练损失，以及训练集和测试集上的准确率。

# %% alt="两张图。左图：MLP 在双月数据上每一轮的训练损失，从约 0.64 开始，前十几轮降到 0.15 左右，第 35 轮有一个小突起，最后约 0.08。右图：训练集（蓝色实线）和测试集（绿色虚线）的准确率，都从 80% 左右开始，十轮之内升到 94% 以上；之后训练集大多在 96% 到 98% 之间，测试集在 99% 左右，从第 2 轮起绿色虚线一直在蓝色实线上方。"
epochs = range(1, len(history_moons["loss"]) + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8.6, 3.4))
ax_loss.plot(epochs, history_moons["loss"], color=COLORS["red"])
ax_loss.set(xlabel="训练轮数（epoch）", ylabel="训练损失", ylim=(0, None), title="损失曲线")
ax_acc.plot(epochs, history_moons["accuracy"], color=COLORS["blue"], label="训练集")
ax_acc.plot(epochs, history_moons["val_accuracy"], color=COLORS["green"], linestyle="--", label="测试集")
ax_acc.set(xlabel="训练轮数（epoch）", ylabel="准确率", ylim=(0.7, 1.01), title="准确率")
ax_acc.legend(loc="lower right", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 从第 2 轮起，测试集的准确率每一轮都比训练集高一点。这不奇怪：这组测试数据碰巧更好分，
# 上面“所有直线里最好的一条”在测试集上也比在训练集上高出好几个百分点。
# 要紧的是在没见过的点上准确率没有掉下来，模型没有过拟合：它学到的弯曲边界在新数据上同样好用。
#
# ## 练习
#
# 每题先自己想，再改代码验证；提示和答案都折叠着。
#
# **1.** 把 `train_perceptron` 的学习率 `lr` 从 1 改成 0.1，在线性可分的数据上重新训练：要训练几轮？学到的直线变不变？
#
# <details class="tip"><summary>提示</summary>
#
# 从 $\mathbf w = \mathbf 0$、$b = 0$ 出发，每次更新加上的是 $\eta y \mathbf x$ 和 $\eta y$。把学习率为 1 时的每一步都乘上 0.1，会怎样？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 轮数和每一轮分错的个数都不变（`[5, 3, 3, 0]`），学到的 $\mathbf w$、$b$ 正好是原来的 0.1 倍，直线 $\mathbf w \cdot \mathbf x + b = 0$ 不变。
# 从零出发时，$\mathbf w$ 和 $b$ 始终是学习率乘上“学习率为 1 时的值”，得分的正负不受影响，每一步分错的样本都一样。
# 所以感知机的学习率只有在初始值不为零时才有作用。
#
# </details>
#
# **2.** 把 `make_mlp(hidden=2)` 的隐藏单元改成 1 个，再训练 XOR。还学得会吗？为什么？
#
# <details class="tip"><summary>提示</summary>
#
# 只有一个隐藏单元时，$z = w_2 \tanh(\mathbf w_1 \cdot \mathbf x + b_1) + b_2$。$\tanh$ 是单调的，$z > 0$ 的区域是什么形状？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 学不会：训练 1000 轮后准确率停在 75%，损失停在 0.48 左右（换 0 到 4 几个种子都一样）。
# $z$ 只随 $\mathbf w_1 \cdot \mathbf x + b_1$ 单调变化，所以 $z > 0$ 的区域仍是一条直线的一侧，和感知机一样，最多分对四个点里的三个。
# 要画出“两条直线之间的带子”，至少要两个隐藏单元。
#
# </details>
#
# **3.** 给 `make_mlp` 传 `activation=torch.nn.Identity`，去掉非线性激活函数，再训练 XOR。损失最后停在哪里？
#
# <details class="tip"><summary>提示</summary>
#
# 没有激活函数，两层线性层叠起来还是一个线性函数（多层感知机一页讲过）。一条直线在 XOR 上最好能做到什么？交叉熵最小的直线是哪一条？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 损失停在 $\ln 2 \approx 0.6931$，网络说四个点属于正类的概率都约等于 0.5。
# 网络退化成 $z = \mathbf w \cdot \mathbf x + b$；在 XOR 的四个点上，交叉熵的梯度在 $\mathbf w = \mathbf 0$、$b = 0$ 处正好为零，
# 而这个损失对 $(\mathbf w, b)$ 是凸的，所以最好的线性模型就是“什么都不说”，每个点都给 0.5。
#
# </details>
#
# **4.** 把两处 `make_moons` 的 `noise` 从 0.2 调到 0.4，重新运行双月那一节。逻辑回归和 MLP 的测试集准确率各是多少？MLP 还领先那么多吗？
#
# <details class="tip"><summary>提示</summary>
#
# 噪声大了，两个月牙的点互相混在一起。落在对方地盘里的点，什么形状的边界能分对它们？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 逻辑回归 86.3%，所有直线的上限 88.0%，MLP 88.3%：MLP 的领先从 9 个百分点缩到 2 个，只比直线的上限高一点点。
# 噪声把两类的点混在一起，混进对方地盘的点什么边界也分不对，这部分错误谁都去不掉；模型再灵活，能赢的只剩月牙的弯曲那一点。
#
# </details>
