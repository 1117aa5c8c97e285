"""动手实验（docs/notebooks/*.py）：运行每个 notebook 检查它说的结果，检查构建出的页面。

- 用 nbclient 从头运行读者下载的练习版（参考答案在文末的附录里，“你来写”的函数还是空的），和读者一样从仓库根目录
  运行、不设 PYTHONPATH，在最后追加一个探针单元格，读出 notebook 里的变量：MLP 学会了 XOR、小 CNN 在留出的测试集上
  准确率高于阈值……于是同一次运行也证明了：什么都不写，练习版也能从头跑到尾，检查单元格说“还没写”。
- 填好参考答案的版本（提交的 .ipynb）与 notebook 现在运行的结果逐字节相同，由 tests/test_generated.py 检查（和图一样）；
  这里检查它的检查单元格都印着“正确。”。写错的答案让检查单元格说出错在哪里：把参考答案换成错误的写法再运行。
- 构建出的页面：有运行输出和图、参考答案折叠着、标题 id 可读且与目录一致、公式交给 KaTeX、提供练习版下载、页面重量达标。
- notebook 末尾练习的答案由 tests/test_labs.py 检查。
"""

import gzip
import json
import math
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
import pytest
import torch
from nbformat.v4 import new_code_cell

import snippets.notebooks as notebooks
from site_hooks.notebook_pages import NOTEBOOK_CSS, SETUP_COMMAND
from snippets.notebooks import CHECK, EXERCISE, SOLUTION
from snippets.training import EarlyStopping
from tests.conftest import DESKTOP, ROOT
from tests.test_browser import Visit, search

# 并行运行测试时，本文件的测试都在同一个进程里：module 级的 fixture（昂贵的运行或构建）只做一次
pytestmark = pytest.mark.xdist_group("notebooks")
NOTEBOOKS = notebooks.sources()
STEMS = [path.stem for path in NOTEBOOKS]
# 秒：每个 notebook 的内核从启动到跑完用掉的 CPU 时间（单线程；这台两核机器上约 4～11 秒）。
# 量 CPU 时间而不是墙上时间：机器上同时跑着别的测试时，墙上时间会长好几倍，CPU 时间不变。
NOTEBOOK_TIME_LIMIT = 60

# 每个 notebook 最后追加的探针：把要检查的变量打印成 JSON
PROBES = {
    "perceptron-mlp": """{
        "separable_epochs": len(mistakes_sep),
        "perceptron_xor_accuracy": perceptron_xor_accuracy,
        "perceptron_xor_mistakes": sorted(set(mistakes_xor)),
        "xor_stops": list(xor_stops.values()),
        "initial_probabilities": initial_probabilities.tolist(),
        "losses_xor": losses_xor,
        "hidden_weights": mlp_xor[0].weight.tolist(),
        "mlp_xor_state": {name: value.tolist() for name, value in mlp_xor.state_dict().items()},
        "mlp_xor_accuracy": mlp_xor_accuracy,
        "perceptron_moons_test_accuracies": list(perceptron_test_accuracies.values()),
        "line_test_accuracy": line_test_accuracy,
        "best_line_test": best_line_test,
        "best_line_train": best_line_train,
        "mlp_moons_test_accuracy": mlp_test_accuracy,
        "mlp_moons_history": history_moons,
    }""",
    "cnn-training": """{
        "n_params": n_params,
        "untrained": [untrained_loss, untrained_accuracy],
        "history": history,
        "best_epoch": stopper.best_epoch,
        "test": [test_loss, test_accuracy],
        "confusion": [predicted[test_set[1] == label].bincount(minlength=3).tolist() for label in range(3)],
        "mlp_params": mlp_params,
        "mlp_lr": mlp_lr,
        "mlp_runs": {str(lr): [run[1], run[2].best_epoch, run[2].best_loss] for lr, run in mlp_runs.items()},
        "mlp_test": [mlp_test_loss, mlp_test_accuracy],
    }""",
    "convolution-features": """{
        "test_accuracy": test_accuracy,
        "history": history,
        "train_size": len(x_train),
        "n_params": n_params,
        "wrong": len(wrong),
        "wrong_circles_as_squares": int(((y_test == 0) & (predicted == 1)).sum()),
        "matches_before": matches_before,
        "matches": matches,
        "sobel_like_learned": sobel_like_learned,
        "share_sobel_like": share_sobel_like,
        "random_best_cosine_median": torch.stack(
            [
                torch.nn.functional.cosine_similarity(random_kernels(10_000, seed=3).flatten(1), k.flatten()[None])
                for k in KERNELS.values()
            ]
        ).abs().amax(dim=0).median().item(),
        "alignment": {name: values.tolist() for name, values in alignment.items()},
        "random_means": random_means.tolist(),
        "initial": initial.tolist(),
        "learned": learned.tolist(),
    }""",
}


def probe_cell(stem: str):
    # 最后加上内核用掉的 CPU 时间（从内核启动算起）
    probe = f"{{**{PROBES[stem]}, '_cpu_seconds': _time.process_time()}}"
    return new_code_cell(f"import json as _json, time as _time\n_results = {probe}\nprint(_json.dumps(_results))")


def committed(stem: str) -> dict:
    """提交的、填好参考答案运行的 .ipynb（读成 nbformat 的字典：单元格的源码和输出的文字是字符串，不是行的列表）。"""
    return nbformat.read(ROOT / "docs" / "notebooks" / f"{stem}.ipynb", as_version=4)


def run_with_probe(path: Path):
    """运行读者下载的练习版（和网站发布的是同一份内容），从仓库根目录、不设 PYTHONPATH。"""
    notebook = nbformat.from_dict(notebooks.lab_notebook(committed(path.stem)))
    notebook.cells.append(probe_cell(path.stem))
    started = time.monotonic()
    notebooks.run_notebook(notebook, str(path.relative_to(ROOT)), python_path=False)
    seconds = time.monotonic() - started
    results = json.loads(notebook.cells[-1].outputs[-1]["text"])
    return notebook, results, {"cpu": results.pop("_cpu_seconds"), "wall": seconds}


@pytest.fixture(scope="module")
def executed():
    """每个 notebook 的练习版各开一个内核，两个两个地同时运行（每个内核只用一个线程）。

    返回 {stem: (运行过的 notebook, 探针结果, {"cpu": 内核的 CPU 秒数, "wall": 墙上秒数})}。"""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(STEMS, pool.map(run_with_probe, NOTEBOOKS)))


def test_every_notebook_has_a_probe_and_a_nav_entry():
    assert set(STEMS) == set(PROBES), "新的 notebook 要在 PROBES 里写上要检查的结果"
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for stem in STEMS:
        assert f"notebooks/{stem}.py" in nav


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_runs_without_errors_within_the_time_limit(executed, stem):
    notebook, _, seconds = executed[stem]
    print(stem, seconds)
    assert seconds["cpu"] < NOTEBOOK_TIME_LIMIT, f"{stem} 用了 {seconds['cpu']:.0f} 秒 CPU 时间"
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", f"{stem} 有输出到 stderr 的内容（警告？）：{output.get('text')}"


# ---- 练习：“你来写”、参考答案、检查 ---------------------------------------------------------------------------


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def exercises(stem: str) -> list[tuple]:
    """源文件里的每个练习：(练习单元格, 参考答案单元格, 检查单元格)，按顺序。"""
    cells = jupytext.read(ROOT / "docs" / "notebooks" / f"{stem}.py").cells
    return [tuple(cells[i : i + 3]) for i, cell in enumerate(cells) if EXERCISE in tags(cell)]


def function_name(cell) -> str:
    return re.match(r"def (\w+)\(", cell.source).group(1)


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_is_followed_by_its_solution_and_a_check(stem):
    found = exercises(stem)
    assert found, f"{stem} 没有“你来写”的练习"
    for exercise, solution, check in found:
        name = function_name(exercise)
        assert 'raise NotImplementedError("在这里写你的代码")' in exercise.source  # 留给读者写
        assert SOLUTION in tags(solution) and function_name(solution) == name  # 紧跟着同名函数的参考答案
        assert solution.metadata["exercise"].startswith("你来写")  # 附录里的标题
        assert CHECK in tags(check) and re.fullmatch(rf"check_\w+\({name}\)", check.source.strip())


@pytest.mark.parametrize("stem", STEMS)
def test_with_the_solutions_filled_in_every_check_says_correct(stem):
    """提交的 .ipynb（网页上显示的）是填好参考答案运行的：每个检查单元格都印着“正确。”。"""
    checks = [cell for cell in committed(stem)["cells"] if CHECK in tags(cell)]
    assert len(checks) == len(exercises(stem))
    for cell in checks:
        text = "".join(output["text"] for output in cell["outputs"])
        assert text.startswith("正确。") and text.count("\n") == 1, text


@pytest.mark.parametrize("stem", STEMS)
def test_the_downloaded_notebook_runs_top_to_bottom_with_the_exercises_left_to_write(executed, stem):
    """练习版什么都不写也能从头跑到尾：练习下面的检查说“还没写”，文末附录里的参考答案通过检查。"""
    from snippets.labs import NOT_WRITTEN

    notebook = executed[stem][0]
    ids = [cell.id for cell in notebook.cells]
    main, appendix = notebook.cells[: ids.index("appendix")], notebook.cells[ids.index("appendix") + 1 : -1]
    assert not any(SOLUTION in tags(cell) for cell in notebook.cells)
    names = [function_name(exercise) for exercise, _, _ in exercises(stem)]
    for name in names:
        [exercise] = [c for c in main if EXERCISE in tags(c) and function_name(c) == name]
        check = main[main.index(exercise) + 2]  # 练习、指向附录的一句话、检查
        assert "参考答案在文末的附录里" in main[main.index(exercise) + 1].source
        assert [o["text"] for o in check.outputs] == [f"还不对：{NOT_WRITTEN}\n"]
    answers = [cell for cell in appendix if cell.cell_type == "code"]
    assert [function_name(cell) for cell in answers[::2]] == names  # 每个答案后面跟着它的检查
    for check in answers[1::2]:
        assert check.outputs[0]["text"].startswith("正确。"), check.outputs


# 每个练习一种常见的错误写法，和检查单元格应当说出的话
WRONG_ANSWERS = {
    "perceptron_update": (
        "def perceptron_update(w, b, x, y, lr=1.0):\n"
        "    if y * (x @ w + b) < 0:\n        w = w + lr * y * x\n        b = b + lr * y\n    return w, b",
        [
            "恰好在分界线上（= 0），也算分错，应当更新",
            "期望返回 w = (1.5, 1.5)，b = 0；你的函数返回 w = (1, 1)，b = -1",
        ],
    ),
    "mlp_forward": (
        "def mlp_forward(x, W1, b1, W2, b2):\n    return (torch.tanh(x @ W1 + b1) @ W2.T + b2)[:, 0]",
        ["mat1 and mat2 shapes cannot be multiplied", "要乘权重的转置：x @ W1.T"],
    ),
    "conv2d_loops": (
        "def conv2d_loops(image, kernel):\n"
        "    kh, kw = kernel.shape\n"
        "    out = torch.zeros(image.shape[0] - kh + 1, image.shape[1] - kw + 1)\n"
        "    for i in range(out.shape[0]):\n"
        "        for j in range(out.shape[1]):\n"
        "            out[i, j] = (image[i : i + kh, j : j + kw] * kernel.flip(0, 1)).sum()\n"
        "    return out",
        ["把卷积核上下、左右翻转后的结果", "输出第 2 行第 1 列（从 0 数）期望 19，你的是 -1"],
    ),
    "train_one_epoch": (
        "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
        "    model.train()\n"
        "    for xb, yb in loader:\n"
        "        loss = loss_fn(model(xb), yb)\n        loss.backward()\n        optimizer.step()",
        ["梯度一批一批地累加了", "optimizer.zero_grad()"],
    ),
}


@pytest.mark.parametrize("stem", STEMS)
def test_a_wrong_answer_makes_the_check_cell_say_what_is_wrong(stem):
    """把参考答案换成常见的错误写法，运行“导入 + 练习 + 错误的答案 + 检查”：检查单元格说出具体错在哪里。"""
    source = jupytext.read(ROOT / "docs" / "notebooks" / f"{stem}.py")
    imports = next(cell for cell in source.cells if cell.cell_type == "code")
    cells = [new_code_cell(imports.source)]
    for exercise, _, check in exercises(stem):
        wrong, _ = WRONG_ANSWERS[function_name(exercise)]
        cells += [new_code_cell(exercise.source), new_code_cell(wrong), new_code_cell(check.source)]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel})
    notebooks.run_notebook(notebook, f"{stem}（错误的答案）")
    for (exercise, _, _), check in zip(exercises(stem), notebook.cells[3::3]):
        text = "".join(output["text"] for output in check.outputs)
        assert text.startswith("还不对："), text
        for phrase in WRONG_ANSWERS[function_name(exercise)][1]:
            assert phrase in text, text


def test_a_notebook_that_raises_fails_naming_the_file_and_the_cell(tmp_path):
    """python -m snippets 运行到报错的单元格就停下，错误信息里有文件名、出错的代码和异常。"""
    source = tmp_path / "broken.py"
    source.write_text('# %% [markdown]\n# # 会出错的 notebook\n\n# %%\nx = 1\n\n# %%\nraise ValueError("故意的错误")\n')
    with pytest.raises(notebooks.NotebookError) as error:
        notebooks.executed_notebook(source)
    message = str(error.value)
    assert f"{source} 运行出错" in message and 'raise ValueError("故意的错误")' in message, message


def test_adjacent_text_outputs_are_merged_without_moving_figures():
    """内核把一次 print 分几批送来，分法每次不同：相邻的同名文字输出合成一段，结果才逐字节可复现；
    文字、图、文字的顺序不变。"""
    from nbformat.v4 import new_output

    outputs = [
        new_output("stream", name="stdout", text="第 1 轮\n"),
        new_output("stream", name="stdout", text="第 2 轮\n"),
        new_output("stream", name="stderr", text="警告\n"),
        new_output("display_data", data={"image/png": "iVBOR"}),
        new_output("stream", name="stdout", text="画完了\n"),
    ]
    merged = notebooks.merged_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "第 1 轮\n第 2 轮\n"),
        ("stream", "stderr", "警告\n"),
        ("display_data", None, None),
        ("stream", "stdout", "画完了\n"),
    ]


def test_perceptron_fails_on_xor_and_mlp_solves_it(executed):
    results = executed["perceptron-mlp"][1]
    assert results["separable_epochs"] <= 10  # “几轮之后一个也不错了”
    assert results["perceptron_xor_mistakes"] == [4]  # 每一轮把四个点全都分错
    assert results["xor_stops"] == [[[0.0, 0.0], 0.0]] * 4  # 训练 1、2、3、100 轮，停下时都是 w = 0、b = 0
    assert results["perceptron_xor_accuracy"] == 0.5  # 全判成 -1 类，对了一半
    assert results["mlp_xor_accuracy"] == 1.0  # MLP 四个点全对


def test_mlp_xor_training_curve_is_as_described(executed):
    results = executed["perceptron-mlp"][1]
    assert all(0.38 <= p <= 0.52 for p in results["initial_probabilities"])  # “都在 0.38 到 0.52 之间”
    losses = results["losses_xor"]
    assert all(abs(loss - math.log(2)) < 0.03 for loss in losses[:100])  # 前一百多轮停在 ln 2 附近
    first_below = next(epoch for epoch, loss in enumerate(losses, start=1) if loss < 0.01)
    assert 400 <= first_below <= 600  # “500 轮左右降到 0.01 以下”
    assert losses[-1] < 0.005  # 图的替代文本：1000 轮时约 0.004
    cosine = torch.nn.functional.cosine_similarity
    a, b = (torch.tensor(row) for row in results["hidden_weights"])
    assert abs(cosine(a, b, dim=0)) > 0.99  # 两个隐藏单元方向几乎相同
    assert all(abs(cosine(row, torch.tensor([1.0, 1.0]), dim=0)) > 0.99 for row in (a, b))  # 接近 x1 + x2 的方向
    # 决策边界几乎就是两个隐藏单元的直线：沿对角线 x1 = x2 = t/2 看，边界和两条直线的位置相差不到 0.05
    state = {name: torch.tensor(value) for name, value in results["mlp_xor_state"].items()}
    t = torch.linspace(-1, 3, 40001)
    points = torch.stack([t / 2, t / 2], dim=1)
    z = torch.tanh(points @ state["0.weight"].T + state["0.bias"]) @ state["2.weight"].T + state["2.bias"]
    z = z.squeeze(1)
    boundary = t[1:][(z[1:] > 0) != (z[:-1] > 0)]
    hidden_lines = torch.sort(-state["0.bias"] / (state["0.weight"].sum(dim=1) / 2)).values
    assert len(boundary) == 2 and (boundary - hidden_lines).abs().max() < 0.05


def test_mlp_beats_every_line_on_two_moons(executed):
    """公平的比较：MLP 对比的是训练到收敛的逻辑回归，以及直接在测试集上挑出的最好的直线（上限）。"""
    results = executed["perceptron-mlp"][1]
    perceptron = results["perceptron_moons_test_accuracies"]  # 训练 97、98、99、100 轮
    assert max(abs(a - b) for a, b in zip(perceptron, perceptron[1:])) > 0.1  # 只差一轮，差出十几个百分点
    line, best_test, best_train = results["line_test_accuracy"], results["best_line_test"], results["best_line_train"]
    assert line <= best_test < line + 0.01  # 逻辑回归离上限不到一个百分点
    assert max(perceptron) <= best_test
    mlp = results["mlp_moons_test_accuracy"]
    assert mlp > 0.95
    assert mlp > best_test + 0.08  # “比任何一条直线的上限还高出 8 个百分点以上”
    assert best_test - best_train > 0.03  # 测试集碰巧更好分：最好的直线在测试集上高出好几个百分点
    history = results["mlp_moons_history"]
    assert all(v > a for a, v in zip(history["accuracy"][1:], history["val_accuracy"][1:]))  # 从第 2 轮起测试集更高
    assert history["val_accuracy"][-1] == pytest.approx(mlp)


def test_tiny_cnn_classifies_held_out_shapes(executed):
    results = executed["convolution-features"][1]
    assert results["train_size"] == 1200
    assert results["n_params"] == 5987  # “全部 5987 个参数”
    history = results["history"]
    assert history["val_accuracy"][0] < 0.4  # 第一轮结束时和瞎猜一样
    assert all(abs(loss - math.log(3)) < 0.06 for loss in history["loss"][:3])  # 前三轮损失在 ln 3 附近
    assert results["test_accuracy"] > 0.95  # 固定种子 0；阈值写在 snippets.shapes.TEST_ACCURACY_THRESHOLD
    assert 0 <= history["accuracy"][-1] - results["test_accuracy"] < 0.02  # 训练结束时训练集略高，相差不到两个百分点
    # “从第 5 轮起，测试集的准确率和训练集几乎一样高（每一轮都相差不到两个百分点）”
    assert all(abs(a - v) < 0.02 for a, v in zip(history["accuracy"][4:], history["val_accuracy"][4:]))
    assert results["wrong"] == round((1 - results["test_accuracy"]) * 600)
    assert results["wrong_circles_as_squares"] > results["wrong"] / 2  # 分错的多半是圆形被判成正方形


def test_learned_kernels_are_compared_with_random_ones_fairly(executed):
    """notebook 的结论：“最像 Sobel”这个标准随机卷积核也常常满足；对齐度上，训练前和随机一样，
    训练带来的改动远高于任何一组随机卷积核，训练后的卷积核只在随机分布的尾部。"""
    results = executed["convolution-features"][1]
    # 松的标准：训练后“最像 Sobel 且超过 0.5”的个数，随机的 8 个卷积核也常常达到
    assert results["sobel_like_learned"] == sum(
        1 for name, cosine in results["matches"] if name.startswith("Sobel") and abs(cosine) > 0.5
    )
    assert results["share_sobel_like"] > 0.05
    assert 0.45 < results["random_best_cosine_median"] < 0.55  # “中位数约 0.5”
    # 对齐度
    alignment = {name: torch.tensor(values) for name, values in results["alignment"].items()}
    random_means = torch.tensor(results["random_means"])

    def share(value):
        return (random_means >= value).float().mean().item()

    means = {name: round(values.mean().item(), 2) for name, values in alignment.items()}
    assert means == {"训练前": 0.41, "训练后": 0.61, "改动": 0.74}  # 文字和图的替代文本里写的三个平均值
    assert 0.1 < share(alignment["训练前"].mean()) < 0.9  # 训练前：和随机一样
    assert 0.005 < share(alignment["训练后"].mean()) < 0.05  # 训练后：只有约 2% 的随机组达到
    assert alignment["训练后"].mean() < 0.7  # 远不到 1
    assert alignment["改动"].mean() > random_means.max() + 0.01  # 改动：一万组随机卷积核里一组也没有这么高
    assert (alignment["改动"] > 0.85).sum() == 4  # “8 个改动里有一半对齐度超过 0.85”
    # 6 号卷积核越来越接近均值模糊：+0.48 → +0.92
    assert results["matches_before"][5] == ["均值模糊", pytest.approx(0.48, abs=0.005)]
    assert results["matches"][5] == ["均值模糊", pytest.approx(0.92, abs=0.005)]
    # 8 号从最像 Sobel y（−0.41）变成最像均值模糊（+0.74）
    assert results["matches_before"][7] == ["Sobel y", pytest.approx(-0.41, abs=0.005)]
    assert results["matches"][7] == ["均值模糊", pytest.approx(0.74, abs=0.005)]
    # 图的替代文本：训练后除 6、8 号外仍和训练前很像；6 号九格都不是明显的蓝色，8 号上面两行全是红色
    initial, learned = torch.tensor(results["initial"]), torch.tensor(results["learned"])
    similarity = torch.nn.functional.cosine_similarity(initial.flatten(1), learned.flatten(1))
    others = [0, 1, 2, 3, 4, 6]
    assert similarity[others].min() > 0.8
    assert similarity[[5, 7]].max() < similarity[others].min()
    shown = learned / learned.flatten(1).abs().amax(dim=1)[:, None, None]  # 图里的缩放：除以绝对值最大的元素
    assert shown[5].min() > -0.1  # 6 号：红色或接近白色
    assert shown[7, :2].min() > 0.3  # 8 号上面两行：红色
    assert initial[7, :2].min() < 0  # 训练前的 8 号上面两行有蓝色格子
    assert initial[5].min() < -0.1  # 训练前的 6 号有蓝色格子
    # “主要以正权重加在一起（8 号底行还留着两个负的格子）”
    assert (learned[5] > 0).all()
    assert (learned[7] < 0).sum() == (learned[7, 2] < 0).sum() == 2


def test_random_kernels_are_seldom_aligned_with_sobel():
    """convolution-features 的两个数：随机卷积核“只有约 2.5% 能超过 0.85”（notebook 的结论），对齐度的中位数约 0.45
    （sobel_alignment 的说明）。用的是 notebook 里那一万组（8 万个）随机卷积核。"""
    from snippets.notebook_checks import random_kernels, sobel_alignment

    alignment = sobel_alignment(random_kernels(80_000, seed=2))
    assert 0.02 < (alignment > 0.85).float().mean() < 0.03
    assert 0.43 < alignment.median() < 0.47


# cnn-training：文字和图的替代文本里的每个数都在下面两个测试里用探针的结果算出来，
# test_lenet_text_quotes_the_numbers_tested_here 检查文字里写的正是这些数


def early_stop(val_losses, patience):
    """把这串验证损失交给 snippets.training.EarlyStopping：返回（停下的一轮，留下的一轮）；没有停下时停在最后一轮。"""
    stopper = EarlyStopping(patience)
    for epoch, loss in enumerate(val_losses, start=1):
        if stopper.should_stop(epoch, loss):
            return epoch, stopper.best_epoch
    return len(val_losses), stopper.best_epoch


def test_lenet_training_is_as_described(executed):
    """“第 10 轮出了一次意外：两条损失曲线一起跳回 0.3 以上，验证集准确率跌到 85.7%，下一轮又降了下去。
    这次连训练损失也跳了上去……验证损失第 8 轮降到 0.100，直到第 12 轮才又创新低（0.096），等了 4 轮，
    耐心 5 轮的早停等到了它；要是耐心只有 3 轮，训练就会在第 11 轮停下，留下第 8 轮的参数。”
    “验证损失却在第 16 轮到了最低，之后不再创新低、略有回升……早停在第 21 轮停下，换回了第 16 轮的参数。”
    以及第一张图的替代文本，和第二张图里 LeNet 的那条线。"""
    results = executed["cnn-training"][1]
    assert results["n_params"] == 61111
    untrained_loss, untrained_accuracy = results["untrained"]
    assert abs(untrained_loss - math.log(3)) < 0.01 and abs(untrained_accuracy - 1 / 3) < 0.05  # 训练前：瞎猜
    history = results["history"]
    train = [None] + [h["train_loss"] for h in history]  # 下标就是轮数
    val = [None] + [h["val_loss"] for h in history]
    acc = [None] + [h["val_acc"] for h in history]
    assert len(history) == 21 and results["best_epoch"] == 16  # 第 21 轮早停，换回第 16 轮
    assert early_stop(val[1:], patience=5) == (21, 16)
    # 第 1 轮两条线都在 ln 3 ≈ 1.1 附近；第 2、3 轮一起快速下降；准确率第 1 轮约 38%，第 3 轮 85%
    assert abs(train[1] - math.log(3)) < 0.01 and abs(val[1] - math.log(3)) < 0.01
    assert train[3] < train[2] < train[1] and val[3] < val[2] < val[1] and max(train[3], val[3]) < 0.4
    assert f"{acc[1]:.0%}" == "38%" and f"{acc[3]:.0%}" == "85%"
    # 训练损失第 8 轮已降到 0.013，第 9、10 轮却回升；第 10 轮两条线一起跳回 0.3 以上，和第 3 轮差不多高
    assert f"{train[8]:.3f}" == "0.013" and train[8] < train[9] < train[10]
    assert min(train[10], val[10]) > 0.3
    assert 0.8 < train[10] / train[3] < 1.25 and 0.8 < val[10] / val[3] < 1.25
    assert train[10] > 5 * train[9]  # 连训练损失也跳了上去：不是过拟合
    assert max(train[11], val[11]) < 0.15  # 第 11 轮又降了下去
    assert f"{acc[10]:.1%}" == "85.7%" and f"{acc[10]:.0%}" == "86%"  # 文字写 85.7%，替代文本写 86%
    # 验证损失第 8 轮 0.100，第 12 轮才又创新低 0.096，等了 4 轮；耐心 3 轮就会在第 11 轮停下，留下第 8 轮
    assert f"{val[8]:.3f}" == "0.100" and f"{val[12]:.3f}" == "0.096"
    assert min(val[1:8]) > val[8] and min(val[9:12]) > val[8] > val[12]
    assert early_stop(val[1:], patience=3) == (11, 8)
    # 之后训练损失一路降到 0.001 以下；验证损失从第 12 轮起在 0.08 到 0.11 之间，第 16 轮最低，之后略有回升
    assert all(b <= a for a, b in zip(train[11:], train[12:])) and train[21] < 0.001
    assert all(0.08 <= v < 0.11 for v in val[12:])
    assert min(val[1:]) == val[16] and min(val[17:]) > val[16] and val[21] < 1.15 * val[16]
    # 验证集准确率：第 5 轮起在 92% 到 97% 之间，只有第 10 轮跌到 86%；第 12 轮起稳定在 96% 到 97%
    assert all(0.915 <= acc[epoch] < 0.975 for epoch in range(5, 22) if epoch != 10)
    assert all(0.955 <= a < 0.975 for a in acc[12:])


def test_lenet_on_the_test_set_and_against_a_fair_mlp(executed):
    """“这一次，测试集上的成绩反而比验证集上的好：准确率 97.8% 对 96.8%，损失 0.062 对 0.080。……
    验证集和测试集各是随机的 600 张图，两份之间本来就会差出几张……600 张图里，一张图就是 0.17 个百分点，
    这里差的 1 个百分点只是 6 张图。要紧的是两份都在 97% 上下”。
    MLP：参数量 65,743 个，和 LeNet 的 61,111 个差不多；训练损失从 1.09 降到 0.30，验证损失第 7 轮以后就回升了，
    验证集准确率始终不到五成（第二张图的替代文本：39% 到 49% 之间，第 12 轮就早停了）。"""
    results = executed["cnn-training"][1]
    best = results["history"][results["best_epoch"] - 1]
    test_loss, test_accuracy = results["test"]
    assert f"{test_accuracy:.1%}" == "97.8%" and f"{best['val_acc']:.1%}" == "96.8%"
    assert f"{test_loss:.3f}" == "0.062" and f"{best['val_loss']:.3f}" == "0.080"
    assert f"{1 / 600:.2%}" == "0.17%"
    images = round((test_accuracy - best["val_acc"]) * 600)
    assert images == 6 and round((test_accuracy - best["val_acc"]) * 100) == 1  # 1 个百分点，6 张图
    assert all(abs(a - 0.97) < 0.01 for a in (test_accuracy, best["val_acc"]))  # 两份都在 97% 上下
    # “本来就会差出几张”：准确率 97% 上下时，两份独立的 600 张图分对的张数之差，标准差约 6 张；差 6 张不稀奇
    p = (test_accuracy + best["val_acc"]) / 2
    spread = math.sqrt(2 * 600 * p * (1 - p))
    assert 3 < spread < 10 and images < 2 * spread
    # MLP
    assert results["mlp_params"] == 65743
    assert str(results["mlp_lr"]) == "0.0003" == min(results["mlp_runs"], key=lambda lr: results["mlp_runs"][lr][2])
    mlp_history, mlp_best_epoch, mlp_best_loss = results["mlp_runs"]["0.0003"]
    assert f"{mlp_history[0]['train_loss']:.2f}" == "1.09" and f"{mlp_history[-1]['train_loss']:.2f}" == "0.30"
    assert mlp_best_epoch == 7 and all(h["val_loss"] > mlp_best_loss for h in mlp_history[7:])
    assert len(mlp_history) == 12
    assert all(0.385 <= h["val_acc"] < 0.495 for h in mlp_history)  # 39% 到 49%，始终不到五成
    assert results["mlp_test"][1] < 0.5 < test_accuracy


def test_lenet_text_quotes_the_numbers_tested_here():
    """cnn-training 的文字和替代文本里写的数，正是上面两个测试检查的（改了文字却没改测试，或反过来，都会失败）。"""
    notebook = jupytext.read(ROOT / "docs" / "notebooks" / "cnn-training.py")
    text = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    alts = [cell.metadata["alt"] for cell in notebook.cells if "alt" in cell.metadata]
    expected = {
        "文字": [
            *["第 10 轮出了一次意外", "一起跳回 0.3 以上", "准确率跌到 85.7%", "连训练损失也跳了上去"],
            *["第 8 轮降到 0.100", "第 12 轮才又创新低（0.096），等了 4 轮", "耐心 5 轮"],
            "耐心只有 3 轮，训练就会在第 11 轮停下，留下第 8 轮的参数",
            *["第 16 轮到了最低", "早停在第 21 轮停下，换回了第 16 轮的参数"],
            *["第 16 轮是在 21 轮里挑出", "验证集上第 16 轮的成绩"],
            *["准确率 97.8% 对 96.8%，损失 0.062 对 0.080", "一张图就是 0.17 个百分点"],
            *["差的 1 个百分点只是 6 张图", "都在 97% 上下"],
            *["97.8% 算好吗", "参数量 65,743 个，和 LeNet 的 61,111 个差不多"],
            *["从 1.09 降到 0.30", "第 7 轮以后就回升了", "始终不到五成"],
        ],
        "第一张图": [
            *["两条线第 1 轮都在 1.1 左右", "训练损失第 8 轮已降到 0.013，第 9、10 轮却回升"],
            "第 10 轮两条线一起跳回 0.3 以上，和第 3 轮差不多高，第 11 轮又降了下去",
            *["降到 0.001 以下", "从第 12 轮起在 0.08 到 0.11 之间，第 16 轮最低，之后略有回升"],
            *["第 16 轮处有一条灰色点线", "第 1 轮约 38%，第 3 轮 85%，第 5 轮起在 92% 到 97% 之间"],
            *["只有第 10 轮跌到 86%", "第 12 轮起稳定在 96% 到 97%", "标在第 16 轮"],
        ],
        "第二张图": [
            "第 1 轮的约 38% 升到第 3 轮的 85%，第 5 轮起在 92% 到 97% 之间，只有第 10 轮跌到 86%，训练到第 21 轮",
            "一直在 39% 到 49% 之间，第 12 轮就早停了",
        ],
    }
    places = {"文字": text, "第一张图": alts[0], "第二张图": alts[1]}
    for place, phrases in expected.items():
        for phrase in phrases:
            assert phrase in places[place], (place, phrase)


# ---- 构建出的页面 -----------------------------------------------------------------------------------------------


def page_html(site: Path, stem: str) -> str:
    return (site / "notebooks" / stem / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index('<div class="nb-notebook">') : html.rindex("</article>")]


@pytest.mark.parametrize("stem", STEMS)
def test_page_has_outputs_and_figures_with_alt_text(built_site, stem):
    html = page_html(built_site, stem)
    body = article(html)
    assert body.count('<span class="filename">运行输出</span>') >= 4
    images = re.findall(r"<img\b[^>]*>", body)
    assert len(images) >= 2
    for tag in images:
        src = re.search(r'src="([^"]+)"', tag).group(1)
        assert not src.startswith("data:"), "图应当是单独的文件，而不是内嵌在 HTML 里的 data: URI"
        assert (built_site / "notebooks" / stem / src).is_file()
        assert len(re.search(r'alt="([^"]*)"', tag).group(1)) > 20
    assert "<style" not in body and "jp-" not in body and "clipboard-copy" not in body
    assert "mathjax" not in html.lower() and "mermaid" not in html.lower() and "require.js" not in html


@pytest.mark.parametrize("stem", STEMS)
def test_headings_have_readable_ids_that_the_toc_links_to(built_site, stem):
    html = page_html(built_site, stem)
    ids = re.findall(r'<h[1-6] id="([^"]*)"', article(html))
    assert ids and all(i and not re.fullmatch(r"_\d+", i) for i in ids), ids
    assert "准备工作" in ids
    toc = html[html.index('data-md-component="toc"') :]
    depth, end = 1, 0  # 目录里有嵌套的 <nav>（h3 在 h2 下面）：数到和开头配对的 </nav>
    for tag in re.finditer(r"<nav\b|</nav>", toc):
        depth += 1 if tag.group() == "<nav" else -1
        if depth == 0:
            end = tag.start()
            break
    toc = toc[:end]
    links = re.findall(r'href="#([^"]+)"', toc)
    assert links and set(links) <= set(ids), f"目录链接 {links} 不全是标题 id {ids}"
    assert len(links) == len(ids) - 1  # 除了页面标题（h1），每个标题都在目录里


def test_search_results_land_on_notebook_headings(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    for stem in STEMS:
        ids = set(re.findall(r'<h[1-6] id="([^"]*)"', page_html(built_site, stem)))
        sections = [doc["location"] for doc in index["docs"] if doc["location"].startswith(f"notebooks/{stem}/#")]
        assert len(sections) >= 4
        assert {location.split("#", 1)[1] for location in sections} <= ids


def test_notebook_math_is_rendered_by_the_site_katex(built_site):
    html = page_html(built_site, "perceptron-mlp")
    assert html.count('class="arithmatex"') >= 5
    # 排好的公式里，MathML 的 annotation 留着 TeX 原文
    assert r'<annotation encoding="application/x-tex">\hat y = \operatorname{sign}' in html
    displays = re.findall(r'<div class="arithmatex"[^>]*><span class="katex-display">.*?</annotation>', html, re.S)
    assert any(r"\mathbf h = \tanh" in display for display in displays), "独占一段的公式是独立公式"
    assert "../../assets/katex/katex.min.css" in html
    assert "$" not in re.sub(r"<(pre|code)\b.*?</\1>", "", article(html), flags=re.S), "有没转换的 $…$"


@pytest.mark.parametrize("stem", STEMS)
def test_page_offers_the_lab_notebook_for_download(built_site, stem):
    link = re.search(rf'<a [^>]*href="\.\./{stem}\.ipynb"[^>]*>', page_html(built_site, stem))
    assert link and "download" in link.group(0)
    download = built_site / "notebooks" / f"{stem}.ipynb"
    assert download.read_bytes() == notebooks.lab_notebook_bytes(committed(stem)), "下载的是提交的那份做成的练习版"
    notebook = nbformat.read(download, as_version=4)
    nbformat.validate(notebook)  # Jupyter 能打开的合法 notebook
    assert notebook.metadata.kernelspec.name == "python3" and "jupytext" not in notebook.metadata
    assert notebooks.GENERATED_FROM not in notebook.metadata
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in notebook.cells)
    headings = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert f"## {notebooks.APPENDIX_TITLE}" in "\n".join(headings)
    # 练习版里其余的单元格和提交的那份一样，次序也一样（只是参考答案挪到了附录）
    original = [cell for cell in committed(stem)["cells"] if SOLUTION not in tags(cell)]
    main = notebook.cells[: [cell.id for cell in notebook.cells].index("appendix")]  # 附录之前
    kept = [cell for cell in main if not cell.id.endswith("-pointer")]  # 去掉指向附录的那句话
    assert [cell.id for cell in kept] == [cell["id"] for cell in original]
    code = [cell["source"] for cell in original if cell["cell_type"] == "code"]
    assert [cell.source for cell in kept if cell.cell_type == "code"] == code
    # 练习版放在仓库根目录打开：Markdown 里指向仓库文件的链接相对仓库根目录，文件都在
    links = re.findall(r"\]\((?!https?://)([^)#\s]+)", "\n".join(headings))
    assert links and all((ROOT / link).is_file() for link in links), links


def test_download_box_says_how_to_run_the_notebook_locally(built_site):
    """下载框里的安装命令和 README 的测试命令一致；它说 requirements.txt 里没有 JupyterLab，这得是真的。"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SETUP_COMMAND in readme
    html = article(page_html(built_site, "cnn-training"))
    box = html[html.index("自己动手运行") : html.index("</ol></div>")]
    command = SETUP_COMMAND.replace("&", "&amp;")
    for words in (command, "git clone", "仓库根目录", "VS Code 的 Jupyter 扩展", "jupyter lab"):
        assert words in box, words
    files = ("requirements.txt", "requirements-site.txt")
    requirements = "".join((ROOT / name).read_text(encoding="utf-8") for name in files)
    assert not re.search(r"^(jupyterlab|notebook)==", requirements, re.M), "装了 JupyterLab，下载框的说法要改"


def test_repository_url_comes_from_the_edit_link():
    from site_hooks.notebook_pages import repository_url

    assert (
        repository_url("https://github.com/someone/cv-notes/edit/main/docs/") == "https://github.com/someone/cv-notes"
    )
    assert repository_url("") is None and repository_url(None) is None


@pytest.mark.parametrize("stem", STEMS)
def test_page_folds_each_solution_below_its_exercise(built_site, stem):
    html = article(page_html(built_site, stem))
    found = exercises(stem)
    solutions = re.findall(r'<details class="success nb-solution">(.*?)</details>', html, re.S)
    assert len(solutions) == len(found)
    assert html.count('<span class="filename">你来写</span>') == len(found)
    for (exercise, _, _), solution in zip(found, solutions):
        assert "参考答案" in solution and function_name(exercise) in re.sub(r"<[^>]+>", "", solution)
        after = html[html.index(solution) :]
        check = r'<div class="nb-cell nb-check">.*?运行输出</span>.*?<code[^>]*>(.*?)</code>'
        check_output = re.search(check, after, re.S)
        assert check_output and check_output.group(1).startswith("正确。")


@pytest.mark.parametrize("stem", STEMS)
def test_guess_prompts_come_before_the_experiments_as_boxes(built_site, stem):
    source = (ROOT / "docs" / "notebooks" / f"{stem}.py").read_text(encoding="utf-8")
    prompts = source.count("# > **先猜一猜**：")
    assert prompts >= 3
    html = article(page_html(built_site, stem))
    title = '<div class="admonition question"><p class="admonition-title">先猜一猜</p>'
    boxes = re.findall(rf"{title}\s*<p>(.*?)</p>", html, re.S)
    assert len(boxes) == prompts and all(not box.startswith(("：", "<strong>")) for box in boxes), boxes[:2]


@pytest.mark.parametrize("stem", STEMS)
def test_each_notebook_ends_with_exercises_whose_hints_and_answers_are_folded(built_site, stem):
    html = article(page_html(built_site, stem))
    section = html[html.index('id="练习"') :]
    hints = section.count('<details class="tip"><summary>提示</summary>')
    answers = section.count('<details class="success"><summary>答案</summary>')
    assert 2 <= hints == answers <= 4
    assert "<details" in section and " open" not in re.findall(r"<details[^>]*>", section)[0]


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_links_and_glossary_work_like_markdown_pages(built_site, stem):
    html = article(page_html(built_site, stem))
    assert ".md" not in "".join(re.findall(r'href="([^"]+)"', html)), "指向 .md 的链接没有换成页面地址"
    assert re.search(r'<abbr title="[^"]+">(MLP|CNN|Sobel)</abbr>', html)


def default_notebook_content(stem: str) -> str:
    """mkdocs-jupyter 按 mkdocs.yml 的设置渲染出的原始 HTML（site_hooks 整理之前）。"""
    from mkdocs_jupyter.convert import nb2html

    return nb2html(str(ROOT / "docs" / "notebooks" / f"{stem}.ipynb"), no_prompt=True, custom_mathjax_url="")


def page_weights(site: Path, stem: str) -> dict[str, tuple[int, int]]:
    """页面 HTML + 它专用的 CSS 的字节数（原始，gzip）：mkdocs-jupyter 默认的，和本站整理后的。

    Material 自己的 CSS 两者相同，不计；图是单独的文件（默认时内嵌在 HTML 里，这里也不计，只比 HTML 和 CSS）。
    """
    html = page_html(site, stem)
    ours = article(html)
    default_html = html.replace(ours, default_notebook_content(stem))
    css = (ROOT / "docs" / NOTEBOOK_CSS).read_text(encoding="utf-8")
    default_css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", default_html, flags=re.S))

    def size(text: str) -> tuple[int, int]:
        data = text.encode("utf-8")
        return len(data), len(gzip.compress(data, mtime=0))

    default_html = re.sub(r'src="data:image/[^"]*"', 'src=""', default_html)  # 内嵌的图不计
    return {
        "default_page": size(default_html),
        "default_css": size(default_css),
        "our_page": size(html + css),
        "our_css": size(css),
    }


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_page_weighs_at_most_a_third_of_the_default(built_site, stem):
    weights = page_weights(built_site, stem)
    print(stem, weights)
    assert weights["default_css"][0] > 500_000  # 确认比较的对象：约 590 KB 的内联 Jupyter CSS
    for kind in (0, 1):  # 原始字节和 gzip 之后都要达标
        assert weights["our_css"][kind] * 3 <= weights["default_css"][kind]
        assert weights["our_page"][kind] * 3 <= weights["default_page"][kind]


# ---- 源文件 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=STEMS)
def test_notebook_sources_follow_the_site_rules(path):
    import autocorrect_py

    notebook = jupytext.read(path)
    first = notebook.cells[0]
    # tests/test_site.py 的打印版检查从源文件里取“# 标题”；notebook 的标题在第一个 Markdown 单元格
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    markdown = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    problems = [
        f"{line.line}: {line.old.strip()} → {line.new.strip()}"
        for line in autocorrect_py.lint_for(markdown, "x.md").lines
    ]
    assert problems == [], "中文排版（中文文案排版指北）：\n" + "\n".join(problems)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            assert len(cell.metadata.get("alt", "")) > 20, f"画图的单元格要写替代文本：{cell.source[:60]}"


# ---- 在浏览器里：目录和搜索结果落在标题上 -------------------------------------------------------------------------


def heading_top(page, heading_id: str) -> float:
    return page.evaluate(f"document.getElementById({json.dumps(heading_id)}).getBoundingClientRect().top")


@pytest.mark.browser
def test_toc_links_and_search_results_land_on_notebook_headings(chromium, server):
    """点目录里的链接、点搜索结果，都落在 notebook 页面上对应的标题处。"""
    with Visit(chromium, DESKTOP) as visit:
        page = visit.open(server + "notebooks/perceptron-mlp/")
        page.locator(".md-sidebar--secondary a.md-nav__link", has_text="换一个数据集：双月").click()
        page.wait_for_timeout(500)
        assert page.evaluate("decodeURIComponent(location.hash)") == "#换一个数据集双月"
        assert 0 <= heading_top(page, "换一个数据集双月") < 150, "点了目录，标题应当滚到页面顶部"

        results = search(page, "双月")
        href = next(href for href, _ in results if "notebooks/perceptron-mlp/" in href and "#" in href)
        page.goto(href if href.startswith("http") else server + href.lstrip("/"))
        page.wait_for_load_state("networkidle")
        target = page.evaluate("decodeURIComponent(location.hash)").removeprefix("#")
        assert page.evaluate(f"!!document.getElementById({json.dumps(target)})"), f"搜索结果指向不存在的 #{target}"
        assert 0 <= heading_top(page, target) < 150
        assert visit.errors == []
