"""snippets.labs 的检查函数，和动手实验末尾练习的答案。

检查函数：正确的写法（包括与参考实现写法不同的）都说“正确。”；每种常见的错误写法各得到一句具体的说明；
读者的代码抛出任何异常，检查函数都不抛出，只印出说明。
练习的答案：每个答案里说的数，在这里用 notebook 里的同一段代码（只改题目要求改的那一处）算出来。
"""

import copy
import math
import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets import labs
from snippets.cnn_layers import LeNet
from snippets.convolution import slide_and_sum, true_convolution
from snippets.mlp import make_mlp, train_xor
from snippets.notebook_checks import best_line_accuracy, fit_logistic_regression
from snippets.perceptron import XOR_X, XOR_Y, make_separable_data, train_perceptron
from snippets.pytorch_basics import MLP, accuracy, make_moons
from snippets.pytorch_basics import fit as fit_points
from snippets.shapes import BATCH_SIZE, EPOCHS, LR, N_TEST, SEED, TinyCNN, make_shapes
from snippets.training import evaluate, train_one_epoch
from snippets.training import fit as fit_with_early_stopping
from tests.test_notebooks import early_stop


def not_written(*args):
    raise NotImplementedError("在这里写你的代码")


def test_report_prints_correct_or_what_is_wrong(capsys):
    labs.report(None, "检查了这些。")
    labs.report("第 3 个样本不对。", "不会印出来")
    assert capsys.readouterr().out == "正确。检查了这些。\n还不对：第 3 个样本不对。\n"


# ---- 感知机的一步更新 -------------------------------------------------------------------------------------------
def perceptron_strict(w, b, x, y, lr=1.0):  # 分界线上的点不算错
    if y * (x @ w + b) < 0:
        w, b = w + lr * y * x, b + lr * y
    return w, b


def perceptron_in_place(w, b, x, y, lr=1.0):
    if y * (x @ w + b) <= 0:
        w += lr * y * x
        b += lr * y
    return w, b


def perceptron_ignores_lr(w, b, x, y, lr=1.0):
    if y * (x @ w + b) <= 0:
        w, b = w + y * x, b + y
    return w, b


def perceptron_always_updates(w, b, x, y, lr=1.0):
    return w + lr * y * x, b + lr * y


def perceptron_python_float_bias(w, b, x, y, lr=1.0):  # 换一种写法也对：b 变成 Python 的数
    if float(y * (x @ w + b)) <= 0:
        return w + lr * y * x, float(b) + lr * y
    return w, float(b)


def test_perceptron_update_check_accepts_correct_versions():
    assert labs.perceptron_update_problem(labs.reference_perceptron_update) is None
    assert labs.perceptron_update_problem(perceptron_python_float_bias) is None


@pytest.mark.parametrize(
    ("update", "phrases"),
    [
        (not_written, [labs.NOT_WRITTEN]),
        (perceptron_strict, ["第 3 个例子", "恰好在分界线上（= 0），也算分错", "期望返回 w = (1.5, 1.5)，b = 0"]),
        (perceptron_in_place, ["原地改了传进来的张量"]),
        (perceptron_ignores_lr, ["第 4 个例子", "学习率 0.5", "期望返回 w = (1.5, 1.5)，b = 0", "返回 w = (1, 3)"]),
        (perceptron_always_updates, ["第 2 个例子", "分对了（> 0），不该更新"]),
        (lambda w, b, x, y, lr=1.0: w, ["应当返回两个值 w, b"]),
    ],
)
def test_perceptron_update_check_names_the_mistake(update, phrases):
    problem = labs.perceptron_update_problem(update)
    for phrase in phrases:
        assert phrase in problem, problem


def test_perceptron_cases_cover_every_branch():
    """四个例子里分错、分对、恰好在分界线上各至少一个，还有一个学习率不是 1。"""
    scores = [(y * (x @ w + b)).item() for w, b, x, y, _ in labs.PERCEPTRON_CASES]
    assert min(scores) < 0 and max(scores) > 0 and 0 in scores
    assert any(lr != 1 for *_, lr in labs.PERCEPTRON_CASES)


# ---- MLP 的前向传播 ---------------------------------------------------------------------------------------------
def forward_with_modules(x, W1, b1, W2, b2):  # 换一种写法也对
    return F.linear(torch.tanh(F.linear(x, W1, b1)), W2, b2).squeeze(1)


@pytest.mark.parametrize(
    ("forward", "phrases"),
    [
        (not_written, [labs.NOT_WRITTEN]),
        (lambda x, W1, b1, W2, b2: torch.tanh(x @ W1 + b1) @ W2.T + b2, ["cannot be multiplied", "x @ W1.T"]),
        (
            lambda x, W1, b1, W2, b2: torch.tanh(x @ W1.T + b1) @ W2.T + b2,
            ["形状应当是 (5,)", "你的是 (5, 1)", "z[:, 0]"],
        ),
        (lambda x, W1, b1, W2, b2: ((x @ W1.T + b1) @ W2.T + b2)[:, 0], ["忘了隐藏层的激活函数 tanh", "期望 z ="]),
        (lambda x, W1, b1, W2, b2: (torch.tanh(x @ W1.T) @ W2.T + b2)[:, 0], ["漏了偏置 b1"]),
        (lambda x, W1, b1, W2, b2: (torch.tanh(x @ W1.T + b1) @ W2.T)[:, 0], ["漏了偏置 b2"]),
        (lambda x, W1, b1, W2, b2: (torch.relu(x @ W1.T + b1) @ W2.T + b2)[:, 0], ["隐藏单元 3 个的网络，第"]),
        (lambda x, W1, b1, W2, b2: [0.0] * len(x), ["应当返回一个张量，你的函数返回的是 list"]),
    ],
)
def test_mlp_forward_check_names_the_mistake(forward, phrases):
    problem = labs.mlp_forward_problem(forward)
    for phrase in phrases:
        assert phrase in problem, problem


def test_mlp_forward_check_accepts_correct_versions_and_flags_a_square_untransposed_weight():
    assert labs.mlp_forward_problem(labs.reference_mlp_forward) is None
    assert labs.mlp_forward_problem(forward_with_modules) is None
    # 隐藏单元 2 个时 W1 是 2×2，不转置也算得出来：检查认出这种错误
    x, (W1, b1, W2, b2), want = labs._mlp_cases()[1]
    assert W1.shape == (2, 2)
    square_only = labs.mlp_forward_problem(
        lambda x, W1, b1, W2, b2: labs.reference_mlp_forward(x, W1.T if W1.shape == (2, 2) else W1, b1, W2, b2)
    )
    assert "把 W1 当成了 (输入, 输出) 的形状" in square_only and "隐藏单元 2 个的网络" in square_only


def test_mlp_check_compares_with_what_pytorch_computes():
    """参考的结果来自 nn.Linear 和 tanh 本身，不是 reference_mlp_forward：两者一致。"""
    for x, params, want in labs._mlp_cases():
        assert torch.allclose(labs.reference_mlp_forward(x, *params), want, atol=1e-6)


# ---- 用循环算卷积 -----------------------------------------------------------------------------------------------
def conv_window_off_by_one(image, kernel):
    kh, kw = kernel.shape
    out = torch.zeros(image.shape[0] - kh + 1, image.shape[1] - kw + 1)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (image[i : i + kh, j : j + kw] * kernel).sum() if i > 0 else 0.0
    return out


def conv_loops_past_the_edge(image, kernel):
    kh, kw = kernel.shape
    out = torch.zeros(image.shape[0] - kh + 1, image.shape[1] - kw + 1)
    for i in range(image.shape[0]):  # 范围写成了输入的大小
        for j in range(image.shape[1]):
            out[i, j] = (image[i : i + kh, j : j + kw] * kernel).sum()
    return out


@pytest.mark.parametrize(
    ("conv", "phrases"),
    [
        (not_written, [labs.NOT_WRITTEN]),
        (true_convolution, ["翻转后的结果", "输出第 2 行第 1 列（从 0 数）期望 19，你的是 -1"]),
        (lambda image, kernel: F.conv2d(image[None, None], kernel[None, None], padding=1)[0, 0], ["像是补了 0"]),
        (lambda image, kernel: slide_and_sum(image.T, kernel.T), ["图像 5×5、卷积核 3×3：输出第"]),
        (  # 只在图像不是正方形时把行列弄反：形状就对不上
            lambda image, kernel: (
                slide_and_sum(image, kernel).T if image.shape[0] != image.shape[1] else slide_and_sum(image, kernel)
            ),
            ["图像 6×8、卷积核 3×3", "行数和列数弄反了"],
        ),
        (conv_window_off_by_one, ["输出第 0 行第", "输入第 0～2 行"]),
        (conv_loops_past_the_edge, ["调用 conv_loops_past_the_edge 时出错", "行号从 0 到 2、列号从 0 到 2"]),
        (lambda image, kernel: slide_and_sum(image, kernel).tolist(), ["应当返回一个张量"]),
    ],
)
def test_conv2d_loops_check_names_the_mistake(conv, phrases):
    problem = labs.conv2d_loops_problem(conv)
    for phrase in phrases:
        assert phrase in problem, problem


def test_conv2d_loops_check_accepts_the_convolution_page_version():
    assert labs.conv2d_loops_problem(slide_and_sum) is None  # 卷积一页的写法
    # 测试用例里有不是正方形的图像和卷积核，且翻转会改变结果
    shapes = [(image.shape, kernel.shape) for image, kernel in labs._conv_cases()]
    assert any(h != w for (h, w), _ in shapes) and any(kh != kw for _, (kh, kw) in shapes)
    for image, kernel in labs._conv_cases():
        assert not torch.allclose(labs.reference_conv2d(image, kernel), labs.reference_conv2d(image, kernel.flip(0, 1)))


# ---- 一轮训练 ---------------------------------------------------------------------------------------------------
def epoch_with(*steps):
    """按给定的步骤组装一轮训练：steps 里可以有 train、zero_grad、backward、step。"""

    def train(model, loader, loss_fn, optimizer):
        if "train" in steps:
            model.train()
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            if "zero_grad" in steps:
                optimizer.zero_grad()
            if "backward" in steps:
                loss.backward()
            if "step" in steps:
                optimizer.step()

    return train


def epoch_zero_grad_last(model, loader, loss_fn, optimizer):  # 清梯度放在最后也对
    model.train()
    for xb, yb in loader:
        loss_fn(model(xb), yb).backward()
        optimizer.step()
        optimizer.zero_grad()


def epoch_one_step_at_the_end(model, loader, loss_fn, optimizer):
    model.train()
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def epoch_softmax_before_the_loss(model, loader, loss_fn, optimizer):
    model.train()
    for xb, yb in loader:
        loss = loss_fn(model(xb).softmax(dim=1), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def test_train_one_epoch_check_accepts_correct_versions():
    assert labs.train_one_epoch_problem(train_one_epoch) is None  # 训练一页的实现
    assert labs.train_one_epoch_problem(labs.reference_train_one_epoch) is None
    assert labs.train_one_epoch_problem(epoch_zero_grad_last) is None


@pytest.mark.parametrize(
    ("train", "phrases"),
    [
        (not_written, [labs.NOT_WRITTEN]),
        (epoch_with("train", "backward", "step"), ["梯度一批一批地累加了", "optimizer.zero_grad()"]),
        (epoch_with("zero_grad", "backward", "step"), ["还在评估模式", "model.train()"]),
        (epoch_with("train", "zero_grad", "backward"), ["参数一点没变", "没有调用 optimizer.step()"]),
        (epoch_with("train", "zero_grad", "step"), ["梯度也是空的", "loss.backward()"]),
        (epoch_one_step_at_the_end, ["一轮应当更新 3 次参数", "更新了 1 次"]),
        (epoch_softmax_before_the_loss, ["更新了 3 次，可参数和参考实现不同"]),
    ],
)
def test_train_one_epoch_check_names_the_mistake(train, phrases):
    problem = labs.train_one_epoch_problem(train)
    for phrase in phrases:
        assert phrase in problem, problem


def test_train_one_epoch_check_setup_tells_the_mistakes_apart():
    """检查用的小网络上，评估模式、忘了清梯度都会改变结果（否则这两种错误认不出来）。"""
    model, data = labs._epoch_setup()
    results = {}
    for name, train in [("对", train_one_epoch), ("没切换模式", epoch_with("zero_grad", "backward", "step"))]:
        copied = copy.deepcopy(model)
        labs._run_epoch(train, copied, data, [])
        results[name] = copied.state_dict()
    forgot = copy.deepcopy(model)
    labs._run_epoch(lambda *args: labs.reference_train_one_epoch(*args, zero_grad=False), forgot, data, [])
    for other in (results["没切换模式"], forgot.state_dict()):
        assert any(not torch.allclose(results["对"][n], other[n]) for n in other)


def test_checks_never_raise(capsys):
    for check in (labs.check_perceptron_update, labs.check_mlp_forward, labs.check_conv2d_loops):
        check(lambda *args: 1 / 0)
    labs.check_train_one_epoch(lambda *args: 1 / 0)
    out = capsys.readouterr().out
    assert out.count("还不对：调用 <lambda> 时出错：ZeroDivisionError: division by zero") == 4, out


# ---- 动手实验末尾练习的答案 -----------------------------------------------------------------------------------------
# perceptron-mlp


def test_answer_perceptron_learning_rate_only_scales_the_line():
    """练习 1：学习率 0.1 时轮数和每轮分错的个数不变（[5, 3, 3, 0]），w、b 正好是原来的 0.1 倍。"""
    x, y = make_separable_data()
    w1, b1, mistakes1 = train_perceptron(x, y)
    w01, b01, mistakes01 = train_perceptron(x, y, lr=0.1)
    assert mistakes1 == mistakes01 == [5, 3, 3, 0]
    assert torch.allclose(w01, 0.1 * w1, atol=1e-6) and torch.allclose(b01, 0.1 * b1, atol=1e-6)


def xor_accuracy(model):
    with torch.no_grad():
        return ((model(XOR_X).squeeze(1) > 0) == (XOR_Y > 0)).float().mean().item()


def test_answer_one_hidden_unit_cannot_learn_xor():
    """练习 2：一个隐藏单元，准确率停在 75%，损失停在 0.48 左右，种子 0 到 4 都一样。"""
    for seed in range(5):
        model = make_mlp(hidden=1, seed=seed)
        history = train_xor(model)
        assert xor_accuracy(model) == 0.75
        assert history[-1][0] == pytest.approx(0.48, abs=0.01)


def test_answer_without_activation_the_loss_stops_at_ln2():
    """练习 3：去掉激活函数，损失停在 ln 2 ≈ 0.6931，四个点的概率都约等于 0.5。"""
    model = make_mlp(activation=nn.Identity)
    history = train_xor(model)
    assert f"{history[-1][0]:.4f}" == f"{math.log(2):.4f}" == "0.6931"
    with torch.no_grad():
        probabilities = torch.sigmoid(model(XOR_X).squeeze(1))
    assert torch.allclose(probabilities, torch.full((4,), 0.5), atol=0.01)
    # 线性模型在 XOR 上：w = 0、b = 0 处交叉熵的梯度为零
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(XOR_X @ w + b, (XOR_Y + 1) / 2)
    loss.backward()
    assert w.grad.abs().max() == 0 and b.grad.abs() == 0


def moons_results(noise):
    """notebook 双月一节的逻辑回归、所有直线的上限、MLP（同样的设置）在测试集上的准确率。"""
    x_train, y_train = make_moons(300, noise=noise, seed=0)
    x_test, y_test = make_moons(300, noise=noise, seed=1)
    line = fit_logistic_regression(x_train, y_train)
    torch.manual_seed(0)
    mlp = MLP(2, 16, 2)
    fit_points(mlp, x_train, y_train, epochs=60, lr=0.01, batch_size=32, seed=0, val=(x_test, y_test))
    return accuracy(line, x_test, y_test), best_line_accuracy(x_test, y_test), accuracy(mlp, x_test, y_test)


def test_answer_noisier_moons_shrink_the_lead_of_the_mlp():
    """练习 4：噪声 0.4 时逻辑回归 86.3%，直线的上限 88.0%，MLP 88.3%；MLP 的领先从 9 个百分点缩到 2 个。"""
    line, best, mlp = moons_results(0.4)
    assert [f"{v:.1%}" for v in (line, best, mlp)] == ["86.3%", "88.0%", "88.3%"]
    line_02, _, mlp_02 = moons_results(0.2)
    assert round((mlp_02 - line_02) * 100) == 9 and round((mlp - line) * 100) == 2


# convolution-features


def test_answer_output_size_and_padding_of_a_5x5_kernel():
    """练习 1：32×32 的图、5×5 的卷积核，不填充输出 28×28；补 2 圈 0 输出仍是 32×32。"""
    image, kernel = torch.randn(32, 32), torch.randn(5, 5)
    assert slide_and_sum(image, kernel).shape == (28, 28)
    padded = F.pad(image, (2, 2, 2, 2))
    assert slide_and_sum(padded, kernel).shape == (32, 32)
    assert torch.allclose(
        slide_and_sum(padded, kernel), F.conv2d(image[None, None], kernel[None, None], padding=2)[0, 0], atol=1e-4
    )


def train_tiny_cnn(n_train=1200, noise=0.15, epochs=EPOCHS, val=True):
    """convolution-features 的训练，只改题目要求改的那一处。"""
    x, y = make_shapes(n_train, seed=0, noise=noise)
    x_test, y_test = make_shapes(N_TEST, seed=1, noise=noise)
    torch.manual_seed(SEED)
    model = TinyCNN()
    history = fit_points(
        model, x, y, epochs=epochs, lr=LR, batch_size=BATCH_SIZE, seed=SEED, val=(x_test, y_test) if val else None
    )
    return model, history, accuracy(model, x, y), accuracy(model, x_test, y_test)


def test_answer_120_training_images():
    """练习 2：120 张图训练 10 轮停在三分之一（只更新 20 次，1200 张时 190 次）；训练 100 轮后训练集 100%、
    测试集 96.8%，比 1200 张时的 98.7% 低将近两个百分点。"""
    assert math.ceil(120 / BATCH_SIZE) * EPOCHS == 20 and math.ceil(1200 / BATCH_SIZE) * EPOCHS == 190
    _, _, train_accuracy, test_accuracy = train_tiny_cnn(n_train=120, val=False)
    assert train_accuracy == pytest.approx(1 / 3) and test_accuracy == pytest.approx(1 / 3)
    _, _, train_accuracy, test_accuracy = train_tiny_cnn(n_train=120, epochs=100, val=False)
    assert train_accuracy == 1.0 and f"{test_accuracy:.1%}" == "96.8%"
    _, _, _, full = train_tiny_cnn(val=False)
    assert f"{full:.1%}" == "98.7%" and 0.015 < full - test_accuracy < 0.02


def test_answer_noise_04():
    """练习 3：噪声 0.4 时测试集 80.8%（训练集 84.8%），最后四轮的测试集准确率在 74% 到 81% 之间上下摆动。"""
    _, history, train_accuracy, test_accuracy = train_tiny_cnn(noise=0.4)
    assert f"{test_accuracy:.1%}" == "80.8%" and f"{train_accuracy:.1%}" == "84.8%"
    last = history["val_accuracy"][-4:]
    assert min(last) >= 0.735 and max(last) < 0.815
    assert any(a > b for a, b in zip(last, last[1:])) and any(a < b for a, b in zip(last, last[1:]))  # 有升有降


# cnn-training


@pytest.fixture(scope="module")
def shape_sets():
    return [make_shapes(n, size=28, seed=seed) for n, seed in ((1200, 0), (600, 1), (600, 2))]


def train_lenet(shape_sets, lr=0.003, patience=5):
    train_set, val_set, _ = shape_sets
    torch.manual_seed(0)
    model = LeNet(num_classes=3)
    history, stopper = fit_with_early_stopping(
        model, train_set, val_set, epochs=30, lr=lr, batch_size=32, patience=patience
    )
    return model, history, stopper


@pytest.fixture(scope="module")
def full_run(shape_sets):
    """notebook 里那次训练，但不早停、训练满 30 轮。早停不影响训练本身，前 21 轮和 notebook 里的完全相同。"""
    return train_lenet(shape_sets, patience=None)


def test_answer_without_early_stopping(shape_sets, full_run):
    """练习 1：训练满 30 轮，最后一轮在测试集上 97.7%，比第 16 轮的 97.8% 只少分对 1 张图（0.17 个百分点）；
    测试损失却从 0.062 升到 0.075。后面的 14 轮里，分对的图损失还在降；测试损失涨上去的部分全来自分错的那十几张图，
    网络对其中多数越来越自信地判错。早停省下 9 轮。"""
    model, history, stopper = copy.deepcopy(full_run)
    test_set, loss_fn = shape_sets[2], nn.CrossEntropyLoss()
    assert len(history) == 30 and stopper.best_epoch == 16 and len(history) - stopper.best_epoch == 14  # 后面的 14 轮
    x, y = test_set

    def per_image():
        """每张测试图的损失，和它是否分错。"""
        with torch.no_grad():
            scores = model(x)
        return F.cross_entropy(scores, y, reduction="none"), scores.argmax(dim=1) != y

    last_loss, last_accuracy = evaluate(model, *test_set, loss_fn)
    last_losses, last_wrong = per_image()
    model.load_state_dict(stopper.best_state)
    best_loss, best_accuracy = evaluate(model, *test_set, loss_fn)
    best_losses, best_wrong = per_image()
    assert f"{last_accuracy:.1%}" == "97.7%" and f"{best_accuracy:.1%}" == "97.8%"
    assert round((best_accuracy - last_accuracy) * 600) == 1 and f"{1 / 600:.2%}" == "0.17%"
    assert f"{best_loss:.3f}" == "0.062" and f"{last_loss:.3f}" == "0.075"
    # 损失涨在哪里：第 30 轮分错的图（十几张）涨的比全部涨的还多；两轮都分对的图，损失合起来还在降
    change = last_losses - best_losses
    assert 10 < last_wrong.sum() < 20
    assert change[last_wrong].sum() > change.sum() > 0
    assert change[~last_wrong & ~best_wrong].sum() < 0
    assert (change[last_wrong] > 0).sum() > last_wrong.sum() / 2  # 其中多数判错得更自信
    # patience=5 时在哪一轮停：第一次出现“离最低的一轮已经 5 轮”的那一轮
    stop, _ = early_stop([h["val_loss"] for h in history], patience=5)
    assert stop == 21 and 30 - stop == 9


def test_answer_learning_rate_too_large(shape_sets):
    """练习 2：学习率 0.03，损失每轮都停在 ln 3 ≈ 1.10，准确率 33.3%，第 6 轮早停；
    第一轮之后，第二个卷积层经过 ReLU 的输出几乎全是 0（不为 0 的不到万分之三），每张图的得分几乎一样。"""
    _, history, _ = train_lenet(shape_sets, lr=0.03)
    assert len(history) == 6
    assert all(abs(h["train_loss"] - math.log(3)) < 0.005 and abs(h["val_loss"] - math.log(3)) < 0.005 for h in history)
    assert all(f"{h['val_acc']:.1%}" == "33.3%" for h in history)
    train_set, val_set, _ = shape_sets
    torch.manual_seed(0)
    model = LeNet(num_classes=3)
    fit_with_early_stopping(model, train_set, val_set, epochs=1, lr=0.03, batch_size=32)
    with torch.no_grad():
        features = model.features[:5](train_set[0])  # 第二个卷积层的 ReLU 之后
        logits = model(train_set[0])
    assert (features != 0).float().mean().item() < 3e-4  # 不为 0 的不到万分之三
    assert (logits - logits.mean(dim=0)).abs().max() < 0.01  # 每张图的得分几乎一样
    assert model.features[4].__class__ is nn.ReLU


def test_answer_learning_rate_too_small(shape_sets, full_run):
    """练习 3：学习率 0.0003，前 5 轮准确率在 50% 以下，验证损失几乎一直在降、早停没有触发，
    第 30 轮最低；测试集 92.7%，比学习率 0.003 时低 5 个百分点出头。"""
    model, history, stopper = train_lenet(shape_sets, lr=0.0003)
    assert all(h["val_acc"] < 0.5 for h in history[:5])
    assert len(history) == 30 and stopper.best_epoch == 30
    losses = [h["val_loss"] for h in history]
    assert sum(b < a for a, b in zip(losses, losses[1:])) >= 24  # 29 次里至少 24 次下降
    model.load_state_dict(stopper.best_state)
    _, test_accuracy = evaluate(model, *shape_sets[2], nn.CrossEntropyLoss())
    assert f"{test_accuracy:.1%}" == "92.7%"
    reference = copy.deepcopy(full_run[0])
    reference.load_state_dict(full_run[2].best_state)  # 学习率 0.003、早停留下的第 16 轮
    _, default_accuracy = evaluate(reference, *shape_sets[2], nn.CrossEntropyLoss())
    assert 0.05 < default_accuracy - test_accuracy < 0.055  # 5 个百分点出头


def test_answers_in_the_notebooks_are_the_ones_tested_here():
    """答案里写的数和这里检查的一致（改了答案却没改测试，或反过来，都会失败）。"""
    from tests.conftest import ROOT

    texts = {
        stem: (ROOT / "docs" / "notebooks" / f"{stem}.py").read_text(encoding="utf-8")
        for stem in ("perceptron-mlp", "convolution-features", "cnn-training")
    }
    expected = {
        "perceptron-mlp": ["`[5, 3, 3, 0]`", "75%", "0.48", "0.6931", "86.3%", "88.0%", "88.3%", "9 个百分点缩到 2 个"],
        "convolution-features": ["28×28", "$p = 2$", "20 次", "190 次", "96.8%", "80.8%", "84.8%", "74% 到 81%"],
        "cnn-training": [
            *["97.7%", "第 16 轮的 97.8%", "1 张图（0.17 个百分点）", "0.062 升到 0.075"],  # 练习 1
            *["14 轮", "十几张", "多数", "9 轮"],
            *["33.3%", "第 6 轮", "万分之三"],  # 练习 2
            *["前 5 轮", "50%", "92.7%", "第 30 轮", "5 个百分点出头"],  # 练习 3
        ],
    }
    for stem, phrases in expected.items():
        answers = "".join(re.findall(r"<summary>答案</summary>(.*?)</details>", texts[stem], re.S))
        for phrase in phrases:
            assert phrase in answers, (stem, phrase)
