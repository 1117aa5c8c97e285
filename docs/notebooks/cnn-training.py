# %% [markdown]
# # 从头训练一个卷积神经网络
#
# [卷积神经网络的各层](../dl/cnn-layers.md)一页搭好了一个 LeNet 式的网络，可它的权重是随机的，只会瞎猜；
# [训练神经网络](../dl/training.md)一页讲了训练循环，用的却是螺旋数据上的多层感知机。
# 这个 notebook 把两者接起来，从头到尾训练一个小卷积网络：
#
# 1. **数据**：用代码画出圆形、正方形、三角形三类灰度图，分成训练集、验证集和测试集；
# 2. **模型**：那一页的 `LeNet`，输出改成 3 类；
# 3. **损失和优化器**：交叉熵，Adam；
# 4. **训练循环**：训练一页的 `fit`，每轮在验证集上评估，验证损失不再下降就早停；
# 5. **评估**：训练和挑选参数都不碰测试集，最后只在它上面量一次准确率；
# 6. **对照**：同样的数据、同样的训练循环、参数量差不多的多层感知机，看卷积到底帮了多少。
#
# 训练循环最核心的一段，即一轮训练，由你来写（“你来写”一节），后面的检查单元格拿它和训练一页的实现比，
# 写对了印出“正确。”，写错了指出哪里不对。网页上，参考答案折叠在练习下面；下载的 notebook 里，它在文末的附录。
# 每个实验前面有一句“先猜一猜”：先想好你的答案，再运行（或往下看输出），对一对。
#
# 数据全部由代码生成，不下载任何东西；只用 CPU，整个 notebook 在普通电脑上一分钟以内就能跑完。

# %% [markdown]
# ## 准备工作

# %%
import torch
from matplotlib import pyplot as plt
from torch import nn

from snippets.cnn_layers import LeNet
from snippets.labs import check_train_one_epoch
from snippets.plotting import COLORS, STYLE, use_only_pinned_fonts
from snippets.shapes import CLASSES, make_shapes
from snippets.training import evaluate, fit

# %matplotlib inline
# %config InlineBackend.figure_formats = ["retina"]
use_only_pinned_fonts()  # 图里的中文用 mplfonts 自带的思源黑体
plt.rcParams.update(STYLE)
torch.set_num_threads(1)  # 只用一个线程：运算顺序固定，同样的种子每次得到相同的结果；网络很小，也够快

# %% [markdown]
# ## 数据：训练集、验证集、测试集
#
# `make_shapes(n, size=28, seed=…)` 生成 `n` 张 28×28 的灰度图（LeNet 的输入大小），三类各占三分之一，
# 形状的位置、大小、角度、亮度都是随机的，还加了噪声（图见[卷积与特征](convolution-features.py)）。
# 三份数据用三个不同的随机种子生成，同分布、互不重叠：
#
# - **训练集**（1200 张）：用来更新参数；
# - **验证集**（600 张）：每轮结束时量一次，决定什么时候停、留下哪一轮的参数；
# - **测试集**（600 张）：训练和挑选都不用它，最后只量一次，这个数才能说明网络在没见过的图上有多准。

# %%
train_set = make_shapes(1200, size=28, seed=0)  # (图像, 类别)：(1200, 1, 28, 28) 和 (1200,)
val_set = make_shapes(600, size=28, seed=1)
test_set = make_shapes(600, size=28, seed=2)
for name, (x, y) in [("训练集", train_set), ("验证集", val_set), ("测试集", test_set)]:
    counts = "，".join(f"{c} {k}" for c, k in zip(CLASSES, y.bincount().tolist()))
    print(f"{name}：图像 {tuple(x.shape)}，{counts}")

# %% [markdown]
# ## 模型、损失和优化器
#
# `LeNet` 的前半段是两组“卷积 + ReLU + 最大池化”，把 1×28×28 的图变成 16×5×5 的特征图；
# 后半段把它展平成 400 维的向量，经过三个全连接层输出每一类的得分（logits），
# 见[把 CNN 看成特征提取器 + 分类器](../dl/cnn-layers.md#把-cnn-看成特征提取器--分类器)一节。
# 损失用交叉熵 `nn.CrossEntropyLoss`，它直接吃得分，不用先做 softmax。
#
# > **先猜一猜**：三类各占三分之一。还没训练的网络，在测试集上的交叉熵损失和准确率大概是多少？

# %%
torch.manual_seed(0)  # 固定随机初始化
model = LeNet(num_classes=3)
n_params = sum(p.numel() for p in model.parameters())
loss_fn = nn.CrossEntropyLoss()
untrained_loss, untrained_accuracy = evaluate(model, *test_set, loss_fn)
print(f"参数 {n_params:,} 个；ln 3 = {torch.log(torch.tensor(3.0)):.4f}")
print(f"训练前，测试集上：损失 {untrained_loss:.4f}，准确率 {untrained_accuracy:.1%}")

# %% [markdown]
# 随机的网络给三类的概率都差不多是三分之一，交叉熵就在 $-\ln \frac{1}{3} = \ln 3 \approx 1.0986$ 附近，
# 准确率也在三分之一附近：它还什么都不知道。
#
# ## 你来写：一轮训练
#
# 一轮（epoch）训练把训练集按小批量过一遍。`loader` 每次给出一个小批量 `(xb, yb)`，对每个小批量做五件事：
#
# 1. 前向传播：`model(xb)` 算出得分；
# 2. 算损失：`loss_fn(得分, yb)`；
# 3. 清梯度：`optimizer.zero_grad()`。PyTorch 的 `backward()` 会把梯度**加到**参数的 `.grad` 上，不清就越积越多；
# 4. 反向传播：`loss.backward()` 算出每个参数的梯度；
# 5. 更新参数：`optimizer.step()`。
#
# 开头先调用 `model.train()` 切换到训练模式（Dropout、BatchNorm 这样的层在训练和评估时做的事不同）。
# 把下面函数里 `raise` 那一行换成你的代码。检查单元格在一个带 Dropout 的小网络上跑一轮，
# 看参数的变化是否和[训练神经网络](../dl/training.md#完整的训练循环)一页的 `train_one_epoch` 完全相同。


# %% tags=["exercise"]
def train_one_epoch(model, loader, loss_fn, optimizer):
    """把 loader 里的小批量过一遍，每个小批量更新一次参数。不需要返回值。"""
    raise NotImplementedError("在这里写你的代码")


# %% tags=["solution"] exercise="你来写：一轮训练"
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()  # 训练模式
    for xb, yb in loader:  # 每次取一个小批量
        logits = model(xb)  # 1. 前向传播
        loss = loss_fn(logits, yb)  # 2. 算损失
        optimizer.zero_grad()  # 3. 清掉上一步留下的梯度
        loss.backward()  # 4. 反向传播
        optimizer.step()  # 5. 更新参数


# %% tags=["check"]
check_train_one_epoch(train_one_epoch)

# %% [markdown]
# ## 训练
#
# 训练一页的 `fit`（`snippets/training.py`）就是把这一轮训练放进循环：每轮先调用 `train_one_epoch`（和你写的一样），
# 再用 `evaluate` 量一次训练集上的损失、验证集上的损失和准确率；用 Adam 优化器，每批 32 张图。
# 验证损失连续 5 轮没有创新低，它就停下（早停），并记住验证损失最低那一轮的参数，训练完换回它们，
# 见[欠拟合、过拟合与早停](../dl/training.md#欠拟合过拟合与早停)一节。最多训练 30 轮，学习率 0.003。
#
# > **先猜一猜**：训练损失和验证损失会一起一直降下去吗？会在第几轮停下？

# %%
history, stopper = fit(model, train_set, val_set, epochs=30, lr=0.003, batch_size=32, patience=5)
for h in history:
    if h["epoch"] in (1, 2, 3, 5, 10) or h["epoch"] >= stopper.best_epoch:
        print(
            f"第 {h['epoch']:>2} 轮：训练损失 {h['train_loss']:.4f}，验证损失 {h['val_loss']:.4f}，"
            f"验证集准确率 {h['val_acc']:.1%}"
        )
best = history[stopper.best_epoch - 1]
model.load_state_dict(stopper.best_state)
print(f"第 {len(history)} 轮早停；换回第 {stopper.best_epoch} 轮的参数（验证损失 {stopper.best_loss:.4f}）")

# %% alt="两张图。左图：LeNet 每一轮的训练损失（蓝色实线）和验证损失（橙色虚线），纵轴是对数刻度；两条线第 1 轮都在 1.1 左右，第 2、3 轮一起快速下降；训练损失第 8 轮已降到 0.013，第 9、10 轮却回升，第 10 轮两条线一起跳回 0.3 以上，和第 3 轮差不多高，第 11 轮又降了下去；之后训练损失一路降到 0.001 以下，验证损失从第 12 轮起在 0.08 到 0.11 之间，第 16 轮最低，之后略有回升；第 16 轮处有一条灰色点线，图例写着“早停留下的参数”。右图：验证集准确率，第 1 轮约 38%，第 3 轮 85%，第 5 轮起在 92% 到 97% 之间，只有第 10 轮跌到 86%；第 12 轮起稳定在 96% 到 97%；同一条灰色点线标在第 16 轮。"
epochs = [h["epoch"] for h in history]
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8.6, 3.4))
ax_loss.plot(epochs, [h["train_loss"] for h in history], color=COLORS["blue"], marker="o", label="训练损失")
ax_loss.plot(
    epochs, [h["val_loss"] for h in history], color=COLORS["orange"], marker="s", linestyle="--", label="验证损失"
)
ax_loss.set(xlabel="训练轮数（epoch）", ylabel="交叉熵（对数刻度）", yscale="log", title="损失")
ax_acc.plot(epochs, [h["val_acc"] for h in history], color=COLORS["green"], marker="s")
ax_acc.set(xlabel="训练轮数（epoch）", ylabel="准确率", ylim=(0.3, 1.01), title="验证集准确率")
for ax in (ax_loss, ax_acc):
    ax.axvline(stopper.best_epoch, color=COLORS["gray"], linewidth=1, linestyle=":", label="早停留下的参数")
ax_loss.legend(loc="lower left", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 第 1 轮结束时损失还在 $\ln 3$ 附近，网络还没找到有用的特征；第 2、3 轮两条损失曲线一起快速下降。
# 第 10 轮出了一次意外：两条损失曲线一起跳回 0.3 以上，验证集准确率跌到 85.7%，下一轮又降了下去。
# 这次连训练损失也跳了上去，所以它不是过拟合：是这一轮的参数更新让网络在训练集上都变差了。
# 验证损失第 8 轮降到 0.100，直到第 12 轮才又创新低（0.096），等了 4 轮，耐心 5 轮的早停等到了它；
# 要是耐心只有 3 轮，训练就会在第 11 轮停下，留下第 8 轮的参数。
#
# 这之后两条线越分越开：训练损失一路降到接近 0，网络把训练集的 1200 张图记得越来越牢；
# 验证损失却在第 16 轮到了最低，之后不再创新低、略有回升，这就是过拟合的开始。
# 早停在第 21 轮停下，换回了第 16 轮的参数。
#
# ## 在测试集上评估
#
# 验证集已经被用来挑选参数了：第 16 轮是在 21 轮里挑出的验证损失最低的一轮，它在验证集上的成绩带着一点“挑出来”的运气。
# 要知道网络在没见过的图上有多准，最后只在测试集上量一次。
#
# > **先猜一猜**：测试集上的准确率，会比验证集上第 16 轮的成绩高还是低？

# %%
test_loss, test_accuracy = evaluate(model, *test_set, loss_fn)
print(f"验证集（第 {stopper.best_epoch} 轮）：损失 {best['val_loss']:.4f}，准确率 {best['val_acc']:.1%}")
print(f"测试集（{len(test_set[1])} 张）：损失 {test_loss:.4f}，准确率 {test_accuracy:.1%}")
with torch.no_grad():
    predicted = model(test_set[0]).argmax(dim=1)
for label, name in enumerate(CLASSES):
    counts = predicted[test_set[1] == label].bincount(minlength=len(CLASSES)).tolist()
    print(f"  {name}：" + "，".join(f"判成{guess} {count} 张" for guess, count in zip(CLASSES, counts)))

# %% [markdown]
# 这一次，测试集上的成绩反而比验证集上的好：准确率 97.8% 对 96.8%，损失 0.062 对 0.080。
# “挑出来的运气”说的是平均：同样的做法在许多份随机的数据上重复，挑出的那一轮在验证集上的成绩平均会偏高一点。
# 可具体到这一次，验证集和测试集各是随机的 600 张图，两份之间本来就会差出几张，足以盖过这点偏差。
# 600 张图里，一张图就是 0.17 个百分点，这里差的 1 个百分点只是 6 张图。
# 要紧的是两份都在 97% 上下：网络学到的规律，在没见过的图上一样用得上。
#
# ## 对照：不用卷积的多层感知机
#
# 97.8% 算好吗？要有一个公平的对照。把 28×28 的图展平成 784 个数，交给一个有两个隐藏层的多层感知机（MLP），
# 每层 76 个单元，参数量 65,743 个，和 LeNet 的 61,111 个差不多。数据、训练循环、早停都和上面一样；
# 学习率试 0.0003、0.001、0.003 三个，按验证损失挑最好的一个，这样它的学习率也是调过的。
#
# > **先猜一猜**：参数一样多，MLP 在测试集上能到多少？

# %%
mlp_runs = {}
for lr in (0.0003, 0.001, 0.003):
    torch.manual_seed(0)
    mlp = nn.Sequential(
        nn.Flatten(),  # (N, 1, 28, 28) → (N, 784)
        nn.Linear(784, 76),
        nn.ReLU(),
        nn.Linear(76, 76),
        nn.ReLU(),
        nn.Linear(76, 3),
    )
    mlp_history, mlp_stopper = fit(mlp, train_set, val_set, epochs=30, lr=lr, batch_size=32, patience=5)
    mlp.load_state_dict(mlp_stopper.best_state)
    mlp_runs[lr] = (mlp, mlp_history, mlp_stopper)
    print(
        f"学习率 {lr}：第 {len(mlp_history)} 轮早停，最低验证损失 {mlp_stopper.best_loss:.3f}（第 {mlp_stopper.best_epoch} 轮），"
        f"最后一轮训练损失 {mlp_history[-1]['train_loss']:.3f}"
    )
mlp_lr = min(mlp_runs, key=lambda lr: mlp_runs[lr][2].best_loss)
mlp, mlp_history, mlp_stopper = mlp_runs[mlp_lr]
mlp_params = sum(p.numel() for p in mlp.parameters())
mlp_test_loss, mlp_test_accuracy = evaluate(mlp, *test_set, loss_fn)
print(f"MLP（参数 {mlp_params:,} 个，学习率 {mlp_lr}）：测试集准确率 {mlp_test_accuracy:.1%}")
print(f"LeNet（参数 {n_params:,} 个）：测试集准确率 {test_accuracy:.1%}")

# %% alt="验证集准确率随训练轮数的变化，两条线。LeNet（蓝色实线，圆点）从第 1 轮的约 38% 升到第 3 轮的 85%，第 5 轮起在 92% 到 97% 之间，只有第 10 轮跌到 86%，训练到第 21 轮；MLP（橙色虚线，方块）一直在 39% 到 49% 之间，第 12 轮就早停了。灰色点线标出瞎猜的三分之一。"
fig, ax = plt.subplots(figsize=(8.6, 3.2))
ax.plot(epochs, [h["val_acc"] for h in history], color=COLORS["blue"], marker="o", label="LeNet")
mlp_epochs = [h["epoch"] for h in mlp_history]
ax.plot(
    mlp_epochs, [h["val_acc"] for h in mlp_history], color=COLORS["orange"], marker="s", linestyle="--", label="MLP"
)
ax.axhline(1 / 3, color=COLORS["gray"], linewidth=0.8, linestyle=":")
ax.set(xlabel="训练轮数（epoch）", ylabel="验证集准确率", ylim=(0, 1.02), title="验证集准确率（点线：瞎猜）")
ax.legend(loc="center right", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# MLP 的训练损失照样往下降（选中的这次从 1.09 降到 0.30），它也在努力记住训练集；
# 可验证损失第 7 轮以后就回升了，验证集准确率始终不到五成，比瞎猜好不了多少。
# 差别在结构上：MLP 的第一层给图上每个位置各配一套权重，同一个角出现在左上和出现在右下，对它来说是两件不相干的事，
# 1200 张图不够它把每个位置都学一遍。卷积层在每个位置用同一个卷积核（权重共享），在一处学会的“角”“边”到处都认得，
# 见[平移等变性](../dl/cnn-layers.md#平移等变性)一节。参数一样多，卷积网络把它们用在了图像真正需要的地方。
#
# ## 练习
#
# 每题先自己想，再改代码验证；提示和答案都折叠着。
#
# **1.** 不用早停：`fit` 不传 `patience`，训练满 30 轮，直接用最后一轮的参数（不调用 `load_state_dict`）在测试集上评估。
# 测试集的准确率和损失，比早停留下的第 16 轮好还是差？
#
# <details class="tip"><summary>提示</summary>
#
# 早停按验证**损失**挑参数。过拟合时，损失和准确率不一定同步变化：网络对分对的图更自信，对分错的图也更自信。
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 测试集准确率 97.7%，比第 16 轮的 97.8% 只少分对 1 张图（0.17 个百分点）；测试损失却从 0.062 升到 0.075。
# 后面的 14 轮里，网络对分对的图更自信了，这些图的损失还在降；测试损失涨上去的部分全来自分错的那十几张图：
# 网络对其中多数越来越自信地判错，一张自信的错误就让交叉熵涨很多。
# 差一张图在 600 张的测试集上说明不了哪个更好；早停的好处是省下了 9 轮训练，而且不用事先猜该训练几轮。
#
# </details>
#
# **2.** 把 LeNet 的学习率从 0.003 调大到 0.03，重新训练。会发生什么？
#
# <details class="tip"><summary>提示</summary>
#
# 看训练损失：它降下去了吗？再看看网络对不同的图给出的得分有什么不同。卷积神经网络的各层一页讲过“死掉的 ReLU”。
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 网络什么也没学会：每一轮的损失都停在 $\ln 3 \approx 1.10$，验证集准确率 33.3%，第 6 轮就早停了。
# 第一轮过大的更新之后，第二个卷积层经过 ReLU 的输出几乎全是 0（不为 0 的不到万分之三），后面的全连接层几乎看不到图像，
# 对每张图给出几乎一样的得分；ReLU 输出为 0 的地方梯度也是 0，网络再也爬不出来。学习率太大，训练就可能这样一下子“死掉”。
#
# </details>
#
# **3.** 反过来，把学习率调小到 0.0003，训练满 30 轮会怎样？
#
# <details class="tip"><summary>提示</summary>
#
# 每一步走得小了十倍。30 轮之内，验证损失还在降吗？早停有没有触发？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 训练慢得多：前 5 轮准确率还在 50% 以下，30 轮里验证损失几乎一直在降，早停没有触发，
# 第 30 轮就是验证损失最低的一轮；换回它的参数，测试集准确率 92.7%，比学习率 0.003 时低 5 个百分点出头。
# 再多训练一些轮数还会更好：学习率小不是学不会，而是要更多步。
#
# </details>
