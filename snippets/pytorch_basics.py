"""PyTorch 入门：张量、自动求导、torch.nn.functional、nn.Module、torch.optim、torch.utils.data，
以及一个完整的小训练：在合成的“双月”数据上训练多层感知机。

页面：docs/dl/pytorch-basics.md；测试：tests/test_pytorch_basics.py。

最后一部分是给动手练习（notebook）复用的小工具，接口保持稳定：

    from snippets.pytorch_basics import MLP, accuracy, fit, make_circles, make_moons

    x, y = make_moons(300, noise=0.2, seed=0)             # 训练集
    x_test, y_test = make_moons(1000, noise=0.2, seed=1)  # 同分布、另一个种子：测试集
    torch.manual_seed(0)                                  # 固定模型的随机初始化
    model = MLP(2, 16, 2)
    history = fit(model, x, y, epochs=40, lr=0.01, batch_size=32, seed=0, val=(x_test, y_test))
    accuracy(model, x_test, y_test)                       # 约 0.976
"""

import functools
import io
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Dataset

from snippets.generated import figure, output
from snippets.plotting import COLORS, shade_regions

# ---------------------------------------------------------------------------
# 张量
# ---------------------------------------------------------------------------


@output("pytorch_basics_tensors.txt")
def demo_tensors():
    # --8<-- [start:tensors]
    a = torch.tensor([[1, 2, 3], [4, 5, 6]])  # 从嵌套列表创建，整数 → int64
    b = torch.zeros(2, 3)  # 全 0 张量，默认 dtype 为 float32
    c = torch.arange(6.0)  # 0., 1., …, 5.
    g = torch.Generator().manual_seed(0)  # 固定种子的随机数发生器
    r = torch.rand(2, 3, generator=g)  # [0, 1) 上的均匀分布
    print(a)
    print(f"a.shape = {a.shape}，a.ndim = {a.ndim}，a.dtype = {a.dtype}")
    print(f"b.dtype = {b.dtype}，c.dtype = {c.dtype}，r.dtype = {r.dtype}")
    print(f"a.float().dtype = {a.float().dtype}")
    print(f"a / 2 = {(a / 2).tolist()}（整数相除得到浮点数）")

    # 索引和切片：与 NumPy 相同
    print(f"a[0] = {a[0]}，a[:, 1] = {a[:, 1]}，a[1, -1] = {a[1, -1]}")
    print(f"a[a > 2] = {a[a > 2]}（布尔索引）")
    print(f"a.sum(dim=0) = {a.sum(dim=0)}，a.sum(dim=1) = {a.sum(dim=1)}")
    # --8<-- [end:tensors]


@output("pytorch_basics_shapes.txt")
def demo_shapes():
    # --8<-- [start:shapes]
    x = torch.arange(6.0)  # 形状 (6,)
    m = x.view(2, 3)  # 换个形状看同一块内存：(2, 3)
    m[0, 0] = 100.0  # 改 m，x 也跟着变
    print(f"x.view(2, 3) 与 x 共享内存：x[0] = {x[0]}")
    print(f"view(3, -1) 的形状 {x.view(3, -1).shape}（-1 表示“由元素个数推出来”）")
    print(f"unsqueeze(0) 的形状 {x.unsqueeze(0).shape}")  # 在最前面加一维

    t = m.T  # 转置 (3, 2)：内存里的顺序没变，不再“连续”
    print(f"m.T.is_contiguous() = {t.is_contiguous()}")
    print(f"m.T.view(3, 1, 2) 可以：{t.view(3, 1, 2).shape}")  # 只插入长度为 1 的维度
    try:
        t.view(6)
    except RuntimeError:
        print("m.T.view(6) 报错：按转置后的顺序展平，元素在内存里不是等间隔排列的")
    print(f"m.T.reshape(6) = {t.reshape(6)}")  # 需要时复制一份

    # 广播：长度为 1 的维度被“复制”成对方的长度
    col = torch.tensor([[0.0], [10.0], [20.0]])  # (3, 1)
    row = torch.tensor([1.0, 2.0, 3.0, 4.0])  # (4,)，看作 (1, 4)
    s = col + row  # (3, 1) + (1, 4) → (3, 4)
    print(f"(3, 1) + (4,) → {tuple(s.shape)}：")
    print(s)
    w = torch.ones(2, 3)
    print(f"矩阵乘法 (2, 3) @ (3, 4) → {tuple((w @ s).shape)}")
    # --8<-- [end:shapes]


@output("pytorch_basics_numpy.txt")
def demo_numpy():
    # --8<-- [start:numpy]
    arr = np.array([1.0, 2.0, 3.0])  # NumPy 的浮点数组默认是 float64
    shared = torch.from_numpy(arr)  # 不复制：与 arr 共享内存
    copied = torch.tensor(arr)  # 复制一份
    arr[0] = -1.0
    print("改了 arr[0] 之后：")
    print(f"  from_numpy   得到 {shared}")
    print(f"  torch.tensor 得到 {copied}")

    layer = nn.Linear(3, 1)  # 网络的参数是 float32
    try:
        layer(shared)
    except RuntimeError:
        print(f"{shared.dtype} 的张量送进 float32 的网络会报错，先 .float()：")
    print(f"  layer(shared.float()) 的形状 {layer(shared.float()).shape}")

    back = copied.numpy()  # CPU 上的张量转回 NumPy，同样共享内存
    print(f"copied.numpy() = {back!r}")
    out = layer(copied.float())
    print(f"带梯度的张量要先 detach()：{out.detach().numpy()!r}")
    print(f".item() 取出单个数：Python 的 {type(out.sum().item()).__name__}")
    # --8<-- [end:numpy]


# --8<-- [start:device]
def pick_device():
    """有加速器（例如 NVIDIA GPU）就用它，否则用 CPU。"""
    if hasattr(torch, "accelerator"):  # PyTorch 2.6 起才有 torch.accelerator
        if torch.accelerator.is_available():
            return torch.accelerator.current_accelerator()
    elif torch.cuda.is_available():  # 更早的版本：只能逐种检查，这里只查 NVIDIA GPU
        return torch.device("cuda")
    return torch.device("cpu")


# --8<-- [end:device]


@output("pytorch_basics_device.txt")
def demo_to():
    # --8<-- [start:to]
    device = pick_device()
    x = torch.ones(2, 3)
    x.to(device)  # 错误用法：Tensor.to 返回一个新张量，x 本身不变
    x = x.to(device)  # 正确用法：接住返回值
    model = nn.Linear(3, 1)
    model.to(device)  # Module.to 就地搬动参数（也返回 model 本身），不必接返回值
    print(f"x 在 {x.device} 上，模型参数在 {model.weight.device} 上")

    # .to 也能转换数据类型，用它在 CPU 上就能看出两者的区别：
    x64 = x.to(torch.float64)
    print(f"Tensor.to：原张量仍是 {x.dtype}，新张量是 {x64.dtype}，是同一个对象吗？{x64 is x}")
    same = model.to(torch.float64)
    print(f"Module.to：模型参数变成了 {model.weight.dtype}，返回的是同一个对象吗？{same is model}")
    # --8<-- [end:to]


# ---------------------------------------------------------------------------
# 自动求导
# ---------------------------------------------------------------------------


@output("pytorch_basics_autograd.txt")
def demo_autograd():
    # --8<-- [start:autograd]
    x, t = torch.tensor(2.0), torch.tensor(5.0)  # 输入和目标：不需要梯度
    w = torch.tensor(3.0, requires_grad=True)  # 参数：要对它求导
    b = torch.tensor(1.0, requires_grad=True)

    loss = (w * x + b - t) ** 2  # (3·2 + 1 - 5)² = 4
    print(f"loss = {loss.item()}，loss.requires_grad = {loss.requires_grad}")
    print(f"loss 记得自己是怎么算出来的：grad_fn = {type(loss.grad_fn).__name__}")
    loss.backward()  # 反向传播：沿计算图求 loss 对 w、b 的偏导数
    print(f"w.grad = {w.grad.item()}，b.grad = {b.grad.item()}")

    loss = (w * x + b - t) ** 2  # 再算一遍、再 backward 一次
    loss.backward()
    print(f"再 backward 一次：w.grad = {w.grad.item()}（累加，不是覆盖）")
    w.grad = None  # 清掉梯度；优化器的 zero_grad() 做的就是这件事
    b.grad = None

    with torch.no_grad():  # 不记录计算图：推理、评估、手动改参数时用
        y = w * x + b
    print(f"no_grad 里算出的 y.requires_grad = {y.requires_grad}")
    print(f"w.detach().requires_grad = {w.detach().requires_grad}")
    # --8<-- [end:autograd]


# ---------------------------------------------------------------------------
# torch.nn.functional
# ---------------------------------------------------------------------------


@output("pytorch_basics_functional.txt")
def demo_functional():
    # --8<-- [start:functional]
    z = torch.tensor([-1.0, 0.0, 2.0])
    print(f"F.relu({z.tolist()}) = {F.relu(z).tolist()}")

    logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])  # 2 个样本 × 3 类
    target = torch.tensor([0, 2])  # 每个样本的正确类别（int64）
    p = F.softmax(logits, dim=1)  # 沿类别那一维归一化
    print("softmax 概率：")
    print(p)
    print(f"每行之和：{p.sum(dim=1)}")

    loss = F.cross_entropy(logits, target)  # 输入 logits，内部做 log_softmax
    log_p = F.log_softmax(logits, dim=1)
    by_hand = -log_p[torch.arange(2), target].mean()  # -log p[正确类别] 的平均
    print(f"F.cross_entropy = {loss:.4f}，手算 = {by_hand:.4f}")
    per_sample = F.cross_entropy(logits, target, reduction="none")
    print(f"逐个样本的损失：{per_sample}")
    print(f"错误用法，传入概率：{F.cross_entropy(p, target):.4f}")

    one_hot = F.one_hot(target, num_classes=3)  # [[1, 0, 0], [0, 0, 1]]，int64
    print(f"标签写成浮点的 one-hot 概率：{F.cross_entropy(logits, one_hot.float()):.4f}")
    try:
        F.cross_entropy(logits, one_hot)  # 整数的 one-hot 不行
    except RuntimeError:
        print("标签写成整数的 one-hot：报错")
    # --8<-- [end:functional]


# ---------------------------------------------------------------------------
# nn.Module
# ---------------------------------------------------------------------------


# --8<-- [start:mlp]
class MLP(nn.Module):
    """in_dim → hidden → hidden → out_dim 的全连接网络，隐藏层用 ReLU，
    输出每一类的得分（logits）。"""

    def __init__(self, in_dim=2, hidden=16, out_dim=2):
        super().__init__()  # 先初始化 nn.Module，它才能登记子模块和参数
        self.fc1 = nn.Linear(in_dim, hidden)  # 赋值给属性的层会被自动登记
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, out_dim)

    def forward(self, x):  # 只写前向计算；反向由自动求导负责
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)  # 不做 softmax：F.cross_entropy 要的就是 logits


# --8<-- [end:mlp]


@output("pytorch_basics_module.txt")
def demo_module():
    # --8<-- [start:module]
    torch.manual_seed(0)  # 参数的随机初始化用全局随机数发生器
    model = MLP(in_dim=2, hidden=16, out_dim=2)
    print(model)
    for name, param in model.named_parameters():
        print(f"  {name:<10} {str(tuple(param.shape)):<8} {param.requires_grad}")
    print(f"参数总数：{sum(p.numel() for p in model.parameters())}")

    x = torch.randn(5, 2, generator=torch.Generator().manual_seed(1))
    print(f"model(x)：输入 {tuple(x.shape)} → 输出 {tuple(model(x).shape)}")

    # state_dict：名字 → 张量 的字典，保存和加载模型用它
    buffer = io.BytesIO()  # 这里存进内存；平时写文件名，如 "model.pt"
    torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    clone = MLP(in_dim=2, hidden=16, out_dim=2)  # 参数是另一组随机数
    clone.load_state_dict(torch.load(buffer))
    print(f"state_dict 的键：{', '.join(model.state_dict())}")
    print(f"加载后两个模型的输出相同：{torch.equal(clone(x), model(x))}")

    # train() / eval()：切换 Dropout、BatchNorm 这类层的行为
    dropout = nn.Dropout(p=0.5)
    ones = torch.ones(8)
    print(f"新建的模块默认是训练模式：dropout.training = {dropout.training}")
    # 训练模式：每个元素以概率 p 置 0，其余乘以 1/(1-p) = 2
    print(f"训练模式：{dropout(ones).tolist()}")
    dropout.eval()
    print(f"评估模式：{dropout(ones).tolist()}")  # 原样输出
    # --8<-- [end:module]


# ---------------------------------------------------------------------------
# torch.optim
# ---------------------------------------------------------------------------


@output("pytorch_basics_optim.txt")
def demo_optim():
    # --8<-- [start:optim]
    torch.manual_seed(0)
    model = nn.Linear(2, 1)  # y = w·x + b，w 的形状 (1, 2)
    # 告诉优化器它要更新哪些参数
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, t = torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]])

    loss = F.mse_loss(model(x), t)
    optimizer.zero_grad()  # 1. 清掉上一步留下的梯度
    loss.backward()  # 2. 求梯度，存进每个参数的 .grad
    before = model.weight.detach().clone()
    grad = model.weight.grad.clone()
    optimizer.step()  # 3. 更新参数：SGD 就是 w ← w - lr × grad
    print(f"更新前 w = {before}")
    print(f"梯度 grad = {grad}")
    print(f"更新后 w = {model.weight.detach()}")
    print(f"w - 0.1 × grad = {before - 0.1 * grad}")
    print(f"损失：{loss.item():.4f} → {F.mse_loss(model(x), t).item():.4f}")

    optimizer.zero_grad()
    print(f"zero_grad() 之后 w.grad = {model.weight.grad}")
    # --8<-- [end:optim]


# ---------------------------------------------------------------------------
# 数据：合成的二维分类数据集 + Dataset / DataLoader
# ---------------------------------------------------------------------------


# --8<-- [start:moons]
def make_moons(n=300, noise=0.2, seed=0):
    """两个交错的半月形：类别 0 在上、开口向下，类别 1 在下、开口向上。

    返回 x：形状 (n, 2) 的 float32 坐标；y：形状 (n,) 的 int64 类别（0 或 1）。
    noise 是加在坐标上的高斯噪声的标准差；同样的 seed 总是得到同样的数据。
    """
    g = torch.Generator().manual_seed(seed)
    n0 = n // 2
    angle = torch.rand(n, generator=g) * math.pi  # 每个点在半圆上的角度
    cos, sin = torch.cos(angle), torch.sin(angle)
    upper = torch.stack([cos[:n0], sin[:n0]], dim=1)  # 上半圆，圆心 (0, 0)
    lower = torch.stack([1 - cos[n0:], 0.5 - sin[n0:]], dim=1)  # 下半圆，圆心 (1, 0.5)
    x = torch.cat([upper, lower]) + noise * torch.randn(n, 2, generator=g)
    y = (torch.arange(n) >= n0).long()  # 前 n0 个是类别 0，其余是类别 1
    order = torch.randperm(n, generator=g)  # 打乱顺序，两类交替出现
    return x[order], y[order]


# --8<-- [end:moons]


def make_circles(n=300, noise=0.1, factor=0.5, seed=0):
    """两个同心圆环：类别 0 是半径 1 的外环，类别 1 是半径 factor 的内环。返回值同 make_moons。"""
    g = torch.Generator().manual_seed(seed)
    n0 = n // 2
    angle = torch.rand(n, generator=g) * 2 * math.pi
    radius = torch.cat([torch.ones(n0), torch.full((n - n0,), factor)])
    x = radius[:, None] * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    x = x + noise * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(n0, dtype=torch.long), torch.ones(n - n0, dtype=torch.long)])
    order = torch.randperm(n, generator=g)
    return x[order], y[order]


# --8<-- [start:dataset]
class PointDataset(Dataset):
    """最简单的 Dataset：把已经在内存里的 x、y 包起来，按下标取出一个样本。"""

    def __init__(self, x, y):
        assert len(x) == len(y)
        self.x, self.y = x, y

    def __len__(self):  # 样本个数
        return len(self.x)

    def __getitem__(self, i):  # 第 i 个样本：(特征, 标签)
        return self.x[i], self.y[i]


def make_loader(x, y, batch_size=32, seed=0):
    """每个 epoch 打乱一次顺序、切成小批量；打乱用固定种子的发生器，可复现。"""
    return DataLoader(
        PointDataset(x, y),
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )


# --8<-- [end:dataset]


@output("pytorch_basics_data.txt")
def demo_data():
    # --8<-- [start:data]
    x, y = make_moons(100, noise=0.2, seed=0)
    dataset = PointDataset(x, y)
    features, label = dataset[0]
    print(f"len(dataset) = {len(dataset)}，dataset[0] = ({features}, {label})")

    loader = make_loader(x, y, batch_size=32, seed=0)
    print(f"len(loader) = {len(loader)} 个小批量")
    for xb, yb in loader:  # 一个 epoch：把全部样本过一遍
        print(f"  xb {tuple(xb.shape)}  yb {tuple(yb.shape)}  类别 1：{yb.sum()} 个")

    def first_labels(loader):  # 取一个 epoch 的第一批，看前 8 个标签
        return next(iter(loader))[1][:8].tolist()

    print("两个 loader、同一个种子：")
    print(f"  {first_labels(make_loader(x, y, seed=0))}")
    print(f"  {first_labels(make_loader(x, y, seed=0))}")
    print("同一个 loader、接连两个 epoch：")
    print(f"  {first_labels(loader)}")
    print(f"  {first_labels(loader)}")
    # --8<-- [end:data]


# ---------------------------------------------------------------------------
# 完整的训练：给动手练习复用的接口
# ---------------------------------------------------------------------------

OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}


# --8<-- [start:fit]
def accuracy(model, x, y):
    """预测的类别（得分最高的一类）与 y 相同的比例。不改变模型原来的模式。"""
    device = next(model.parameters()).device  # 数据搬到模型所在的设备上
    was_training = model.training
    model.eval()
    with torch.no_grad():
        correct = (model(x.to(device)).argmax(dim=1) == y.to(device)).float().mean().item()
    model.train(was_training)
    return correct


def fit(
    model,
    x,
    y,
    *,
    epochs=40,
    lr=0.01,
    batch_size=32,
    seed=0,
    val=None,
    optimizer="adam",
):
    """用小批量梯度下降训练分类模型，损失是交叉熵。

    x：(N, d) 的特征；y：(N,) 的 int64 类别；
    val：可选的 (x_val, y_val)，每个 epoch 结束时在上面算一次准确率，只记录，不影响训练；
    seed：决定每个 epoch 的打乱顺序。模型的初始参数由调用者决定
    （先 torch.manual_seed 再建模型）；optimizer："adam" 或 "sgd"。
    返回 history：{"loss": [...], "accuracy": [...], "val_accuracy": [...]}，
    每个 epoch 一个数：loss 是各小批量损失的平均，accuracy 是训练集准确率。
    """
    device = next(model.parameters()).device  # 模型在哪个设备上，每批数据就搬到哪里
    loader = make_loader(x, y, batch_size=batch_size, seed=seed)
    opt = OPTIMIZERS[optimizer](model.parameters(), lr=lr)
    history = {"loss": [], "accuracy": [], "val_accuracy": []}
    for _ in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = F.cross_entropy(model(xb), yb)  # 前向：算损失
            opt.zero_grad()  # 清空上一步的梯度
            loss.backward()  # 反向：求梯度
            opt.step()  # 更新参数
            total += loss.item() * len(xb)
        history["loss"].append(total / len(x))
        history["accuracy"].append(accuracy(model, x, y))
        if val is not None:
            history["val_accuracy"].append(accuracy(model, *val))
    return history


# --8<-- [end:fit]

# 页面上的设置（测试检查这些数）
MOONS_NOISE = 0.2
N_TRAIN, N_TEST = 300, 1000
EPOCHS, LR, BATCH_SIZE, SEED = 40, 0.01, 32, 0
TEST_ACCURACY_THRESHOLD = 0.95  # 页面上说：测试集准确率不低于 95%


def train_moons_demo(init_seed=SEED):
    """页面上那次训练：返回 (模型, history, 训练集, 测试集)。init_seed 只换 torch.manual_seed 的种子（参数初始化），
    数据和 fit 的打乱顺序不变。"""
    x, y = make_moons(N_TRAIN, noise=MOONS_NOISE, seed=0)
    x_test, y_test = make_moons(N_TEST, noise=MOONS_NOISE, seed=1)
    torch.manual_seed(init_seed)
    model = MLP(2, 16, 2)
    history = fit(model, x, y, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=SEED, val=(x_test, y_test))
    return model, history, (x, y), (x_test, y_test)


def moons_bayes_predict(x, noise=MOONS_NOISE, steps=2001):
    """知道 make_moons 怎样生成数据时的最优（贝叶斯）分类器：两类各占一半，
    哪一类在 x 处的概率密度大就判哪一类。密度 = 沿半圆均匀取点、再加高斯噪声，用数值积分计算。"""
    angle = torch.linspace(0, math.pi, steps)
    cos, sin = torch.cos(angle), torch.sin(angle)
    arcs = [torch.stack([cos, sin], dim=1), torch.stack([1 - cos, 0.5 - sin], dim=1)]
    density = [torch.exp(-(torch.cdist(x, arc) ** 2) / (2 * noise**2)).mean(dim=1) for arc in arcs]
    return (density[1] > density[0]).long()


@functools.cache
def trained_moons():
    """页面上的输出和图共用同一次训练结果。"""
    return train_moons_demo()


@output("pytorch_basics_train.txt")
def demo_train():
    # --8<-- [start:train]
    x, y = make_moons(300, noise=0.2, seed=0)  # 训练集
    x_test, y_test = make_moons(1000, noise=0.2, seed=1)  # 测试集：换一个种子
    torch.manual_seed(0)  # 固定初始参数
    model = MLP(2, 16, 2)
    val = (x_test, y_test)  # 只用来记录每轮的测试集准确率，不参与训练，也不拿它挑设置
    history = fit(model, x, y, epochs=40, lr=0.01, batch_size=32, seed=0, val=val)

    print("轮数   损失   训练集准确率  测试集准确率")
    rows = zip(history["loss"], history["accuracy"], history["val_accuracy"])
    for epoch, (loss, acc, val_acc) in enumerate(rows, start=1):
        if epoch in (1, 5, 10, 20, 30, 40):
            print(f"{epoch:>4}  {loss:.4f}     {acc:.1%}        {val_acc:.1%}")
    print(f"测试集准确率：{accuracy(model, x_test, y_test):.1%}")
    # --8<-- [end:train]


def draw_decision_regions(ax, model, x, y, lim=((-1.6, 2.6), (-1.3, 1.8)), steps=200):
    """在 ax 上画出 model 的决策区域（按预测类别着色）和分界线，再画出样本点：类别 1 蓝色圆点，类别 0 橙色方块。

    配色与感知机、多层感知机两页和动手实验一致：正类（+1 或类别 1）蓝，另一类橙。
    """
    (x0, x1), (y0, y1) = lim
    was_training = model.training
    model.eval()

    def score(points):  # 类别 1 的 logit 减类别 0 的：大于 0 判为类别 1（蓝色）
        logits = model(points)
        return logits[:, 1] - logits[:, 0]

    shade_regions(ax, score, (x0, x1), (y0, y1), steps=steps)
    model.train(was_training)
    for label, marker, color in [(1, "o", COLORS["blue"]), (0, "s", COLORS["orange"])]:
        pts = x[y == label]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            marker=marker,
            s=16,
            color=color,
            edgecolor="black",
            linewidth=0.4,
            label=f"类别 {label}",
            zorder=3,
        )
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")


@figure("pytorch_basics_moons.svg")
def draw_training():
    """左：训练好的 MLP 的决策区域和训练样本；右上：每轮的损失；右下：训练集和测试集准确率。"""
    import matplotlib.pyplot as plt

    model, history, (x, y), (x_test, y_test) = trained_moons()
    fig = plt.figure(figsize=(8.8, 4.0))
    grid = fig.add_gridspec(2, 2, width_ratios=[1.25, 1], hspace=0.12, wspace=0.28)
    ax = fig.add_subplot(grid[:, 0])
    draw_decision_regions(ax, model, x, y)
    ax.set_title(f"决策区域与 {len(x)} 个训练样本")
    ax.legend(loc="lower left", fontsize=9, framealpha=0.9)

    epochs = range(1, len(history["loss"]) + 1)
    ax_loss = fig.add_subplot(grid[0, 1])
    ax_loss.plot(epochs, history["loss"], color=COLORS["red"])
    ax_loss.set(ylabel="训练损失", title="训练过程", ylim=(0, None))
    ax_loss.tick_params(labelbottom=False)
    ax_acc = fig.add_subplot(grid[1, 1], sharex=ax_loss)
    ax_acc.plot(epochs, history["accuracy"], color=COLORS["blue"], label="训练集")
    ax_acc.plot(epochs, history["val_accuracy"], color=COLORS["green"], linestyle="--", label="测试集")
    ax_acc.axhline(TEST_ACCURACY_THRESHOLD, color=COLORS["gray"], linewidth=0.8, linestyle=":")
    ax_acc.text(
        len(epochs),
        TEST_ACCURACY_THRESHOLD - 0.005,
        f"{TEST_ACCURACY_THRESHOLD:.0%}",
        ha="right",
        va="top",
        fontsize=9,
        color=COLORS["gray"],
    )
    ax_acc.set(xlabel="训练轮数（epoch）", ylabel="准确率", ylim=(0.7, 1.01), xlim=(0, len(epochs) + 1))
    ax_acc.legend(loc="lower right", fontsize=9)
    return fig
