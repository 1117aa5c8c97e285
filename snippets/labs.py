"""动手实验里“你来写”的练习：每个练习一个检查函数，拿读者写的函数和参考实现比，说出哪里不对。

notebook 里，练习单元格后面紧跟一个检查单元格，例如 ``check_perceptron_update(perceptron_update)``：
全对时印出“正确。”和检查了什么；不对时印出第一处不对的地方（形状不对、哪个样本或像素不同、期望多少、得到多少），
能认出的常见错误（忘了 tanh、权重没转置、卷积核翻转了、忘了 zero_grad……）直接点名。
检查函数从不抛出异常：读者还没写（函数里还是 ``raise NotImplementedError``）或写错了，notebook 照样能从头运行到尾。

每个 ``check_x`` 只负责印；``x_problem`` 返回说明（全对时返回 None），测试用它：tests/test_labs.py。
notebook：docs/notebooks/perceptron-mlp.py、convolution-features.py、cnn-training.py。
"""

import copy

import torch
import torch.nn.functional as F
from torch import nn

from snippets.perceptron import make_separable_data, train_perceptron

NOT_WRITTEN = "还没写：把函数里 raise NotImplementedError 那一行换成你的代码。"


def report(problem, passed):
    """检查单元格印出的结果：problem 为 None 时印“正确。”加上检查了什么，否则印“还不对：”加上说明。"""
    print(f"正确。{passed}" if problem is None else f"还不对：{problem}")


def _call(function, *args):
    """调用读者的函数：返回 (结果, None)；出错时返回 (None, 说明)，说明里有异常的类型和信息。"""
    try:
        return function(*args), None
    except NotImplementedError:
        return None, NOT_WRITTEN
    except Exception as error:  # 读者的代码可能抛出任何异常：都变成一句说明，不让 notebook 停下
        return None, f"调用 {function.__name__} 时出错：{type(error).__name__}: {error}"


def _numbers(t, digits=3):
    """把一个张量（或数）印成 (1.5, -2) 这样的文字。"""
    values = torch.as_tensor(t).flatten().tolist()
    text = ", ".join(f"{v:.{digits}g}" for v in values)
    return text if torch.as_tensor(t).dim() == 0 else f"({text})"


def _shape(t):
    return f"({', '.join(map(str, t.shape))}{',' if t.dim() == 1 else ''})"


def _same(a, b, tol=1e-5):
    if a is None or b is None or a.shape != b.shape:
        return False
    return torch.allclose(a.float(), b.float(), atol=tol, rtol=tol)


def _try(function, *args):
    """算一个“常见错误”的结果，用来和读者的结果比；这种错误在这组形状上算不出来时返回 None。"""
    try:
        return function(*args)
    except RuntimeError:
        return None


# ---- 感知机的一步更新（perceptron-mlp）---------------------------------------------------------------------------
def reference_perceptron_update(w, b, x, y, lr=1.0):
    """参考实现：和 snippets.perceptron.train_perceptron 内层循环的那三行一样。"""
    if y * (x @ w + b) <= 0:
        w = w + lr * y * x
        b = b + lr * y
    return w, b


# (w, b, x, y, lr)：分错了要更新、分对了不动、恰好在分界线上也要更新、学习率不是 1
PERCEPTRON_CASES = [
    (torch.tensor([0.5, -1.0]), torch.tensor(0.2), torch.tensor([1.0, 1.0]), 1.0, 1.0),
    (torch.tensor([0.5, -1.0]), torch.tensor(0.2), torch.tensor([-1.0, 2.0]), -1.0, 1.0),
    (torch.tensor([1.0, 1.0]), torch.tensor(-1.0), torch.tensor([0.5, 0.5]), 1.0, 1.0),
    (torch.tensor([2.0, 0.0]), torch.tensor(0.5), torch.tensor([1.0, -3.0]), -1.0, 0.5),
]


def perceptron_update_problem(update):
    """update(w, b, x, y, lr) 是否是感知机的一步更新：返回说明，全对时返回 None。"""
    for number, (w, b, x, y, lr) in enumerate(PERCEPTRON_CASES, start=1):
        inputs = [w.clone(), b.clone(), x.clone()]
        result, problem = _call(update, *inputs, y, lr)
        if problem:
            return problem
        if not (isinstance(result, tuple | list) and len(result) == 2):
            return f"应当返回两个值 w, b（return w, b），你的函数返回的是 {type(result).__name__}：{result!r}"
        if any(not torch.equal(new, old) for new, old in zip(inputs, (w, b, x))):
            return (
                "你的函数原地改了传进来的张量（用了 w += … 这样的写法？）：写成 w = w + …，不要改调用者手里的 w 和 b。"
            )
        got_w, got_b = (torch.as_tensor(v, dtype=torch.float32) for v in result)
        want_w, want_b = reference_perceptron_update(w, b, x, y, lr)
        if got_w.shape != want_w.shape:
            return f"返回的 w 形状应当是 {_shape(want_w)}（和原来的 w 一样），你的是 {_shape(got_w)}。"
        if got_b.numel() != 1:
            return f"返回的 b 应当是一个数，你的形状是 {_shape(got_b)}。"
        if _same(got_w, want_w) and _same(got_b.reshape(()), want_b):
            continue
        score = (y * (x @ w + b)).item()
        if score > 0:
            verdict = "分对了（> 0），不该更新"
        elif score == 0:
            verdict = "恰好在分界线上（= 0），也算分错，应当更新"
        else:
            verdict = "分错了（< 0），应当更新"
        return (
            f"第 {number} 个例子：w = {_numbers(w)}，b = {_numbers(b)}，样本 x = {_numbers(x)}，y = {y:+.0f}，"
            f"学习率 {lr:g}。y·(w·x + b) = {score:.3g}，{verdict}。\n"
            f"  期望返回 w = {_numbers(want_w)}，b = {_numbers(want_b)}；"
            f"你的函数返回 w = {_numbers(got_w)}，b = {_numbers(got_b)}。"
        )
    # 一次完整的训练：用读者的更新在线性可分数据上训练，与 snippets.perceptron.train_perceptron 比
    x, y = make_separable_data()
    want_w, want_b, _ = train_perceptron(x, y)
    w, b = torch.zeros(2), torch.tensor(0.0)
    for _ in range(100):
        before = (w.clone(), b.clone())
        for xi, yi in zip(x, y):
            result, problem = _call(update, w, b, xi, yi, 1.0)
            if problem:
                return problem
            w, b = (torch.as_tensor(v, dtype=torch.float32) for v in result)
        if torch.equal(before[0], w) and torch.equal(before[1], b):
            break
    if not (_same(w, want_w) and _same(b.reshape(()), want_b)):
        return (
            f"四个例子都对，可用它在 40 个线性可分的样本上训练，学到的 w = {_numbers(w)}，b = {_numbers(b)}，"
            f"而 train_perceptron 学到 w = {_numbers(want_w)}，b = {_numbers(want_b)}。"
        )
    return None


def check_perceptron_update(update):
    report(
        perceptron_update_problem(update),
        "四个例子（分错、分对、恰好在分界线上、学习率 0.5）都对；用它在 40 个线性可分的样本上训练，"
        "学到的 w、b 与 snippets.perceptron.train_perceptron 完全相同。",
    )


# ---- MLP 的前向传播（perceptron-mlp）----------------------------------------------------------------------------
def reference_mlp_forward(x, W1, b1, W2, b2, activation=torch.tanh):
    """参考实现：h = tanh(x W1ᵀ + b1)，z = h W2ᵀ + b2，返回 (N,)。"""
    return (activation(x @ W1.T + b1) @ W2.T + b2)[:, 0]


def _mlp_cases():
    """两个随机初始化的 2 → H → 1 网络（H = 2 和 3），各配一批输入。H = 3 时，W1 不转置形状就对不上。"""
    g = torch.Generator().manual_seed(0)
    cases = []
    for hidden, n in ((3, 5), (2, 4)):
        layer1, layer2 = nn.Linear(2, hidden), nn.Linear(hidden, 1)
        for p in [*layer1.parameters(), *layer2.parameters()]:
            p.data = torch.randn(p.shape, generator=g)
        x = torch.randn(n, 2, generator=g)
        params = [p.detach() for p in (layer1.weight, layer1.bias, layer2.weight, layer2.bias)]
        want = layer2(torch.tanh(layer1(x))).detach()[:, 0]  # nn.Linear 自己算的结果
        cases.append((x, params, want))
    return cases


def mlp_forward_problem(forward):
    """forward(x, W1, b1, W2, b2) 是否是 2 → H → 1、tanh 隐藏层的前向传播：返回说明，全对时返回 None。"""
    for x, params, want in _mlp_cases():
        W1, b1, W2, b2 = params
        sizes = f"x 是 {_shape(x)}，W1 是 {_shape(W1)}，b1 是 {_shape(b1)}，W2 是 {_shape(W2)}，b2 是 {_shape(b2)}"
        got, problem = _call(forward, x, W1, b1, W2, b2)
        if problem:
            if "cannot be multiplied" in problem:
                problem += (
                    f"\n  {sizes}。nn.Linear 的权重形状是 (输出个数, 输入个数)，"
                    "一批样本按行排，要乘权重的转置：x @ W1.T。"
                )
            return problem
        if not isinstance(got, torch.Tensor):
            return f"应当返回一个张量，你的函数返回的是 {type(got).__name__}。"
        if got.shape != want.shape:
            hint = "每个样本一个数。"
            if got.shape == (*want.shape, 1):
                hint = "最后去掉长度为 1 的那一维：z[:, 0] 或 z.squeeze(1)。"
            return f"{sizes}，返回值的形状应当是 {_shape(want)}，你的是 {_shape(got)}：{hint}"
        if _same(got, want):
            continue
        variants = {
            "像是忘了隐藏层的激活函数 tanh：h = tanh(x W1ᵀ + b1)。": (W1, b1, W2, b2, lambda t: t),
            "像是漏了偏置 b1。": (W1, torch.zeros_like(b1), W2, b2, torch.tanh),
            "像是漏了偏置 b2。": (W1, b1, W2, torch.zeros_like(b2), torch.tanh),
            "像是把 W1 当成了 (输入, 输出) 的形状：要乘的是它的转置 x @ W1.T。": (W1.T, b1, W2, b2, torch.tanh),
        }
        named = [text for text, args in variants.items() if _same(got, _try(reference_mlp_forward, x, *args))]
        i = int((got - want).abs().argmax())
        detail = (
            f"隐藏单元 {len(b1)} 个的网络，第 {i} 个样本（从 0 数）x = {_numbers(x[i])}："
            f"期望 z = {want[i].item():.4g}，你的是 {got[i].item():.4g}。"
        )
        return "".join([*named, detail])
    return None


def check_mlp_forward(forward):
    report(
        mlp_forward_problem(forward),
        "两个随机网络（隐藏单元 3 个和 2 个）上，你算的 z 与 nn.Linear 和 tanh 算的相同，形状也对。",
    )


# ---- 用循环写卷积（convolution-features）-------------------------------------------------------------------------
def _conv_cases():
    """(图像, 卷积核)：方的、不方的图像，方的、不方的卷积核；数值都不对称，翻转、转置都会改变结果。"""
    g = torch.Generator().manual_seed(0)
    return [
        (torch.arange(25.0).reshape(5, 5) % 7, torch.tensor([[1.0, 0, 2], [0, 1, 0], [-1, 0, 0]])),
        (torch.randn(6, 8, generator=g), torch.randn(3, 3, generator=g)),
        (torch.randn(7, 5, generator=g), torch.randn(2, 3, generator=g)),
    ]


def reference_conv2d(image, kernel):
    """参考：PyTorch 的 F.conv2d（不翻转卷积核、步幅 1、不填充）。"""
    return F.conv2d(image[None, None], kernel[None, None])[0, 0]


def conv2d_loops_problem(conv):
    """conv(image, kernel) 是否等于 F.conv2d（不填充、步幅 1、不翻转）：返回说明，全对时返回 None。"""
    for image, kernel in _conv_cases():
        (h, w), (kh, kw) = image.shape, kernel.shape
        sizes = f"图像 {h}×{w}、卷积核 {kh}×{kw}"
        got, problem = _call(conv, image.clone(), kernel.clone())
        if problem:
            if problem != NOT_WRITTEN:
                problem += (
                    f"\n  {sizes}：输出是 {h - kh + 1}×{w - kw + 1}，窗口左上角 (i, j) 的行号从 0 到 {h - kh}、"
                    f"列号从 0 到 {w - kw}，窗口是 image[i : i + {kh}, j : j + {kw}]。"
                )
            return problem
        if not isinstance(got, torch.Tensor):
            return f"应当返回一个张量，你的函数返回的是 {type(got).__name__}。"
        want = reference_conv2d(image, kernel)
        if got.shape != want.shape:
            hint = "输出的高 = H − kh + 1，宽 = W − kw + 1。"
            if got.shape == image.shape:
                hint = "输出和输入一样大，像是补了 0（填充）；这里不填充。" + hint
            elif got.shape == want.shape[::-1]:
                hint = "行数和列数弄反了：第一维是高（行），第二维是宽（列）。"
            return f"{sizes}，输出的形状应当是 {_shape(want)}，你的是 {_shape(got)}。{hint}"
        if _same(got, want, tol=1e-4):
            continue
        named = []
        if _same(got, reference_conv2d(image, kernel.flip(0, 1)), tol=1e-4):
            named.append(
                "你算的是把卷积核上下、左右翻转后的结果（数学上的卷积）；"
                "F.conv2d 和深度学习里的“卷积”不翻转卷积核，直接逐元素相乘再求和。"
            )
        i, j = divmod(int((got - want).abs().argmax()), want.shape[1])
        named.append(
            f"{sizes}：输出第 {i} 行第 {j} 列（从 0 数）期望 {want[i, j].item():.4g}，你的是 {got[i, j].item():.4g}。"
            f"它应当是输入第 {i}～{i + kh - 1} 行、第 {j}～{j + kw - 1} 列的窗口与卷积核逐元素相乘再求和。"
        )
        return "".join(named)
    return None


def check_conv2d_loops(conv):
    report(
        conv2d_loops_problem(conv),
        "三组图像和卷积核（包括不是正方形的）上，结果与 F.conv2d 相同，形状也对。",
    )


# ---- 一轮训练（cnn-training）-------------------------------------------------------------------------------------
def reference_train_one_epoch(model, loader, loss_fn, optimizer, zero_grad=True):
    """参考实现：和 snippets.training.train_one_epoch 相同；zero_grad=False 是“忘了清梯度”的错误写法（用来认出它）。"""
    model.train()
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def _epoch_setup():
    """一个带 Dropout 的小网络（训练、评估两种模式结果不同）、24 个样本、每批 8 个，SGD（忘了清梯度时结果不同）。"""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(24, 4, generator=g), torch.randint(0, 3, (24,), generator=g)
    return model, (x, y)


def _run_epoch(train_one_epoch, model, data, steps):
    """在 model 上跑一轮：数据、打乱顺序、Dropout 的随机数每次都相同。

    返回读者的函数出错时的说明（没出错时为 None）；steps 记下优化器更新了几次。"""
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(*data), batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(2)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.register_step_post_hook(lambda *_: steps.append(1))
    model.eval()  # 从评估模式开始：函数要自己切换到训练模式
    torch.manual_seed(3)  # Dropout 的随机数
    _, problem = _call(train_one_epoch, model, loader, nn.CrossEntropyLoss(), optimizer)
    return problem


def train_one_epoch_problem(train_one_epoch):
    """train_one_epoch(model, loader, loss_fn, optimizer) 是否是一轮小批量训练：返回说明，全对时返回 None。"""
    model, data = _epoch_setup()
    start = copy.deepcopy(model.state_dict())
    want_model, got_model = copy.deepcopy(model), copy.deepcopy(model)
    _run_epoch(reference_train_one_epoch, want_model, data, [])
    steps = []
    if problem := _run_epoch(train_one_epoch, got_model, data, steps):
        return problem
    got, want = got_model.state_dict(), want_model.state_dict()
    if all(torch.equal(got[name], start[name]) for name in start):
        if all(p.grad is None for p in got_model.parameters()):
            return "参数一点没变，梯度也是空的：要先 loss.backward() 算出梯度，再 optimizer.step() 更新参数。"
        return "参数一点没变：算了梯度，但没有调用 optimizer.step() 更新参数。"
    if len(steps) != 3:
        return f"24 个样本、每批 8 个，一轮应当更新 3 次参数（每个小批量一次），你的函数更新了 {len(steps)} 次。"
    if not got_model.training:
        return "函数结束时模型还在评估模式：开头要调用 model.train()，Dropout 这样的层才按训练时的方式工作。"
    if all(torch.allclose(got[name], want[name], atol=1e-6) for name in want):
        return None
    forgot = copy.deepcopy(model)
    _run_epoch(lambda *args: reference_train_one_epoch(*args, zero_grad=False), forgot, data, [])
    if all(torch.allclose(got[name], forgot.state_dict()[name], atol=1e-6) for name in want):
        return (
            "梯度一批一批地累加了：PyTorch 的 backward() 把梯度加到 .grad 上，"
            "每次 loss.backward() 之前要 optimizer.zero_grad()。"
        )
    name = max(want, key=lambda n: (got[n] - want[n]).abs().max().item())
    return (
        f"更新了 3 次，可参数和参考实现不同：{name} 最多相差 {(got[name] - want[name]).abs().max().item():.3g}。"
        "每个小批量：前向算出得分，loss_fn(得分, 标签) 算损失，清梯度，反向传播，更新。"
    )


def check_train_one_epoch(train_one_epoch):
    report(
        train_one_epoch_problem(train_one_epoch),
        "在一个带 Dropout 的小网络上跑一轮（3 个小批量），参数的变化与 snippets.training.train_one_epoch 完全相同。",
    )
