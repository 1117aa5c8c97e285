"""交互演示（docs/assets/javascripts/demos/）的 Python 参照：数据、访问顺序和期望结果都由页面上的代码算出。

浏览器里的演示用 JavaScript 重写了一遍计算（感知机的更新、卷积、输出尺寸公式），这里的 ``@output`` 把参照写成
``snippets/outputs/demo_*.json``；tests/test_demos.py 在 Chromium 里打开构建好的页面，用同样的输入调用
``window.cvDemos.<演示>`` 的计算函数，与这些期望结果逐个比较（感知机的整条 (w, b) 轨迹、卷积的每个输出都要完全相等）。
演示里内置的数据（预设的点、卷积核、合成图像）也写进 JSON，测试检查两边是同一份。

期望结果一律用页面自己的代码算：感知机用 snippets/perceptron.py 的 ``train_perceptron``，卷积用 ``F.conv2d``，
都在 float64 下；数据在 0.25 的网格上、学习率取 2 的幂、卷积的输入和卷积核取整数，两边的运算都没有舍入误差。

加一个演示（例如多层感知机）：在这里写一个 ``@output("demo_<名字>.json")`` 函数，在 tests/test_demos.py 里比较。
"""

import contextlib
import itertools
import json
import math
import re

import torch
import torch.nn.functional as F

from snippets.convolution import DEMO_IMAGE, DEMO_KERNEL, KERNELS, make_shapes_image
from snippets.generated import output
from snippets.perceptron import TRUE_B, TRUE_W, XOR_X, XOR_Y, make_separable_data, train_perceptron


@contextlib.contextmanager
def float64():
    """在这段代码里新建的张量默认是 float64（train_perceptron 里的 torch.zeros 也是）。"""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(previous)


def dump(data) -> None:
    """打印 JSON：每个顶层键一行，diff 好读；浮点数用 repr（最短的、读回来完全相同的写法）。"""
    lines = [f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}" for key, value in data]
    print("{\n" + ",\n".join(lines) + "\n}")


# ---- 伪随机数：mulberry32，与 docs/assets/javascripts/demos/core.js 的 cvDemos.mulberry32 一致 -------------------

MASK = 0xFFFFFFFF


def mulberry32(seed: int):
    """返回一个函数，每次调用给出下一个 32 位无符号整数（JavaScript 版除以 2³² 得到 [0, 1) 的数）。"""
    state = seed & MASK

    def next_uint() -> int:
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = ((state ^ (state >> 15)) * (1 | state)) & MASK
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & MASK)) & MASK) ^ t
        return (t ^ (t >> 14)) & MASK

    return next_uint


def shuffled(n: int, next_uint) -> list[int]:
    """0..n-1 的一个随机排列（Fisher–Yates，从后往前）：j = ⌊u / 2³² · (i + 1)⌋，与 JavaScript 版相同。"""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = (next_uint() * (i + 1)) >> 32
        order[i], order[j] = order[j], order[i]
    return order


# ---- 感知机 ------------------------------------------------------------------------------------------------------

GRID = 0.25  # 演示里的点都在 0.25 的网格上（点按到哪里就取最近的网格点）
SMALL_MARGIN_LINE = ([1.0, 2.0], -0.375)  # 网格点到它的 |x1 + 2·x2 − 0.375| 至少 0.125


def snap(x):
    return torch.round(x / GRID) * GRID + 0.0  # + 0.0：把 −0.0 变成 0.0


def perceptron_presets() -> dict[str, tuple[list, list]]:
    """演示里的三组预设数据：{名字: (点的坐标, 标签)}。"""
    # 线性可分：页面上的生成方法（间隔 0.3），取 16 个点，放到网格上后按真实分界线重新打标签
    x, _ = make_separable_data(n=16, margin=0.3, seed=0)
    with float64():
        x = snap(x.double())
        separable = (x, torch.sign(x @ TRUE_W.double() + TRUE_B))
        # 小间隔：14 个网格点，都离分界线 x1 + 2·x2 − 0.375 = 0 不远（|x1 + 2·x2 − 0.375| < 1），两类几乎贴在一起
        g = torch.Generator().manual_seed(3)
        candidates = torch.randint(-8, 9, (200, 2), generator=g).double() * GRID
        w, b = SMALL_MARGIN_LINE
        near = [p for p in dict.fromkeys(map(tuple, candidates.tolist())) if abs(p[0] * w[0] + p[1] * w[1] + b) < 1]
        x = torch.tensor(near[:14])
        small = (x, torch.sign(x @ torch.tensor(w) + b))
        xor = (XOR_X.double(), XOR_Y.double())
    return {
        name: (x.tolist(), y.tolist()) for name, (x, y) in [("separable", separable), ("margin", small), ("xor", xor)]
    }


def visiting_order(n: int, epochs: int, shuffle: bool, seed: int) -> list[list[int]]:
    """每一轮访问样本的顺序：按顺序，或每轮用同一个种子的 mulberry32 重新打乱一次。"""
    next_uint = mulberry32(seed)
    return [shuffled(n, next_uint) if shuffle else list(range(n)) for _ in range(epochs)]


def perceptron_run(x, y, lr, shuffle, seed, max_epochs):
    """用页面上的 train_perceptron 算出每一步之后的 (w1, w2, b)，以及每一轮分错的个数。

    train_perceptron 从 w = 0、b = 0 出发按给定顺序走一遍样本；只给它访问序列的前 k 个样本、只走一轮，
    得到的就是第 k 步之后的状态。某一轮一个都没分错就停下，与 train_perceptron 相同。
    """
    x, y = torch.tensor(x), torch.tensor(y)
    steps, trajectory, mistakes = [], [], []
    for order in visiting_order(len(x), max_epochs, shuffle, seed):
        before = sum(mistakes)
        for i in order:
            steps.append(i)
            w, b, updates = train_perceptron(x[steps], y[steps], lr=lr, max_epochs=1)
            trajectory.append([*w.tolist(), b.item()])
        mistakes.append(updates[0] - before)
        if mistakes[-1] == 0:
            break
    return {"steps": steps, "trajectory": trajectory, "mistakes": mistakes}


PERCEPTRON_CASES = [  # (预设, 学习率, 是否打乱, 种子, 最多几轮)
    ("separable", 1.0, False, 1, 20),
    ("separable", 0.5, True, 1, 20),
    ("margin", 1.0, False, 1, 30),
    ("margin", 0.25, True, 7, 30),
    ("xor", 1.0, False, 1, 12),
    ("xor", 0.5, True, 2, 12),
]


@output("demo_perceptron.json")
def perceptron_fixture():
    presets = perceptron_presets()
    with float64():
        cases = [
            {"preset": name, "lr": lr, "shuffle": shuffle, "seed": seed, "max_epochs": epochs}
            | perceptron_run(*presets[name], lr, shuffle, seed, epochs)
            for name, lr, shuffle, seed, epochs in PERCEPTRON_CASES
        ]
        # 按顺序访问时，整个训练过程就是 train_perceptron 本身：最后的 (w, b) 和每轮错分数也直接记下来
        final = {}
        for name, (x, y) in presets.items():
            w, b, mistakes = train_perceptron(torch.tensor(x), torch.tensor(y), lr=1.0, max_epochs=12)
            final[name] = {"w": w.tolist(), "b": b.item(), "mistakes": mistakes}
    prng = {}
    for seed in (0, 1, 2, 42, 2**31 + 5, MASK):
        next_uint = mulberry32(seed)
        prng[str(seed)] = {"uints": [next_uint() for _ in range(8)], "shuffle10": shuffled(10, mulberry32(seed))}
    dump([("presets", presets), ("cases", cases), ("train_perceptron", final), ("mulberry32", prng)])


# ---- 卷积 --------------------------------------------------------------------------------------------------------

# 锐化：单位卷积核（中心 1）减去页面上的拉普拉斯核：原图加上“原图与邻居平均的差”，边缘被加强
IDENTITY3 = torch.tensor([[0.0, 0, 0], [0, 1, 0], [0, 0, 0]])
SHARPEN = IDENTITY3 - KERNELS["拉普拉斯"]
DEMO_KERNELS = {"图 1 的卷积核": DEMO_KERNEL, **KERNELS, "锐化": SHARPEN}
SHAPES_SIZE = 10


def shapes_grid(size=SHAPES_SIZE):
    """演示的第二种输入：页面上的合成图像（方块和圆盘）缩成 size×size，亮度换成 0～9 的整数。"""
    image = make_shapes_image()  # 64×64，取值 0、0.6、1
    small = F.adaptive_avg_pool2d(image[None, None], size)[0, 0]
    return (small * 9).round().int()


def output_size_or_error(h, k, p, s, d):
    """PyTorch 实际给出的输出边长；PyTorch 报错时，返回错误信息里的 [补零后的输入边长, 卷积核（含空洞）的边长]。

    错误信息形如 “Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be
    greater than actual input size”。
    """
    try:
        out = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), padding=p, stride=s, dilation=d)
    except RuntimeError as error:
        padded, kernel = re.search(
            r"input size per channel: \((\d+) x \d+\)\. Kernel size: \((\d+) x", str(error)
        ).groups()
        return [int(padded), int(kernel)]
    return out.shape[-1]


def conv_sweep(per_setting=3, seed=0):
    """填充 0～2、步幅 1～3、空洞率 1～3 的每一种组合，各随机取几个输入和卷积核（整数；第一个是正方形，和演示里一样），
    记下 F.conv2d 在 float64 下的输出。"""
    g = torch.Generator().manual_seed(seed)
    cases = []
    for p, s, d in itertools.product(range(3), range(1, 4), range(1, 4)):
        for i in range(per_setting):
            while True:
                h, w = torch.randint(1, 9, (2,), generator=g).tolist()
                kh, kw = torch.randint(1, 5, (2,), generator=g).tolist()
                if i == 0:
                    w, kw = h, kh
                if h + 2 * p >= d * (kh - 1) + 1 and w + 2 * p >= d * (kw - 1) + 1:
                    break  # 放得下（放不下时 PyTorch 报错，由尺寸公式的测试覆盖）
            x = torch.randint(-4, 10, (h, w), generator=g).double()
            kernel = torch.randint(-3, 4, (kh, kw), generator=g).double()
            y = F.conv2d(x[None, None], kernel[None, None], padding=p, stride=s, dilation=d)[0, 0]
            cases.append(
                {"x": x.int().tolist(), "kernel": kernel.int().tolist(), "p": p, "s": s, "d": d, "y": y.tolist()}
            )
    return cases


@output("demo_convolution.json")
def convolution_fixture():
    kernels = {name: k.double().tolist() for name, k in DEMO_KERNELS.items()}
    sizes = [
        [h, k, p, s, d, output_size_or_error(h, k, p, s, d)]
        for h, k, p, s, d in itertools.product(range(1, 7), range(1, 6), range(3), range(1, 4), range(1, 4))
    ]
    image = shapes_grid()
    inputs = {"demo_image": DEMO_IMAGE.int().tolist(), "shapes": image.tolist()}
    # 每个预设卷积核作用在合成图像上（P = 1）：均值模糊按“整数卷积再除以 9”比较，其余逐位相等
    x = image.double()[None, None]
    on_shapes = {
        name: F.conv2d(x, k.double()[None, None], padding=1)[0, 0].tolist() for name, k in DEMO_KERNELS.items()
    }
    on_shapes["均值模糊（整数和）"] = F.conv2d(x, torch.ones(1, 1, 3, 3).double(), padding=1)[0, 0].tolist()
    dump(
        [
            ("kernels", kernels),
            ("inputs", inputs),
            ("output_sizes", sizes),
            ("sweep", conv_sweep()),
            ("on_shapes", on_shapes),
        ]
    )


# ---- 多层感知机 --------------------------------------------------------------------------------------------------
# 演示（docs/assets/javascripts/demos/mlp.js）里的数据、初始权重和每轮的访问顺序都来自同一个 mulberry32，
# 这里逐行照写一遍；训练本身用 PyTorch（nn.Linear、nn.BCEWithLogitsLoss、torch.optim.SGD）在 float64 下算。

MLP_DATASETS = ("xor", "moons", "circles")
MLP_ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}
MLP_N = 200  # 训练集、测试集各 200 个点
TWO_32 = 2.0**32


def uniform(next_uint) -> float:
    """[0, 1) 上的均匀分布：32 位整数除以 2³²（精确，没有舍入）。"""
    return next_uint() / TWO_32


def gaussian(next_uint) -> float:
    """标准正态分布（Box–Muller，只用 cos 那一个）：u₁ 取 (0, 1]，避免 log 0。"""
    u1 = 1 - uniform(next_uint)
    u2 = uniform(next_uint)
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def mlp_points(name: str, noise: float, seed: int, n: int = 2 * MLP_N):
    """n 个点 [x1, x2] 和标签 t（0 或 1）。每个点先抽形状上的位置，再加两个正态噪声（噪声为 0 也照样抽，
    这样改噪声大小不会改变别的点）。XOR：两个坐标在 ±(0.1～1.6) 之间，异号为 1 类；两个半月：sklearn
    make_moons 的形状平移到原点附近；两个圆：内圆半径 0～0.7 为 1 类，外环半径 1.1～1.5 为 0 类。"""
    next_uint = mulberry32(seed)
    points, labels = [], []
    for i in range(n):
        if name == "xor":
            a, b = 3 * uniform(next_uint) - 1.5, 3 * uniform(next_uint) - 1.5
            a += 0.1 if a >= 0 else -0.1
            b += 0.1 if b >= 0 else -0.1
            t = 1 if a * b < 0 else 0
        elif name == "moons":
            t = i % 2
            angle = math.pi * uniform(next_uint)
            if t == 0:
                a, b = math.cos(angle) - 0.5, math.sin(angle) - 0.25
            else:
                a, b = 0.5 - math.cos(angle), 0.25 - math.sin(angle)
        else:
            t = i % 2
            r = 0.7 * uniform(next_uint) if t == 1 else 1.1 + 0.4 * uniform(next_uint)
            angle = 2 * math.pi * uniform(next_uint)
            a, b = r * math.cos(angle), r * math.sin(angle)
        points.append([a + noise * gaussian(next_uint), b + noise * gaussian(next_uint)])
        labels.append(t)
    return points, labels


def mlp_dataset(name: str, noise: float, seed: int):
    """(训练点, 训练标签, 测试点, 测试标签)：同一串随机数的前 200 个点训练，后 200 个测试。"""
    points, labels = mlp_points(name, noise, seed)
    return points[:MLP_N], labels[:MLP_N], points[MLP_N:], labels[MLP_N:]


def mlp_init(units: list[int], seed: int):
    """初始权重，和 nn.Linear 的默认初始化同一个分布：权重和偏置都取 U(−1/√fan_in, 1/√fan_in)。
    一层一层地抽：先是权重（按行），再是偏置。返回 [(W, b), …] 和接着用的随机数发生器（它再给出每轮的打乱顺序）。"""
    next_uint = mulberry32(seed)
    sizes = [2, *units, 1]
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = 1 / math.sqrt(fan_in)
        weight = [[(2 * uniform(next_uint) - 1) * bound for _ in range(fan_in)] for _ in range(fan_out)]
        bias = [(2 * uniform(next_uint) - 1) * bound for _ in range(fan_out)]
        layers.append((weight, bias))
    return layers, next_uint


def mlp_batches(n: int, batch: int, epochs: int, next_uint) -> list[list[int]]:
    """每轮把 0..n−1 打乱一次，按 batch 个一组切开（最后一组可以不满）。"""
    batches = []
    for _ in range(epochs):
        order = shuffled(n, next_uint)
        batches += [order[k : k + batch] for k in range(0, n, batch)]
    return batches


def mlp_model(layers, activation: str):
    """PyTorch 的同一个网络（float64），权重取 layers。"""
    modules = []
    for k, (weight, bias) in enumerate(layers):
        linear = torch.nn.Linear(len(weight[0]), len(weight), dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
        modules.append(linear)
        if k < len(layers) - 1:
            modules.append(MLP_ACTIVATIONS[activation]())
    return torch.nn.Sequential(*modules)


def mlp_weights(model) -> list:
    return [[m.weight.tolist(), m.bias.tolist()] for m in model if isinstance(m, torch.nn.Linear)]


def mlp_losses(model, x, t) -> tuple[float, float]:
    """整个数据集上的平均二分类交叉熵损失和准确率（logit > 0 判为 1 类）。"""
    with torch.no_grad():
        z = model(x).squeeze(1)
        loss = F.binary_cross_entropy_with_logits(z, t).item()
    return loss, ((z > 0).double() == t).double().mean().item()


def mlp_train(config: dict, epochs: int = 0, steps: int | None = None, zero_grad: bool = True):
    """按演示的设置训练：每一步取一组样本，BCEWithLogitsLoss 求平均，SGD(lr, weight_decay) 更新。

    走 epochs 轮（或只走前 steps 步）；返回网络、数据和每轮结束时的 (训练损失, 测试损失, 训练准确率, 测试准确率)，
    第 0 项是训练前的。zero_grad=False 时不清梯度（上一步的梯度留着累加），只用来说明清梯度的必要。"""
    x, t, x_test, t_test = (torch.tensor(v, dtype=torch.float64) for v in mlp_dataset(*config["data"]))
    layers, next_uint = mlp_init(config["units"], config["seed"])
    model = mlp_model(layers, config["activation"])
    total = epochs if steps is None else -(-steps * config["batch"] // MLP_N)
    batches = mlp_batches(MLP_N, config["batch"], total, next_uint)
    per_epoch = -(-MLP_N // config["batch"])  # 每轮几步
    optimizer = torch.optim.SGD(model.parameters(), lr=config["lr"], weight_decay=config["wd"])
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def summary():
        (train, train_acc), (test, test_acc) = mlp_losses(model, x, t), mlp_losses(model, x_test, t_test)
        return train, test, train_acc, test_acc

    history = [summary()]
    for k, batch in enumerate(batches[:steps]):
        if zero_grad:
            optimizer.zero_grad()
        loss_fn(model(x[batch]).squeeze(1), t[batch]).backward()
        optimizer.step()
        if (k + 1) % per_epoch == 0:
            history.append(summary())
    return model, batches, history


MLP_GRID = [i / 4 - 2 for i in range(17)]  # 检查判别区域的网格点：[−2, 2] 上每隔 0.25 一个


def mlp_grid_predictions(model) -> list[int]:
    """网格点 (x1, x2)（x1 变得快）上的预测：logit > 0 为 1。"""
    grid = torch.tensor([[a, b] for b in MLP_GRID for a in MLP_GRID], dtype=torch.float64)
    with torch.no_grad():
        return (model(grid).squeeze(1) > 0).int().tolist()


MLP_CASES = [  # (数据, 噪声, 数据种子), 每层单元数, 激活函数, 学习率, 批量大小, 权重衰减, 初始化种子
    (("xor", 0.1, 1), [4], "relu", 0.3, 10, 0.0, 1),
    (("xor", 0.1, 1), [4], "relu", 0.3, 10, 0.01, 1),
    (("circles", 0.2, 2), [6, 3], "relu", 0.1, 4, 0.0, 5),
    (("circles", 0.2, 2), [6, 3], "relu", 0.1, 4, 0.001, 5),
    (("moons", 0.15, 3), [3], "tanh", 0.3, 25, 0.0, 2),
    (("moons", 0.15, 3), [3], "tanh", 0.3, 25, 0.01, 2),
    (("xor", 0.0, 4), [8, 8, 8], "tanh", 0.1, 10, 0.0, 3),
    (("xor", 0.0, 4), [8, 8, 8], "tanh", 0.1, 10, 0.003, 3),
    (("circles", 0.0, 5), [5], "sigmoid", 3.0, 1, 0.0, 4),
    (("circles", 0.0, 5), [5], "sigmoid", 3.0, 1, 0.001, 4),
    (("moons", 0.3, 6), [2, 7], "sigmoid", 3.0, 200, 0.0, 9),
    (("moons", 0.3, 6), [2, 7], "sigmoid", 3.0, 200, 0.001, 9),
]
MLP_STEPS = 50


def mlp_config(data, units, activation, lr, batch, wd, seed) -> dict:
    return {
        "data": list(data),
        "units": units,
        "activation": activation,
        "lr": lr,
        "batch": batch,
        "wd": wd,
        "seed": seed,
    }


# 页面上“可以试试”的几条：默认设置（噪声 0.1、数据种子 1、学习率 0.3、批量 10、不加权重衰减）下只换数据集、
# 激活函数和单元数，初始化种子 1～10 各训练 MLP_CLAIM_EPOCHS 轮，记下测试集准确率
MLP_CLAIM_EPOCHS = 100
MLP_CLAIM_SEEDS = range(1, 11)
MLP_CLAIMS = {
    "xor-tanh-2": ("xor", "tanh", [2]),
    "xor-tanh-4": ("xor", "tanh", [4]),
    "circles-relu-2": ("circles", "relu", [2]),
    "circles-relu-3": ("circles", "relu", [3]),
}


def mlp_claim_accuracies() -> dict[str, list[float]]:
    results = {}
    for key, (name, activation, units) in MLP_CLAIMS.items():
        results[key] = []
        for seed in MLP_CLAIM_SEEDS:
            config = mlp_config((name, 0.1, 1), units, activation, 0.3, 10, 0.0, seed)
            results[key].append(mlp_train(config, epochs=MLP_CLAIM_EPOCHS)[2][-1][3])
    return results


@output("demo_mlp.json")
def mlp_fixture():
    cases = []
    for case in MLP_CASES:
        config = mlp_config(*case)
        x, t, x_test, t_test = mlp_dataset(*config["data"])
        layers, _ = mlp_init(config["units"], config["seed"])
        model, batches, _ = mlp_train(config, steps=MLP_STEPS)
        cases.append(
            config
            | {
                "x": x,
                "t": t,
                "init": [[w, b] for w, b in layers],
                "batches": batches[:MLP_STEPS],
                "weights": mlp_weights(model),
                "grid": mlp_grid_predictions(model),
            }
        )
    datasets = {
        f"{name}-{noise}-{seed}": mlp_points(name, noise, seed, 40)
        for name in MLP_DATASETS
        for noise, seed in [(0.0, 1), (0.2, 7)]
    }
    dump([("cases", cases), ("datasets", datasets), ("grid", MLP_GRID), ("claims", mlp_claim_accuracies())])
