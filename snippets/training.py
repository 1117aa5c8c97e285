"""训练神经网络：损失函数、反向传播、小批量梯度下降、优化器、训练循环、过拟合与早停。

页面：docs/dl/training.md；测试：tests/test_training.py。
"""

import copy
import functools
import math

import torch
import torch.nn.functional as F
from torch import nn

from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:losses]
def mse(prediction, target):
    """均方误差：差的平方取平均，回归任务的常用损失。"""
    return ((prediction - target) ** 2).mean()


def log_softmax(z):
    """数值稳定的 log-softmax：先减去每行的最大值，exp 就不会溢出。"""
    z = z - z.max(dim=1, keepdim=True).values
    return z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))


def cross_entropy(z, y):
    """softmax 交叉熵：z 是 (N, C) 的得分（logits），y 是 (N,) 的类别编号。"""
    log_p = log_softmax(z)
    return -log_p[torch.arange(len(y)), y].mean()  # 正确类别的 log 概率，取负再平均


# --8<-- [end:losses]


def naive_log_softmax(z):
    """照公式直接算 log(exp(z) / Σexp(z))：logits 很大时 exp 溢出成 inf。"""
    return torch.log(torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True))


@output("training_losses.txt")
def demo_losses():
    # --8<-- [start:losses-demo]
    z = torch.randn(5, 3, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([0, 2, 1, 1, 0])
    mine, theirs = cross_entropy(z, y), F.cross_entropy(z, y)
    print(f"5 个样本、3 类：手写交叉熵 {mine:.4f}，F.cross_entropy {theirs:.4f}")

    big = torch.tensor([[1000.0, 0.0]])
    print(f"logits = [1000, 0]：照公式直接算 {naive_log_softmax(big).tolist()}，", end="")
    print(f"减去最大值再算 {log_softmax(big).tolist()}")

    z = torch.tensor([[-5.0, 5.0]], requires_grad=True)  # 正确类别是 0，模型却选了 1
    target = torch.tensor([0])
    p, onehot = torch.softmax(z, dim=1), F.one_hot(target, 2).float()
    (grad_ce,) = torch.autograd.grad(cross_entropy(z, target), z)
    (grad_mse,) = torch.autograd.grad(mse(p, onehot), z)
    print("错得很有把握时（z = [-5, 5]，正确类别是 0），损失对 z 的梯度：")
    ce = ", ".join(f"{v:+.4f}" for v in grad_ce[0].tolist())
    ms = ", ".join(f"{v:+.1e}" for v in grad_mse[0].tolist())
    print(f"  softmax + 交叉熵：  [{ce}]")
    print(f"  softmax + 均方误差：[{ms}]")
    # --8<-- [end:losses-demo]


# --8<-- [start:backprop]
def init_params(n_in=2, n_hidden=8, n_classes=3, seed=0, dtype=torch.float64):
    """2 → D → C 的 MLP 的参数：W1 (D, 2)、b1 (D,)、W2 (C, D)、b2 (C,)。"""
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(n_hidden, n_in, generator=g, dtype=dtype) / math.sqrt(n_in)
    w2 = torch.randn(n_classes, n_hidden, generator=g, dtype=dtype) / math.sqrt(n_hidden)
    b1, b2 = torch.zeros(n_hidden, dtype=dtype), torch.zeros(n_classes, dtype=dtype)
    return [w1, b1, w2, b2]


def forward_backward(params, x, y):
    """前向算出损失，再用链式法则手工算出损失对每个参数的梯度（不用 autograd）。"""
    w1, b1, w2, b2 = params
    n, n_classes = len(x), len(b2)
    # 前向传播：每一步的中间结果都留着，反向传播要用
    a = x @ w1.T + b1  # (N, D) 隐藏层的线性部分
    h = torch.tanh(a)  # (N, D) 隐藏层的输出
    z = h @ w2.T + b2  # (N, C) 每一类的得分
    log_p = log_softmax(z)
    loss = -log_p[torch.arange(n), y].mean()
    # 反向传播：从损失出发，一层一层往回乘导数
    dz = (log_p.exp() - F.one_hot(y, n_classes)) / n  # ∂L/∂Z = (P - Y) / N，每行一个样本
    dw2 = dz.T @ h  # ∂L/∂W2 = (∂L/∂Z)ᵀ H，形状和 W2 一样：(C, D)
    db2 = dz.sum(dim=0)  # 对样本求和
    dh = dz @ w2  # ∂L/∂H = (∂L/∂Z) W2：误差传回隐藏层
    da = dh * (1 - h**2)  # 乘上 tanh 的导数 1 - tanh²
    dw1 = da.T @ x  # ∂L/∂W1 = (∂L/∂A)ᵀ X：(D, 2)
    db1 = da.sum(dim=0)
    return loss, [dw1, db1, dw2, db2]


# --8<-- [end:backprop]


# --8<-- [start:autograd]
def autograd_gradients(params, x, y):
    """同一个网络、同一个损失，只写前向传播，梯度交给 PyTorch 的自动求导。"""
    leaves = [p.detach().clone().requires_grad_(True) for p in params]  # 要求记录计算图
    w1, b1, w2, b2 = leaves
    z = torch.tanh(x @ w1.T + b1) @ w2.T + b2  # 前向：每一步的结果都带着 grad_fn
    loss = F.cross_entropy(z, y)
    loss.backward()  # 沿着记下的计算图从后往前，把梯度存进每个叶子张量的 .grad
    return loss.detach(), [p.grad for p in leaves]


# --8<-- [end:autograd]


# --8<-- [start:data]
def make_spirals(n_per_class=100, n_classes=3, noise=0.3, seed=0):
    """n_classes 条旋臂交错的螺旋：直线分不开，需要多层网络。"""
    g = torch.Generator().manual_seed(seed)
    xs, ys = [], []
    for k in range(n_classes):
        r = 0.1 + 0.9 * torch.rand(n_per_class, generator=g)  # 到原点的距离
        wobble = noise * torch.randn(n_per_class, generator=g)  # 角度上的随机扰动
        angle = 4 * r + 2 * math.pi * k / n_classes + wobble
        xs.append(torch.stack([r * torch.sin(angle), r * torch.cos(angle)], dim=1))
        ys.append(torch.full((n_per_class,), k))
    return torch.cat(xs), torch.cat(ys)


# --8<-- [end:data]


@output("training_gradcheck.txt")
def demo_gradcheck():
    # --8<-- [start:gradcheck]
    x, y = make_spirals(n_per_class=10)  # 30 个样本，3 类
    x = x.double()  # 用双精度，差别只剩舍入误差
    params = init_params(n_hidden=8)
    loss, grads = forward_backward(params, x, y)
    loss_auto, grads_auto = autograd_gradients(params, x, y)
    print(f"损失：手工 {loss:.10f}，autograd {loss_auto:.10f}")
    for name, mine, auto in zip(["W1", "b1", "W2", "b2"], grads, grads_auto):
        gap = (mine - auto).abs().max().item()
        print(f"∂L/∂{name:<2} 形状 {tuple(mine.shape)!s:<7} 最大绝对差 {gap:.1e}")
    # --8<-- [end:gradcheck]


# --8<-- [start:valley]
CURVATURE = torch.tensor([0.1, 4.0])  # 两个方向的弯曲程度相差 40 倍：一条狭长的山谷
START = torch.tensor([-9.0, 1.5])


def valley_loss(p):
    """L(x, y) = 0.05·x² + 2·y²，最小值 0 在原点。"""
    return 0.5 * (CURVATURE * p**2).sum(dim=-1)


def valley_grad(p):
    return CURVATURE * p  # ∂L/∂x = 0.1·x，∂L/∂y = 4·y


# --8<-- [end:valley]


# --8<-- [start:optimizers]
class SGD:
    """v ← μ·v + g，θ ← θ - lr·v（μ = 0 时就是普通的梯度下降），同 torch.optim.SGD。"""

    def __init__(self, lr, momentum=0.0):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, theta, grad):
        if self.velocity is None:
            self.velocity = grad.clone()  # 第一步：速度就是梯度
        else:
            self.velocity = self.momentum * self.velocity + grad  # 旧速度衰减，加上新梯度
        return theta - self.lr * self.velocity


class Adam:
    """Kingma & Ba (2015)：用梯度的滑动平均 m 和梯度平方的滑动平均 v 逐坐标缩放步长。"""

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = self.v = None
        self.t = 0

    def step(self, theta, grad):
        if self.m is None:
            self.m, self.v = torch.zeros_like(grad), torch.zeros_like(grad)
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * grad  # 方向
        self.v = self.beta2 * self.v + (1 - self.beta2) * grad**2  # 尺度
        m_hat = self.m / (1 - self.beta1**self.t)  # 偏差修正：开头几步 m、v 偏向 0
        v_hat = self.v / (1 - self.beta2**self.t)
        return theta - self.lr * m_hat / (v_hat.sqrt() + self.eps)


def descend(optimizer, steps=60, start=START):
    """从同一个起点出发走 steps 步，返回经过的每个点，形状 (steps + 1, 2)。"""
    path = [start]
    for _ in range(steps):
        path.append(optimizer.step(path[-1], valley_grad(path[-1])))
    return torch.stack(path)


# --8<-- [end:optimizers]

STEPS = 60
# --8<-- [start:contenders]
CONTENDERS = {
    "SGD（lr = 0.4）": lambda: SGD(lr=0.4),
    "动量（lr = 0.4，μ = 0.7）": lambda: SGD(lr=0.4, momentum=0.7),
    "Adam（lr = 0.5）": lambda: Adam(lr=0.5),
}
# --8<-- [end:contenders]

THRESHOLD = 1e-2  # 页面说：损失第一次降到 0.01 以下用了几步


def steps_to_reach(losses, threshold=THRESHOLD):
    """损失第一次低于 threshold 是第几步；一直没有则返回 None。"""
    below = (losses < threshold).nonzero()
    return below[0].item() if len(below) else None


@functools.cache
def optimizer_paths():
    return {name: descend(make(), STEPS) for name, make in CONTENDERS.items()}


@output("training_optimizers.txt")
def demo_optimizers():
    # --8<-- [start:race]
    print(f"起点 {START.tolist()}，损失 {valley_loss(START):.2f}；各走 {STEPS} 步")
    for name, make in CONTENDERS.items():
        losses = valley_loss(descend(make(), STEPS))
        reached = steps_to_reach(losses)
        reached = f"第 {reached} 步" if reached is not None else "没有"
        print(f"{name}：最终损失 {losses[-1]:.1e}，第一次降到 0.01 以下：{reached}")
    # --8<-- [end:race]


@output("training_lr.txt")
def demo_learning_rate():
    # --8<-- [start:lr]
    # 陡的方向曲率是 4：梯度下降要收敛，学习率必须小于 2 / 4 = 0.5
    for lr in [0.05, 0.4, 0.52]:
        losses = valley_loss(descend(SGD(lr=lr), STEPS))
        print(f"lr = {lr:<4}  第 10 步 {losses[10]:9.3f}  第 {STEPS} 步 {losses[-1]:9.3f}")
    # --8<-- [end:lr]


@figure("training_optimizers.svg")
def draw_optimizers():
    """左：三种优化器在狭长山谷上的路径；右：损失随步数的变化（对数坐标）。"""
    import matplotlib.pyplot as plt

    paths = optimizer_paths()
    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(8.8, 3.9), width_ratios=[1.35, 1])
    gx, gy = torch.meshgrid(torch.linspace(-10, 3, 80), torch.linspace(-2.2, 2.2, 60), indexing="xy")
    levels = [0.02, 0.1, 0.3, 0.7, 1.5, 3, 5, 8]
    ax.contour(gx, gy, valley_loss(torch.stack([gx, gy], dim=-1)), levels=levels, colors="silver", linewidths=0.9)
    styles = [(COLORS["red"], "o"), (COLORS["blue"], "s"), (COLORS["green"], "^")]
    for (name, path), (color, marker) in zip(paths.items(), styles):
        ax.plot(path[:, 0], path[:, 1], color=color, marker=marker, markersize=3.5, linewidth=1.3, label=name)
        losses = valley_loss(path)
        ax_loss.semilogy(range(len(losses)), losses, color=color, marker=marker, markersize=3, markevery=5)
    ax.plot(*START.tolist(), marker="*", color="black", markersize=12, linestyle="none", label="起点")
    ax.plot(0, 0, marker="+", color="black", markersize=12, markeredgewidth=2, linestyle="none", label="最小值")
    ax.set(xlim=(-10, 3), ylim=(-2.2, 2.2), xlabel="$x$", ylabel="$y$", title="$L = 0.05x^2 + 2y^2$ 上的 60 步")
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, -0.1), ncols=5, fontsize=9.5, frameon=False)
    ax_loss.axhline(THRESHOLD, color="gray", linestyle=":", linewidth=1)
    ax_loss.text(1, THRESHOLD * 0.6, "0.01", color="gray", ha="left", va="top", fontsize=10)
    ax_loss.set(xlabel="步数", ylabel="损失（对数坐标）", title="损失随步数的变化", xlim=(0, STEPS))
    fig.tight_layout()
    return fig


# --8<-- [start:gradient]
def flat_gradient(model, x, y):
    """模型在 (x, y) 上的交叉熵损失对全部参数的梯度，拼成一个向量。"""
    model.zero_grad()
    F.cross_entropy(model(x), y).backward()
    return torch.cat([p.grad.flatten() for p in model.parameters()])


# --8<-- [end:gradient]


@output("training_minibatch.txt")
def demo_minibatch_noise():
    # --8<-- [start:minibatch]
    x, y = make_spirals()  # 300 个样本
    torch.manual_seed(0)
    model = make_model()
    full = flat_gradient(model, x, y)  # 全批量：精确的梯度
    g = torch.Generator().manual_seed(0)
    for batch_size in [1, 8, 32, 128]:
        errors = []
        for _ in range(100):
            idx = torch.randperm(len(x), generator=g)[:batch_size]  # 随机抽一个小批量
            batch = flat_gradient(model, x[idx], y[idx])
            errors.append(((batch - full).norm() / full.norm()).item())
        mean_error = sum(errors) / len(errors)
        print(f"批大小 {batch_size:>3}：小批量梯度与全批量梯度的平均相对偏差 {mean_error:.2f}")
    # --8<-- [end:minibatch]


# --8<-- [start:model]
def make_model(n_hidden=64, n_classes=3):
    return nn.Sequential(
        nn.Linear(2, n_hidden),
        nn.ReLU(),
        nn.Linear(n_hidden, n_hidden),
        nn.ReLU(),
        nn.Linear(n_hidden, n_classes),
    )


# --8<-- [end:model]


# --8<-- [start:loop]
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()  # 训练模式：Dropout、BatchNorm 等层按训练时的方式工作
    for xb, yb in loader:  # 每次取一个小批量
        logits = model(xb)  # 1. 前向传播
        loss = loss_fn(logits, yb)  # 2. 计算损失
        optimizer.zero_grad()  # 3. 清掉上一步留下的梯度（PyTorch 默认会累加）
        loss.backward()  # 4. 反向传播：算出每个参数的梯度
        optimizer.step()  # 5. 按优化器的规则更新参数


@torch.no_grad()  # 评估时不需要梯度：省内存、算得快
def evaluate(model, x, y, loss_fn):
    model.eval()  # 评估模式：Dropout 关闭，BatchNorm 用训练时统计的均值和方差
    logits = model(x)
    accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss_fn(logits, y).item(), accuracy


class EarlyStopping:
    """验证损失连续 patience 轮没有创新低就停；并保存最低时的参数（最佳检查点）。"""

    def __init__(self, patience):
        self.patience = patience
        self.best_loss, self.best_epoch, self.best_state = math.inf, 0, None

    def should_stop(self, epoch, val_loss, model=None):
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch = val_loss, epoch
            if model is not None:
                self.best_state = copy.deepcopy(model.state_dict())
        return epoch - self.best_epoch >= self.patience


def fit(
    model,
    train_set,
    val_set,
    epochs,
    lr=0.01,
    batch_size=32,
    patience=None,
    optimizer=None,
    scheduler=None,
):
    """每轮训练一遍、在验证集上评估，按需早停；返回每轮的记录和早停器。
    不传 optimizer 时用学习率为 lr 的 Adam；传了 scheduler，每轮结束后调用它一次。"""
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(*train_set),
        batch_size=batch_size,
        shuffle=True,  # 每轮打乱顺序，小批量各不相同
        generator=torch.Generator().manual_seed(0),  # 打乱的顺序可复现
    )
    loss_fn = nn.CrossEntropyLoss()
    if optimizer is None:
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    stopper = EarlyStopping(patience if patience is not None else math.inf)
    history = []
    for epoch in range(1, epochs + 1):
        epoch_lr = optimizer.param_groups[0]["lr"]  # 这一轮用的学习率
        train_one_epoch(model, loader, loss_fn, optimizer)
        if scheduler is not None:
            scheduler.step()  # 一轮结束：按调度规则算出下一轮的学习率
        train_loss, _ = evaluate(model, *train_set, loss_fn)
        val_loss, val_acc = evaluate(model, *val_set, loss_fn)
        history.append(
            {
                "epoch": epoch,
                "train_loss": train_loss,
                "val_loss": val_loss,
                "val_acc": val_acc,
                "lr": epoch_lr,
            }
        )
        if stopper.should_stop(epoch, val_loss, model):
            break
    return history, stopper


# --8<-- [end:loop]


def describe(h):
    """把一轮的记录排成一行。"""
    losses = f"训练损失 {h['train_loss']:.3f}  验证损失 {h['val_loss']:.3f}"
    return f"第 {h['epoch']:>3} 轮  {losses}  验证准确率 {h['val_acc']:.1%}"


@output("training_loop.txt")
def demo_loop():
    # --8<-- [start:run]
    train_set, val_set = make_spirals(seed=0), make_spirals(seed=1)  # 训练集、验证集
    test_set = make_spirals(seed=2)  # 测试集：训练和挑选检查点都不用它，只在最后评估一次
    torch.manual_seed(0)  # 固定网络的随机初始化
    model = make_model()
    history, stopper = fit(model, train_set, val_set, epochs=200, patience=20)
    model.load_state_dict(stopper.best_state)  # 换回验证损失最低那一轮的参数
    for h in history:
        if h["epoch"] in (1, 5, 10, 20, 40, 50) or h is history[-1]:
            print(describe(h))  # describe 把一轮的记录排成一行
    best = stopper.best_epoch
    print(f"第 {len(history)} 轮早停；换回第 {best} 轮的参数（验证损失 {stopper.best_loss:.3f}）")
    _, test_acc = evaluate(model, *test_set, nn.CrossEntropyLoss())
    print(f"测试集上的准确率 {test_acc:.1%}")
    # --8<-- [end:run]


# --8<-- [start:overfit]
def make_blobs(n, seed, shift=1.0):
    """两团重叠的高斯点：0 类以 (-1, 0) 为中心，1 类以 (1, 0) 为中心，标准差 1。"""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=g)
    x[:, 0] += torch.where(y == 1, shift, -shift)
    return x, y


def overfit_model(epochs):
    """20 个训练点，两个隐藏层各 100 个单元；全批量训练 epochs 轮，不早停。"""
    train_set, val_set = make_blobs(20, seed=1), make_blobs(400, seed=2)
    torch.manual_seed(0)
    model = make_model(n_hidden=100, n_classes=2)
    n_train = len(train_set[0])
    history, stopper = fit(model, train_set, val_set, epochs, lr=5e-4, batch_size=n_train)
    return model, history, stopper.best_epoch


# --8<-- [end:overfit]

OVERFIT_EPOCHS = 300
PATIENCE = 20


@functools.cache
def overfit_run():
    """训练满 300 轮的网络和它的曲线；再从同一个初始化训练到最佳那一轮，得到最佳检查点（画图用）。"""
    final_model, history, best_epoch = overfit_model(OVERFIT_EPOCHS)
    best_model, _, _ = overfit_model(best_epoch)
    return final_model, best_model, history


@output("training_overfit.txt")
def demo_overfit():
    # --8<-- [start:overfit-demo]
    _, history, _ = overfit_model(OVERFIT_EPOCHS)
    stopper = EarlyStopping(patience=PATIENCE)
    for h in history:  # 事后把早停规则套在整条曲线上：它会在哪一轮喊停？
        if stopper.should_stop(h["epoch"], h["val_loss"]):
            break
    best = stopper.best_epoch
    print(f"早停（耐心 {PATIENCE} 轮）：第 {h['epoch']} 轮停止，最佳检查点是第 {best} 轮")
    for epoch in [1, best, OVERFIT_EPOCHS]:
        print(describe(history[epoch - 1]))
    # --8<-- [end:overfit-demo]


def _decision_field(model, gx, gy):
    with torch.no_grad():
        logits = model(torch.stack([gx, gy], dim=-1).reshape(-1, 2))
    return (logits[:, 1] - logits[:, 0]).reshape(gx.shape)  # > 0 判为 1 类


def flipped_points():
    """最佳检查点（第 41 轮）和第 300 轮给出不同类别的训练点：[(坐标, 真实类别, 41 轮的判断, 300 轮的判断)]。"""
    final_model, best_model, _ = overfit_run()
    x, y = make_blobs(20, seed=1)
    with torch.no_grad():
        before, after = best_model(x).argmax(dim=1), final_model(x).argmax(dim=1)
    return [(x[i], y[i].item(), before[i].item(), after[i].item()) for i in (before != after).nonzero().flatten()]


ZOOM_HALF = 0.05  # 放大窗口的半宽：以翻转的训练点为中心、边长 0.1 的正方形


def zoom_grid(center, half=ZOOM_HALF, n=301):
    """放大窗口里的细网格（间距约 0.0003）：中图里被点的标记盖住的小岛，在这里看得见。"""
    xs = torch.linspace(center[0] - half, center[0] + half, n)
    ys = torch.linspace(center[1] - half, center[1] + half, n)
    return torch.meshgrid(xs, ys, indexing="xy")


@figure("training_early_stopping.svg")
def draw_early_stopping():
    """左：训练损失和验证损失随轮数的变化，标出最佳轮和早停轮；右：两个时刻的分界线。"""
    import matplotlib.pyplot as plt

    final_model, best_model, history = overfit_run()
    epochs = [h["epoch"] for h in history]
    train = [h["train_loss"] for h in history]
    val = [h["val_loss"] for h in history]
    stopper = EarlyStopping(PATIENCE)
    stop_epoch = next(e for e, v in zip(epochs, val) if stopper.should_stop(e, v))
    best = stopper.best_epoch

    fig, (ax, ax_b, ax_z) = plt.subplots(1, 3, figsize=(10.5, 3.9), width_ratios=[1.2, 1, 0.85])
    ax.plot(epochs, train, color=COLORS["blue"], linewidth=2, label="训练损失")
    ax.plot(epochs, val, color=COLORS["orange"], linewidth=2, linestyle="--", label="验证损失")
    ax.axvline(best, color=COLORS["green"], linewidth=1.3)
    ax.axvline(stop_epoch, color=COLORS["gray"], linewidth=1.3, linestyle=":")
    ax.plot(best, val[best - 1], marker="o", color=COLORS["green"], markersize=8)
    ax.annotate(
        f"验证损失最低\n第 {best} 轮",
        (best, val[best - 1]),
        xytext=(best + 70, 0.5),
        va="bottom",
        color=COLORS["green"],
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": COLORS["green"]},
    )
    ax.text(
        stop_epoch + 4, 0.78, f"耐心 {PATIENCE} 轮后\n第 {stop_epoch} 轮停止", color="dimgray", fontsize=10, va="top"
    )
    ax.text(best / 2, 0.86, "欠拟合", ha="center", fontsize=10, color="dimgray")
    ax.text((best + epochs[-1]) / 2 + 30, 0.86, "过拟合：两条曲线越分越开", ha="center", fontsize=10, color="dimgray")
    ax.set(
        xlabel="训练轮数（epoch）",
        ylabel="交叉熵损失",
        xlim=(0, epochs[-1]),
        ylim=(0, 0.92),
        title="训练损失与验证损失",
    )
    ax.legend(loc="lower left", fontsize=9)

    train_x, train_y = make_blobs(20, seed=1)
    ((point, _, _, _),) = flipped_points()  # 两个时刻判断不同的训练点只有一个
    gx, gy = torch.meshgrid(torch.linspace(-3.5, 3.5, 120), torch.linspace(-3, 3, 100), indexing="xy")
    zx, zy = zoom_grid(point)
    models = [
        (best_model, COLORS["green"], "solid", f"第 {best} 轮（最佳检查点）"),
        (final_model, COLORS["purple"], "dashed", f"第 {epochs[-1]} 轮"),
    ]
    for model, color, style, name in models:
        ax_b.contour(gx, gy, _decision_field(model, gx, gy), levels=[0], colors=color, linestyles=style, linewidths=1.8)
        ax_b.plot([], [], color=color, linestyle=style, linewidth=1.8, label=name)
    # 放大窗口：浅色底表示第 300 轮判成哪一类（第 41 轮在整个窗口里都判为 1 类）
    field = _decision_field(final_model, zx, zy)
    ax_z.contourf(zx, zy, field, levels=[-1e9, 0, 1e9], colors=["#FBE3B0", "#CFE3F1"])
    ax_z.contour(zx, zy, field, levels=[0], colors=COLORS["purple"], linestyles="dashed", linewidths=1.5)
    for label, marker, color in [(0, "s", COLORS["orange"]), (1, "o", COLORS["blue"])]:
        pts = train_x[train_y == label]
        ax_b.scatter(
            pts[:, 0], pts[:, 1], marker=marker, color=color, edgecolor="black", s=45, zorder=3, label=f"{label} 类"
        )
        ax_z.scatter(pts[:, 0], pts[:, 1], marker=marker, color=color, edgecolor="black", s=30, zorder=3)
    ax_b.add_patch(plt.Circle(point.tolist(), 0.38, fill=False, edgecolor="black", linewidth=1, zorder=4))
    ax_b.annotate(
        "右图放大",
        point.tolist(),
        xytext=(1.0, 2.3),
        fontsize=9.5,
        ha="center",
        arrowprops={"arrowstyle": "-", "color": "black", "lw": 0.8, "shrinkB": 12},
    )
    ax_b.set(
        xlim=(-3.5, 3.5), ylim=(-3, 3), xlabel="$x_1$", ylabel="$x_2$", aspect="equal", title="20 个训练点上的分界线"
    )
    ax_b.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, fontsize=9, frameon=False)
    px, py = point.tolist()
    ax_z.set(
        xlim=(px - ZOOM_HALF, px + ZOOM_HALF),
        ylim=(py - ZOOM_HALF, py + ZOOM_HALF),
        aspect="equal",
        xlabel="$x_1$",
        title=f"第 {epochs[-1]} 轮，({px:.2f}, {py:.2f}) 附近放大",
    )
    ax_z.tick_params(labelsize=8.5)
    ax_z.text(
        px, py - 0.03, "浅橙：第 300 轮判为 0 类的小岛\n浅蓝：判为 1 类", ha="center", fontsize=9, color="dimgray"
    )
    ax_z.text(px, py + 0.035, f"第 {best} 轮：整个窗口都判为 1 类", ha="center", fontsize=9, color=COLORS["green"])
    fig.tight_layout()
    return fig


@figure("training_graph.svg")
def draw_graph():
    """2 → D → C 网络的计算图：上面一行是前向传播，下面的红色箭头是反向传播传回的梯度（一个样本，列向量）。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    fig, ax = plt.subplots(figsize=(8.8, 3.6))
    values = {0: "$\\mathbf{x}$", 2: "$\\mathbf{a}$", 4: "$\\mathbf{h}$", 6: "$\\mathbf{z}$", 8: "$L$"}
    ops = {1: "线性", 3: "tanh", 5: "线性", 7: "softmax\n交叉熵"}
    inputs = {1: "$W_1, \\mathbf{b}_1$", 5: "$W_2, \\mathbf{b}_2$", 7: "标签 $y$"}
    for x, text in values.items():
        ax.add_patch(FancyBboxPatch((x - 0.32, -0.25), 0.64, 0.5, boxstyle="round,pad=0.02", fc="white", ec="black"))
        ax.text(x, 0, text, ha="center", va="center", fontsize=13)
    for x, text in ops.items():
        ax.add_patch(
            FancyBboxPatch((x - 0.42, -0.28), 0.84, 0.56, boxstyle="round,pad=0.02", fc="#E8F1F8", ec=COLORS["blue"])
        )
        ax.text(x, 0, text, ha="center", va="center", fontsize=10.5)
    for x0 in range(8):  # 前向：从左到右
        start, end = x0 + (0.34 if x0 in values else 0.46), x0 + 1 - (0.46 if x0 in values else 0.34)
        ax.annotate("", (end, 0), (start, 0), arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.3})
    for x, text in inputs.items():
        ax.text(x, 1.05, text, ha="center", va="center", fontsize=11)
        ax.annotate("", (x, 0.3), (x, 0.85), arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.1})
    ax.text(-0.45, 0.62, "前向传播", fontsize=11, ha="left")

    red = COLORS["red"]
    for x0 in [8, 6, 4, 2]:  # 反向：从右到左，沿着每个中间结果
        ax.annotate("", (x0 - 1.7, -0.75), (x0 - 0.3, -0.75), arrowprops={"arrowstyle": "->", "color": red, "lw": 1.6})
    d = "\\partial L / \\partial "
    grads = {  # 与页面上的公式相同：一个样本，列向量
        7: f"${d}\\mathbf{{z}} = \\mathbf{{p}} - \\mathbf{{e}}_y$",
        5: f"${d}\\mathbf{{h}} = W_2^{{\\top}} ({d}\\mathbf{{z}})$",
        3: f"${d}\\mathbf{{a}} = ({d}\\mathbf{{h}}) \\odot (1 - \\mathbf{{h}}^2)$",
    }
    for x, text in grads.items():  # 上下错开两行，免得挤在一起
        ax.text(x, -1.15 if x != 5 else -1.6, text, ha="center", va="center", fontsize=11, color=red)
    param_grads = {
        1: f"${d}W_1 = ({d}\\mathbf{{a}})\\, \\mathbf{{x}}^{{\\top}}$",
        5: f"${d}W_2 = ({d}\\mathbf{{z}})\\, \\mathbf{{h}}^{{\\top}}$",
    }
    for x, text in param_grads.items():
        ax.text(x, 1.55, text, ha="center", va="center", fontsize=11, color=red)
    ax.text(-0.45, -0.62, "反向传播", fontsize=11, ha="left", color=red)
    ax.set(xlim=(-0.6, 8.5), ylim=(-1.9, 1.8))
    ax.axis("off")
    return fig


# --8<-- [start:adamw]
class AdamW(Adam):
    """Loshchilov & Hutter（2019）：权重衰减不进梯度。
    每步先把参数乘以 (1 - lr·λ)，再只用数据的梯度做 Adam 更新。"""

    def __init__(self, lr, weight_decay=0.01, **kwargs):
        super().__init__(lr, **kwargs)
        self.weight_decay = weight_decay

    def step(self, theta, grad):
        # 衰减：每个坐标缩小同样的比例，与梯度无关
        theta = theta * (1 - self.lr * self.weight_decay)
        return super().step(theta, grad)  # m、v 只记录数据的梯度


def adam_with_l2_step(optimizer, theta, grad, weight_decay):
    """把 L2 正则 (λ/2)·‖θ‖² 加进损失：梯度多出 λθ，随后和数据的梯度一起被 √v 除。"""
    return optimizer.step(theta, grad + weight_decay * theta)


# --8<-- [end:adamw]


# --8<-- [start:decay-demo]
def kept_after_decay(optimizer_class, lr=0.01, weight_decay=0.01, steps=100):
    """两个权重都从 1 出发：权重 1 每步收到 ±10 交替的梯度，权重 2 的梯度始终是 0。
    走 steps 步，返回“有衰减时的值 ÷ 没有衰减时的值”：衰减让每个权重保留了多少。"""
    finals = []
    for wd in (weight_decay, 0.0):
        w = torch.ones(2, requires_grad=True)
        optimizer = optimizer_class([w], lr=lr, weight_decay=wd)
        for t in range(steps):
            w.grad = torch.tensor([10.0 * (-1) ** t, 0.0])  # 假装这是数据的梯度
            optimizer.step()
        finals.append(w.detach())
    return finals[0] / finals[1]


# --8<-- [end:decay-demo]


@output("training_adamw.txt")
def demo_adamw():
    # --8<-- [start:decay-run]
    print("lr = 0.01，λ = 0.01，走 100 步；有衰减时的权重 ÷ 没有衰减时的权重：")
    # torch.optim.Adam 的 weight_decay 就是 L2 正则：把 λθ 加进梯度
    optimizers = {"Adam + L2": torch.optim.Adam, "AdamW": torch.optim.AdamW}
    for name, optimizer_class in optimizers.items():
        kept = kept_after_decay(optimizer_class)
        print(f"  {name}：权重 1（梯度大）保留 {kept[0]:.2%}，", end="")
        print(f"权重 2（梯度为 0）保留 {kept[1]:.2%}")
    print(f"  对照：(1 - lr·λ)^100 = {(1 - 0.01 * 0.01) ** 100:.2%}")
    # --8<-- [end:decay-run]


SCHEDULE_EPOCHS = 100


# --8<-- [start:schedule]
def train_with_schedule(cosine, seed=0, epochs=SCHEDULE_EPOCHS):
    """螺旋数据、前面的 MLP 和 Adam（lr = 0.01），训练 epochs 轮，不早停；
    cosine=True 时学习率按余弦退火到 0。"""
    data = make_spirals(seed=0), make_spirals(seed=1)  # 训练集、验证集
    torch.manual_seed(seed)  # 两种做法从同一个初始化出发
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    cosine_annealing = torch.optim.lr_scheduler.CosineAnnealingLR
    scheduler = cosine_annealing(optimizer, T_max=epochs) if cosine else None
    history, _ = fit(model, *data, epochs, optimizer=optimizer, scheduler=scheduler)
    return history


# --8<-- [end:schedule]


@functools.cache
def schedule_runs(seed=0):
    return {"固定学习率": train_with_schedule(False, seed), "余弦退火": train_with_schedule(True, seed)}


def bumpiness(history, last=20):
    """最后 last 轮里训练损失的最大值 ÷ 最后一轮的训练损失：1 表示平稳下降到底，越大起伏越大。"""
    losses = [h["train_loss"] for h in history[-last:]]
    return max(losses) / losses[-1]


@output("training_schedule.txt")
def demo_schedule():
    # --8<-- [start:schedule-run]
    for name, history in schedule_runs().items():
        print(name)
        for h in history:
            if h["epoch"] in (1, 25, 50, 75, 100):
                lr, loss = h["lr"], h["train_loss"]
                print(f"  第 {h['epoch']:>3} 轮  学习率 {lr:.5f}  训练损失 {loss:.4f}")
        print(f"  最后 20 轮训练损失的最大值 ÷ 最后一轮：{bumpiness(history):.2f}")
        print(f"  第 100 轮的验证准确率 {history[-1]['val_acc']:.1%}")
    # --8<-- [end:schedule-run]


# --8<-- [start:mmengine]
# MMEngine 配置文件里的写法（执行器 Runner 读这两个字段，替你建好优化器和调度器）：
optim_wrapper = dict(optimizer=dict(type="AdamW", lr=0.01, weight_decay=0.01))
param_scheduler = [
    # 前 5 轮“预热”：学习率从 0.1 倍线性升到 1 倍
    dict(type="LinearLR", start_factor=0.1, by_epoch=True, begin=0, end=5),
    # 第 5～100 轮：余弦退火到 0
    dict(type="CosineAnnealingLR", T_max=95, by_epoch=True, begin=5, end=100),
]
# --8<-- [end:mmengine]


@figure("training_schedule.svg")
def draw_schedule():
    """左：两种做法的学习率随轮数的变化；右：训练损失（对数坐标），同一个初始化。"""
    import matplotlib.pyplot as plt

    runs = schedule_runs()
    fig, (ax_lr, ax_loss) = plt.subplots(1, 2, figsize=(8.8, 3.6))
    styles = {"固定学习率": (COLORS["orange"], "--"), "余弦退火": (COLORS["blue"], "-")}
    for name, history in runs.items():
        color, style = styles[name]
        epochs = [h["epoch"] for h in history]
        ax_lr.plot(epochs, [h["lr"] for h in history], color=color, linestyle=style, linewidth=2, label=name)
        ax_loss.semilogy(epochs, [h["train_loss"] for h in history], color=color, linestyle=style, linewidth=1.6)
    ax_lr.set(xlabel="训练轮数", ylabel="学习率", title="学习率", xlim=(0, SCHEDULE_EPOCHS), ylim=(0, 0.011))
    ax_lr.legend(loc="lower left", fontsize=10)
    ax_loss.set(xlabel="训练轮数", ylabel="训练损失（对数坐标）", title="训练损失", xlim=(0, SCHEDULE_EPOCHS))
    fig.tight_layout()
    return fig
