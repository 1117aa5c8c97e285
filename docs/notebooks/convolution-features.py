# %% [markdown]
# # 卷积与特征
#
# [卷积与骨干网络](../dl/convolution.md)一页讲了两件事：卷积核可以由人设计，专门找边缘这类图案；
# 也可以让网络从数据里学出来。这个 notebook 把两条路放在同一个任务上比一比：
#
# 1. 用代码画一个小数据集：圆形、正方形、三角形，位置、大小、角度、亮度都随机，还加了噪声；
# 2. 用手工设计的卷积核（Sobel、拉普拉斯、均值模糊）处理这些图像，看它们各自“看见”了什么；
# 3. 训练一个很小的卷积神经网络来给形状分类：骨干网络（backbone）提取特征，分类头打分，在留出的测试集上量准确率；
# 4. 把网络第一层的卷积核在训练前后的样子放在一起，量一量训练让它们在多大程度上变得像 Sobel。
#
# 卷积本身由你来写：“你来写”一节请你用两层循环实现卷积，后面的检查单元格拿它和 PyTorch 的 `F.conv2d` 比，
# 写对了印出“正确。”，写错了指出哪个像素不同、期望多少、得到多少。网页上，参考答案折叠在练习下面；
# 下载的 notebook 里，它在文末的附录。每个实验前面有一句“先猜一猜”：先想好你的答案，再运行（或往下看输出），对一对。
#
# 数据全部由代码生成，不下载任何东西；在普通电脑的 CPU 上，整个 notebook 一分钟以内就能跑完。

# %% [markdown]
# ## 准备工作

# %%
import torch
from matplotlib import pyplot as plt

from snippets.convolution import KERNELS, filter2d
from snippets.labs import check_conv2d_loops
from snippets.notebook_checks import random_kernels, random_mean_alignments, sobel_alignment, sobel_like
from snippets.plotting import COLORS, STYLE, use_only_pinned_fonts
from snippets.pytorch_basics import accuracy, fit
from snippets.shapes import (
    BATCH_SIZE,
    CLASSES,
    EPOCHS,
    LR,
    N_TEST,
    N_TRAIN,
    SEED,
    TinyCNN,
    closest_kernel,
    first_layer_kernels,
    make_shapes,
)

# %matplotlib inline
# %config InlineBackend.figure_formats = ["retina"]
use_only_pinned_fonts()  # 图里的中文用 mplfonts 自带的思源黑体
plt.rcParams.update(STYLE)
torch.set_num_threads(1)  # 只用一个线程：运算顺序固定，同样的种子每次得到相同的结果；网络很小，也够快

# %% [markdown]
# ## 画一个形状数据集
#
# `make_shapes(n, seed=…)` 生成 `n` 张 32×32 的灰度图，三类各占三分之一。
# 三类形状的面积取自同一个范围，所以“亮的像素有多少”帮不了忙，要分清它们只能看形状本身：
# 圆没有角，正方形有四个直角，三角形有三个尖角。
# 训练集和测试集用不同的随机种子生成，测试集里的每一张图网络都没见过。

# %%
x_train, y_train = make_shapes(N_TRAIN, seed=0)
x_test, y_test = make_shapes(N_TEST, seed=1)
print(f"训练集 {tuple(x_train.shape)}，测试集 {tuple(x_test.shape)}")
print("训练集里每类的张数：", dict(zip(CLASSES, y_train.bincount().tolist())))

# %% alt="三行六列共 18 张灰度小图，黑色背景上各有一个白色或浅灰色的形状，图上带着细小的噪点。第一行是大小、位置不同的圆形，第二行是转了不同角度的正方形，第三行是转了不同角度的三角形。"
fig, axes = plt.subplots(3, 6, figsize=(8.6, 4.5))
for label, row in enumerate(axes):
    for ax, image in zip(row, x_train[y_train == label][:6]):
        ax.imshow(image[0], cmap="gray", vmin=-0.3, vmax=1.2)
        ax.set(xticks=[], yticks=[])
        ax.spines[["left", "bottom"]].set_visible(False)
    row[0].set_ylabel(CLASSES[label], fontsize=12)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 你来写：用循环算卷积
#
# 卷积层做的事，用两层循环就能写出来：卷积核在图像上滑动，每到一个位置，把它盖住的窗口和卷积核逐元素相乘、再全部加起来，
# 得到输出的一个像素（见[卷积与骨干网络](../dl/convolution.md)一页）。
# 图像是 $H \times W$，卷积核是 $k_h \times k_w$，不填充、步幅 1 时，窗口左上角能放的位置有 $(H - k_h + 1) \times (W - k_w + 1)$ 个，
# 这就是输出的大小。输出第 $i$ 行第 $j$ 列的像素是
#
# $$\text{out}[i, j] = \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1} \text{image}[i + u, j + v] \cdot \text{kernel}[u, v] .$$
#
# 注意卷积核不翻转：深度学习里说的“卷积”（PyTorch 的 `F.conv2d`）其实是数学上的互相关。
# 把下面函数里 `raise` 那一行换成你的代码；窗口可以用切片 `image[i : i + kh, j : j + kw]` 取出来。


# %% tags=["exercise"]
def conv2d_loops(image, kernel):
    """用循环算一张单通道图像和一个卷积核的卷积：不填充、步幅 1、不翻转卷积核（和 F.conv2d 一样）。

    image：(H, W)；kernel：(kh, kw)。返回 (H - kh + 1, W - kw + 1) 的张量。
    """
    raise NotImplementedError("在这里写你的代码")


# %% tags=["solution"] exercise="你来写：用循环算卷积"
def conv2d_loops(image, kernel):
    kh, kw = kernel.shape
    out = torch.zeros(image.shape[0] - kh + 1, image.shape[1] - kw + 1)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = image[i : i + kh, j : j + kw]  # 以 (i, j) 为左上角、和卷积核一样大的窗口
            out[i, j] = (window * kernel).sum()  # 逐元素相乘再求和；每个位置用同一个卷积核
    return out


# %% tags=["check"]
check_conv2d_loops(conv2d_loops)

# %% [markdown]
# 后面用的 `filter2d`（`snippets/convolution.py`）直接调用 `F.conv2d`，只多做了一件事：先在图像四周补一圈 0（填充 1），
# 3×3 的卷积核算出的输出就和输入一样是 32×32。它算的每个像素，和你的函数在补过 0 的图像上算的一样。
#
# ## 手工设计的卷积核
#
# 先用人设计的四个 3×3 卷积核处理每类的第一张图（卷积核的数值见[手工设计的卷积核](../dl/convolution.md#手工设计的卷积核)一节）。
# 响应图里红色是正、蓝色是负、白色是 0，同一个卷积核的三张图用同一个颜色范围；
# 均值模糊的输出仍是一张普通的图，和输入一样用灰度画。
#
# > **先猜一猜**：图上带着噪点。四个卷积核里，哪个的响应图最看不出形状，哪个最干净？

# %% alt="三行五列的图。每行是一个形状（圆形、正方形、三角形），第一列是输入图像，后四列依次是 Sobel x、Sobel y、拉普拉斯和均值模糊的响应。Sobel x 在形状左侧的边缘是一道红线、右侧是一道蓝线，Sobel y 在上侧和下侧，斜着的边两者都有响应；拉普拉斯的三张响应图几乎全是杂乱的红蓝噪点，看不出形状；均值模糊的输出是噪点变少、边缘变模糊的形状。"
examples = torch.stack([x_train[y_train == label][0, 0] for label in range(len(CLASSES))])
fig, axes = plt.subplots(3, 5, figsize=(8.6, 5.4))
for col, name in enumerate(["输入图像", *KERNELS]):
    responses = examples if col == 0 else torch.stack([filter2d(image, KERNELS[name]) for image in examples])
    limit = responses.abs().max().item()
    for row, response in enumerate(responses):
        ax = axes[row, col]
        if col == 0 or name == "均值模糊":
            ax.imshow(response, cmap="gray", vmin=-0.3, vmax=1.2)
        else:
            ax.imshow(response, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set(xticks=[], yticks=[])
        ax.spines[["left", "bottom"]].set_visible(False)
        if row == 0:
            ax.set_title(name, fontsize=11)
        if col == 0:
            ax.set_ylabel(CLASSES[row], fontsize=12)
plt.tight_layout()
plt.show()

# %% [markdown]
# Sobel x 找左右方向的亮度变化（竖直的边缘），Sobel y 找上下方向的变化（水平的边缘），斜着的边两个都有响应。
# 拉普拉斯是二阶导数，对噪声特别敏感：在这些带噪声的图上，它在边缘处的响应最大也只有噪声响应标准差的两倍多，
# 几乎被噪点淹没（Sobel 的是六倍左右）。
# 均值模糊把 9 个像素平均，噪点变弱了，边缘也被抹宽。
#
# 每个手工卷积核只回答一个固定的问题：“这里有没有竖直的边缘？”“这里有没有亮度突变？”
# 要判断整张图是哪种形状，还得有人把这些回答组合起来，例如数一数有几个角。
# 卷积神经网络的做法是把卷积核和“怎么组合”都交给数据去学。

# %% [markdown]
# ## 一个很小的卷积神经网络
#
# `TinyCNN` 由两段组成，和[骨干网络、颈部与头部](../dl/convolution.md#骨干网络颈部与头部)一节说的结构一样，只是小得多：
#
# - **骨干网络**（backbone）：三个“3×3 卷积 + ReLU”，前两个后面各接一个 2×2 最大池化，
#   把 1×32×32 的图像变成 32 个通道、8×8 大小的特征图；
# - **分类头**（头部，head）：全局最大池化把每个通道压成一个数（“这个特征在图里最强的地方有多强”），
#   再用一个全连接层给三个类别打分。
#
# [卷积与骨干网络](../dl/convolution.md#骨干网络颈部与头部)一页的分类头用的是全局平均池化。
# 在这里换成平均池化（把 `model.head[0]` 换成 `torch.nn.AdaptiveAvgPool2d(1)`），同样训练 10 轮，准确率停在瞎猜的水平；
# 一个可能的原因是：角和尖这样的特征只出现在特征图的几个位置上，取平均会被大片背景冲淡，取最大值则只看最强的那一处。

# %%
torch.manual_seed(SEED)  # 固定随机初始化
model = TinyCNN()
print(model)
n_params = sum(p.numel() for p in model.parameters())
print(f"参数一共 {n_params} 个；骨干网络的输出形状：{tuple(model.backbone(x_train[:1]).shape)}")
initial = first_layer_kernels(model).clone()  # 第一层的 8 个卷积核，训练前（随机初始化）的样子，留着后面比较

# %% [markdown]
# ## 训练
#
# 损失是交叉熵，用 Adam 优化器、每批 64 张图训练 10 轮（epoch），每一轮结束时在测试集上量一次准确率。
#
# > **先猜一猜**：三类各占三分之一。第一轮结束时准确率大概是多少？十轮之后呢？

# %%
history = fit(model, x_train, y_train, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=SEED, val=(x_test, y_test))
for epoch in range(0, EPOCHS, 3):
    print(
        f"第 {epoch + 1:>2} 轮：损失 {history['loss'][epoch]:.3f}，"
        f"训练集准确率 {history['accuracy'][epoch]:.1%}，测试集准确率 {history['val_accuracy'][epoch]:.1%}"
    )
test_accuracy = accuracy(model, x_test, y_test)
print(f"训练结束：留出的测试集（{N_TEST} 张）上准确率 {test_accuracy:.1%}")

# %% alt="两张图。左图：每一轮的训练损失，前三轮停在 1.1 左右，之后迅速下降，第十轮接近 0。右图：训练集（蓝色实线）和测试集（绿色虚线）的准确率，两条线几乎重合：第一轮是三分之一（灰色点线，瞎猜的水平），第二到第四轮在 45% 到 70% 之间，第五轮跳到 95% 以上，最后接近 100%。"
epochs = range(1, EPOCHS + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8.6, 3.4))
ax_loss.plot(epochs, history["loss"], color=COLORS["red"], marker="o")
ax_loss.set(xlabel="训练轮数（epoch）", ylabel="训练损失", ylim=(0, None), title="损失曲线")
ax_acc.plot(epochs, history["accuracy"], color=COLORS["blue"], marker="o", label="训练集")
ax_acc.plot(epochs, history["val_accuracy"], color=COLORS["green"], marker="s", linestyle="--", label="测试集")
ax_acc.axhline(1 / 3, color=COLORS["gray"], linewidth=0.8, linestyle=":")
ax_acc.set(xlabel="训练轮数（epoch）", ylabel="准确率", ylim=(0, 1.02), title="准确率（点线：瞎猜）")
ax_acc.legend(loc="lower right", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 第一轮结束时准确率只有三分之一，和瞎猜一样；前三轮的损失一直在 $\ln 3 \approx 1.1$ 附近（三类瞎猜时交叉熵的值），
# 之后网络找到了有用的特征，准确率很快升上去。
# 从第 5 轮起，测试集的准确率和训练集几乎一样高（每一轮都相差不到两个百分点），说明网络学到的是形状的规律，而不是记住了训练集里的 1200 张图。
#
# 剩下分错的是哪些图？数一数每一类的测试图像被判成了什么。
#
# > **先猜一猜**：圆形、正方形、三角形，哪两类最容易混？

# %%
with torch.no_grad():
    predicted = model(x_test).argmax(dim=1)
for label, name in enumerate(CLASSES):
    counts = predicted[y_test == label].bincount(minlength=len(CLASSES)).tolist()
    print(f"{name}：" + "，".join(f"判成{guess} {count} 张" for guess, count in zip(CLASSES, counts)))
wrong = (predicted != y_test).nonzero().squeeze(1)
print(f"一共分错 {len(wrong)} 张")

# %% alt="一排分错的测试图像，每张上方写着“真实类别 → 网络的预测”。五张是被判成正方形的圆形，一张是被判成三角形的、转了角度的正方形。"
fig, axes = plt.subplots(1, 6, figsize=(8.6, 1.9))
for ax, index in zip(axes, wrong[:6].tolist()):
    ax.imshow(x_test[index, 0], cmap="gray", vmin=-0.3, vmax=1.2)
    ax.set_title(f"{CLASSES[y_test[index]]} → {CLASSES[predicted[index]]}", fontsize=10)
for ax in axes:
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# 分错的多半是圆形被判成正方形。一个可能的原因是：在 32×32 的像素里，圆的边缘是一级一级的台阶，加上噪声，和正方形的边不那么好分。
#
# ## 学到的卷积核与手工设计的卷积核
#
# 第一层的 8 个 3×3 卷积核直接作用在像素上，可以像手工卷积核一样画出来。
# 训练前它们是随机数（`nn.Conv2d` 默认的初始化：每个元素独立地均匀分布在 $-1/3$ 到 $1/3$ 之间），上面已经存了一份。
#
# 先用一个直观的办法比较：把两个 3×3 卷积核各拉成 9 维向量 $\mathbf a$、$\mathbf b$，算**余弦相似度**（cosine similarity）
#
# $$\cos(\mathbf a, \mathbf b) = \frac{\mathbf a \cdot \mathbf b}{\lVert \mathbf a \rVert \, \lVert \mathbf b \rVert} .$$
#
# 它只看“形状”，不看整体大小：1 表示方向完全一致，$-1$ 表示正好相反（亮暗方向相反的同一种边缘检测器），0 表示毫无关系。
# 对训练前和训练后的每个卷积核，找出四个手工卷积核里和它最像的一个。
#
# > **先猜一猜**：训练后的 8 个卷积核里，会有几个“最像 Sobel，相似度的绝对值超过 0.5”？8 个随机的卷积核呢？

# %%
learned = first_layer_kernels(model)
matches_before = [closest_kernel(kernel, KERNELS) for kernel in initial]
matches = [closest_kernel(kernel, KERNELS) for kernel in learned]
for number, ((name_before, cos_before), (name, cosine)) in enumerate(zip(matches_before, matches), start=1):
    print(f"卷积核 {number}：训练前最像 {name_before}（{cos_before:+.2f}），训练后最像 {name}（{cosine:+.2f}）")
sobel_like_learned = sobel_like(learned).sum().item()  # 最像 Sobel x 或 Sobel y、相似度的绝对值超过 0.5 的个数
random_sobel_like = sobel_like(random_kernels(8 * 10_000, seed=1).reshape(10_000, 8, 3, 3)).sum(dim=1)
share_sobel_like = (random_sobel_like >= sobel_like_learned).float().mean().item()
print(f"训练后有 {sobel_like_learned} 个卷积核最像 Sobel、相似度的绝对值超过 0.5；")
print(f"一万组、每组 8 个随机卷积核里，至少有这么多个的占 {share_sobel_like:.0%}")

# %% [markdown]
# 训练后有几个卷积核“最像 Sobel、相似度超过 0.5”，乍看像是学出了 Sobel。可是随机的卷积核也常常做到这一步：
# 9 维空间里随便一个方向，和四个手工卷积核中最像的那个，余弦相似度的绝对值本来就常在 0.5 上下（中位数约 0.5）。
# 这个标准太松，说明不了训练做了什么。
#
# 更准确的问法是：训练有没有把卷积核往“找亮度变化”的方向推？Sobel x 找左右方向的变化，Sobel y 找上下方向的变化，
# 它们的组合 $a \cdot \text{Sobel x} + b \cdot \text{Sobel y}$ 找的是任意一个方向的变化（例如两者相加就是斜 45° 的边缘检测器）。
# 于是用 `sobel_alignment` 给每个卷积核量一个**对齐度**：先减去卷积核自己的平均值（只改变整体亮度的那一部分，Sobel 里没有它），
# 再把剩下的部分投影到 Sobel x、Sobel y 张成的平面上，对齐度 = 投影的长度 ÷ 原来的长度。
# 对齐度是 1，说明（除去平均值）这个卷积核就是某个方向的 Sobel；随机卷积核的对齐度中位数约 0.45。
# 分别量训练前、训练后的卷积核，以及训练带来的改动（训练后减训练前）。
#
# > **先猜一猜**：训练前、训练后、改动，三者谁的对齐度最高？

# %%
alignment = {
    "训练前": sobel_alignment(initial),
    "训练后": sobel_alignment(learned),
    "改动": sobel_alignment(learned - initial),
}
random_means = random_mean_alignments(10_000, seed=2)  # 一万组、每组 8 个同样初始化的随机卷积核的平均对齐度
for name, values in alignment.items():
    share = (random_means >= values.mean()).float().mean().item()
    print(f"{name}：对齐度 {' '.join(f'{v:.2f}' for v in values.tolist())}，平均 {values.mean():.2f}；", end="")
    print(f"随机的一万组里平均对齐度不低于它的占 {share:.2%}")


# %% alt="四行八列的卷积核色块图，红色是正、蓝色是负，每个卷积核按自己绝对值最大的元素缩放，所以每块里最正的格子是最深的红或者最负的格子是最深的蓝。第一行是四个手工设计的 3×3 卷积核：Sobel x 左蓝右红，Sobel y 上蓝下红，拉普拉斯中间深蓝、上下左右浅红，均值模糊九格都是同样的深红。第二行是第一层的 8 个卷积核在训练前的样子，红蓝随机散布；第三行是训练后的样子，第四行是训练带来的改动（训练后减训练前），每个标题写着对齐度。改动那一行里 1、2、3、5、7 号是一侧红、对侧蓝，像某个方向的边缘检测器，其中 1、2、3、5 号的对齐度在 0.9 左右或以上，6、8 号几乎全是红色。训练后那一行除 6、8 号外仍带着训练前的随机图案，和训练前那一行很像；6、8 号加上这片红色以后，6 号九格都成了红色或接近白色，8 号上面两行全成了红色。"
def show_kernel(ax, kernel, title):
    """把一个 3×3 卷积核画成色块：除以绝对值最大的元素，红正蓝负。"""
    ax.imshow(kernel / kernel.abs().max(), cmap="RdBu_r", vmin=-1, vmax=1)
    ax.set(xticks=[], yticks=[])
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_title(title, fontsize=9.5)


fig, axes = plt.subplots(4, 8, figsize=(8.6, 5.4))
for ax, (name, kernel) in zip(axes[0], KERNELS.items()):
    show_kernel(ax, kernel, name)
for ax in axes[0, len(KERNELS) :]:
    ax.axis("off")
rows = {"训练前": initial, "训练后": learned, "改动": learned - initial}
for row, (name, kernels) in zip(axes[1:], rows.items()):
    for number, (ax, kernel, value) in enumerate(zip(row, kernels, alignment[name]), start=1):
        show_kernel(ax, kernel, f"{number}：{value:.2f}")
    row[0].set_ylabel(name, fontsize=11)
axes[0, 0].set_ylabel("手工设计", fontsize=11)
plt.tight_layout()
plt.show()

# %% [markdown]
# 再把三个平均值放到随机卷积核的分布里看：

# %% alt="直方图：一万组、每组 8 个随机卷积核的平均对齐度，灰色柱子呈单峰，集中在 0.3 到 0.6 之间，峰在 0.45 附近。三条竖线标出这个网络的三个平均值：训练前（蓝线）在 0.41，落在峰的左侧；训练后（橙黄色线）在 0.61，位于右侧尾部；改动（朱红色线）在 0.74，在所有灰色柱子的右边。"
fig, ax = plt.subplots(figsize=(8.6, 3.2))
ax.hist(random_means, bins=60, color=COLORS["gray"], alpha=0.6, label="随机卷积核（一万组）")
for (name, values), color in zip(alignment.items(), [COLORS["blue"], COLORS["orange"], COLORS["red"]]):
    ax.axvline(values.mean(), color=color, linewidth=2, label=f"{name}：{values.mean():.2f}")
ax.set(xlabel="8 个卷积核的平均对齐度", ylabel="组数", xlim=(0, 1))
ax.legend(loc="upper right", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 这才是测量支持的结论：
#
# - 训练前的 8 个卷积核是随机数，平均对齐度 0.41，和随机卷积核一样；
# - 训练带来的改动大多是“某个方向上的亮度变化”：8 个改动里有一半对齐度超过 0.85（随机卷积核只有约 2.5% 能超过 0.85），
#   平均 0.74，一万组随机卷积核里一组也没有这么高；
# - 但学到的卷积核 = 初始的随机数 + 改动，随机的部分并没有被抹掉：训练后的平均对齐度是 0.61，
#   一万组随机卷积核里只有约 2% 达到，却远不到 1。单看一个学到的卷积核，多数并不像 Sobel。
#
# 也就是说，没有人告诉网络“要找边缘”，它只是为了把形状分对，同时调整了全部 5987 个参数
# （第一层的 8×9 = 72 个权重加 8 个偏置只是其中一小部分），而第一层得到的调整，大部分正是 [Sobel 算子](../dl/convolution.md#手工设计的卷积核)在做的“找亮度变化的地方”。
# 还有两个卷积核越来越接近均值模糊：6 号和均值模糊的余弦相似度从训练前的 +0.48 升到 +0.92，
# 8 号从最像 Sobel y（−0.41）变成最像均值模糊（+0.74）。它们主要把 9 个像素以不太相同的正权重加在一起（8 号底行还留着两个负的格子），像均值模糊那样压低噪声。
# 后面两层怎样组合这些特征（例如组合成角和弧），这个 notebook 没有去量，它们的卷积核也不能像第一层这样直接和手工卷积核比较。
#
# ## 练习
#
# 每题先自己想，再改代码验证；提示和答案都折叠着。
#
# **1.** 对一张 32×32 的图用 5×5 的卷积核，不填充，你的 `conv2d_loops` 输出多大？要让输出仍是 32×32，四周要补几圈 0？
#
# <details class="tip"><summary>提示</summary>
#
# 窗口左上角能放的位置有 $(H - k + 1) \times (W - k + 1)$ 个。四周补 $p$ 圈 0，图像就变成 $(H + 2p) \times (W + 2p)$。
# 可以用 `torch.nn.functional.pad(image, (p, p, p, p))` 补 0，再交给你的函数验证。
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 输出是 28×28（$32 - 5 + 1 = 28$）。补 $p$ 圈后输出是 $32 + 2p - 4$，要等于 32 就得 $p = 2$，即 $(k - 1) / 2$：
# 3×3 的卷积核补 1 圈（`filter2d` 就是这样），5×5 的补 2 圈。
#
# </details>
#
# **2.** 把训练集缩小到 120 张（`make_shapes(120, seed=0)`），其他不变，重新训练。测试集准确率还能这么高吗？
#
# <details class="tip"><summary>提示</summary>
#
# 先看训练集准确率和损失：网络学到东西了吗？每批 64 张，120 张图一轮只有几个小批量，10 轮一共更新几次参数？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 训练 10 轮后，训练集和测试集的准确率都停在三分之一，和瞎猜一样。这不全怪数据少：120 张图每轮只有 2 个小批量，
# 10 轮只更新了 20 次参数，而 1200 张图训练 10 轮更新了 190 次。把轮数加到 100（更新 200 次）再看：
# 训练集准确率 100%，测试集 96.8%，比用 1200 张图训练时低将近两个百分点。数据少了，网络能把训练集全部记住，
# 在没见过的图上却差一些。
#
# </details>
#
# **3.** 把 `make_shapes` 的 `noise` 从默认的 0.15 调到 0.4（训练集、测试集都改），再训练 10 轮。准确率变成多少？
#
# <details class="tip"><summary>提示</summary>
#
# 先画几张 `noise=0.4` 的图看看：噪点和形状的亮度差不多大时，第一层的 3×3 卷积核还能可靠地找到边缘吗？
#
# </details>
#
# <details class="success"><summary>答案</summary>
#
# 测试集准确率降到 80.8%（训练集 84.8%），最后四轮的测试集准确率在 74% 到 81% 之间上下摆动，还没有稳定下来。3×3 的窗口里只有 9 个像素，
# 噪点一大，边缘处的亮度变化就淹没在噪声里，网络要多看很多样本才能学到可靠的特征。
# 上面的“手工设计的卷积核”一节里，拉普拉斯在 0.15 的噪声下就已经被噪点淹没了，道理相同。
#
# </details>
