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
