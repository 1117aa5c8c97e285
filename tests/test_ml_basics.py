"""检查 docs/dl/machine-learning.md 上关于多项式拟合、数据划分、欠拟合与过拟合的说法。"""

from pathlib import Path

import numpy as np
import pytest

from snippets.ml_basics import (
    DEGREES,
    NOISE,
    best_degree,
    error_table,
    falls_then_rises,
    features,
    fit_polynomial,
    make_data,
    median_validation_errors,
    mse,
    predict,
    repeated_validation_errors,
    split,
    true_function,
    u_shaped,
)

ROOT = Path(__file__).resolve().parents[1]


def test_split_sizes_are_20_40_40_and_disjoint():
    """页面说：100 个样本切成训练 20 个、验证 40 个、测试 40 个，三份互不重叠。"""
    x, y = make_data()
    assert len(x) == 100
    (x_tr, y_tr), (x_val, y_val), (x_te, y_te) = split(x, y)
    assert (len(x_tr), len(x_val), len(x_te)) == (20, 40, 40)
    pooled = np.concatenate([x_tr, x_val, x_te])
    assert len(np.unique(pooled)) == 100 and np.array_equal(np.sort(pooled), np.sort(x))
    label_of = dict(zip(x.tolist(), y.tolist()))  # 标签跟着样本一起走
    for xs, ys in [(x_tr, y_tr), (x_val, y_val), (x_te, y_te)]:
        assert [label_of[v] for v in xs.tolist()] == ys.tolist()


def test_data_is_noisy_samples_of_sin():
    """页面说：真实规律是 y = sin(πx + 1)，100 个样本带标准差 0.2 的噪声。"""
    x, y = make_data()
    grid = np.linspace(-1, 1, 7)
    assert np.allclose(true_function(grid), np.sin(np.pi * grid + 1))
    assert np.all(np.abs(x) <= 1)
    residual = y - true_function(x)
    assert 0.5 * NOISE < residual.std() < 1.5 * NOISE
    assert pytest.approx(0.04) == NOISE**2


def test_model_is_the_polynomial_formula():
    """f(x; θ) = θ0 + θ1·x + … + θd·x^d。"""
    theta = np.array([1.0, -2.0, 0.5])
    x = np.array([0.0, 1.0, 2.0])
    assert np.allclose(predict(theta, x), 1 - 2 * x + 0.5 * x**2)
    assert features(x, 3).shape == (3, 4)


def test_least_squares_recovers_an_exact_polynomial():
    x = np.linspace(-1, 1, 9)
    theta = fit_polynomial(x, 2 - x + 3 * x**3, degree=3)
    assert np.allclose(theta, [2, -1, 0, 3])


def test_fit_matches_numpy_polyfit():
    (x_tr, y_tr), _, _ = split(*make_data())
    theta = fit_polynomial(x_tr, y_tr, 3)
    assert np.allclose(theta[::-1], np.polyfit(x_tr, y_tr, 3))


def test_training_error_decreases_monotonically_with_degree():
    train_errors = [row[1] for row in error_table()]
    assert list(DEGREES) == list(range(16))
    assert all(b < a for a, b in zip(train_errors, train_errors[1:])), train_errors


def test_validation_error_falls_then_rises_with_minimum_at_degree_4():
    """页面说：这一份数据的验证误差一路下降到 4 次（0.043），再一路上升到 15 次；两头都明显更大。"""
    val_errors = np.array([row[2] for row in error_table()])
    assert best_degree() == 4 and int(np.argmin(val_errors)) == 4
    assert falls_then_rises(val_errors) and u_shaped(val_errors)
    assert val_errors[1] > 10 * val_errors[4], "1 次欠拟合"
    assert val_errors[15] > 1000 * val_errors[4] and val_errors[15] == val_errors.max(), "15 次过拟合"


def test_u_shape_and_falls_then_rises_detect_what_they_say():
    assert u_shaped(np.array([3.0, 1.0, 2.0, 1.5, 4.0]))  # 中间有起伏，但仍是 U 形
    assert not u_shaped(np.array([1.0, 2.0, 3.0]))  # 最低点在最左边
    assert not u_shaped(np.array([3.0, 2.0, 1.0]))  # 最低点在最右边
    assert not u_shaped(np.array([3.0, 1.0, 1.9]))  # 最右边不到最低值的 2 倍
    assert u_shaped(np.array([3.0, 1.0, 2.0]))
    assert falls_then_rises(np.array([3.0, 2.0, 1.0, 2.0, 5.0]))
    assert falls_then_rises(np.array([1.0, 2.0, 3.0]))  # 最低点在最左边：只有上升的一段
    assert not falls_then_rises(np.array([3.0, 1.0, 2.0, 1.5, 4.0]))  # 过了最低点又降了一下
    assert not falls_then_rises(np.array([3.0, 3.5, 1.0, 2.0]))  # 最低点之前升了一下
    assert not falls_then_rises(np.array([2.0, 1.0, 1.0, 2.0]))  # 平台也算起伏


def test_u_shape_is_robust_over_many_repeats():
    """页面说：500 次实验里 497 次是 U 形（最低点在中间，15 次至少是最低值的 2 倍）；
    中位数先降后升、最低点在 4 次；一点起伏都没有的只有 16 次。"""
    errors = repeated_validation_errors(500)
    assert errors.shape == (500, 16)
    assert sum(u_shaped(e) for e in errors) == 497
    assert all(u_shaped(e) for e in errors[:20])  # 前 20 个种子全都是
    ratios = errors[:, -1] / errors.min(axis=1)
    assert np.mean(ratios >= 10) > 0.9  # 多数实验里远不止 2 倍
    median = np.median(errors, axis=0)
    assert falls_then_rises(median) and int(np.argmin(median)) == 4
    assert median[15] > 10_000, "图 2 的替代文本：中位数 15 次时超过一万"
    assert np.allclose(median, median_validation_errors())
    assert sum(falls_then_rises(e) for e in errors) == 16
    # 这 500 次实验彼此独立：数据各不相同
    first_x = {tuple(split(*make_data(seed=1000 + r), seed=r)[0][0][:3].round(6)) for r in range(500)}
    assert len(first_x) == 500
    text = (ROOT / "snippets/outputs/ml_basics_repeats.txt").read_text(encoding="utf-8")
    assert "中位数最低的是 4 次，中位数曲线先降后升：True" in text
    assert "至少是最低值的 2 倍）：497 次（共 500 次）" in text and "没有一点起伏的：16 次" in text
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    assert "500 次实验里，497 次的验证误差曲线是 U 形" in page and "没有一点起伏的只有 16 次" in page


def test_overfit_model_has_lower_training_but_higher_validation_error():
    _, train_4, val_4 = error_table()[4]
    _, train_15, val_15 = error_table()[15]
    assert train_15 < train_4 and val_15 > val_4


def test_overfit_curve_shoots_off_where_training_points_are_missing():
    """页面说：−0.13 到 0.60 之间一个训练点也没有，15 次多项式在那里冲到 −14 左右；
    最右边的训练点在 0.92，再往右冲到 70 以上。"""
    (x_tr, y_tr), _, _ = split(*make_data())
    x_sorted = np.sort(x_tr)
    i = int(np.argmax(np.diff(x_sorted)))  # 最大的空当
    assert f"{x_sorted[i]:.2f}" == "-0.13" and f"{x_sorted[i + 1]:.2f}" == "0.60"
    theta = fit_polynomial(x_tr, y_tr, 15)
    gap = np.linspace(x_sorted[i], x_sorted[i + 1], 2001)
    assert round(predict(theta, gap).min()) == -14
    assert f"{x_sorted[-1]:.2f}" == "0.92"
    assert predict(theta, np.linspace(x_sorted[-1], 1, 500)).max() > 70
    assert np.abs(true_function(gap)).max() <= 1
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    assert "x 在 −0.13 到 0.60 之间一个也没有" in page and "最低到 −14 左右" in page


def test_degree_4_fit_follows_the_truth_everywhere():
    """图 1 的替代文本：4 次多项式与真实规律处处相差不到 0.17（在 x = −1 端差得最多）。"""
    (x_tr, y_tr), _, _ = split(*make_data())
    theta = fit_polynomial(x_tr, y_tr, best_degree())
    assert best_degree() == 4
    grid = np.linspace(-1, 1, 4001)
    gap = np.abs(predict(theta, grid) - true_function(grid))
    assert 0.15 < gap.max() < 0.17
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    assert "处处相差不到 0.17" in page


def fresh_sample(n=200_000, seed=12345):
    """从同一个分布里再取一大批新数据，用来近似“新数据上的平均误差”（泛化误差）。"""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    return x, true_function(x) + NOISE * rng.normal(size=n)


def test_no_model_beats_the_noise_variance_on_average():
    """页面说：平均而言，任何模型在新数据上的均方误差都不低于噪声方差 0.04。"""
    x_new, y_new = fresh_sample()
    noise_only = np.mean((true_function(x_new) - y_new) ** 2)
    assert noise_only == pytest.approx(NOISE**2, rel=0.02)
    (x_tr, y_tr), _, _ = split(*make_data())
    for degree in DEGREES:
        assert mse(fit_polynomial(x_tr, y_tr, degree), x_new, y_new) > noise_only


def test_degree_15_generalizes_worst():
    """页面说：15 次多项式训练误差最小，泛化却最差。"""
    x_new, y_new = fresh_sample()
    (x_tr, y_tr), _, _ = split(*make_data())
    errors = [mse(fit_polynomial(x_tr, y_tr, d), x_new, y_new) for d in DEGREES]
    train_errors = [row[1] for row in error_table()]
    assert int(np.argmax(errors)) == 15 and int(np.argmin(train_errors)) == 15


def test_best_validation_error_is_close_to_the_noise_variance():
    """页面说：最低的验证误差 0.043 已经很接近噪声方差 0.04；真实规律本身在这 40 个验证点上也有 0.040。"""
    _, (x_val, y_val), _ = split(*make_data())
    truth_on_val = np.mean((true_function(x_val) - y_val) ** 2)
    assert f"{truth_on_val:.3f}" == "0.040"
    best = error_table()[4][2]
    assert f"{best:.3f}" == "0.043" and truth_on_val < best < 1.1 * NOISE**2


def test_selected_validation_error_is_optimistic_on_average():
    """页面说：选出的 4 次多项式测试误差 0.046，比验证误差 0.043 略高；重复 500 次，
    选中的模型的测试误差平均比它的验证误差高 0.005（明显大于这个平均数的标准误差）。"""
    train, val, test = split(*make_data())
    theta = fit_polynomial(*train, best_degree())
    assert f"{mse(theta, *test):.3f}" == "0.046" and mse(theta, *test) > mse(theta, *val)
    gaps = []
    for r in range(500):
        tr, va, te = split(*make_data(seed=1000 + r), seed=r)
        val_errors = [mse(fit_polynomial(*tr, d), *va) for d in DEGREES]
        chosen = fit_polynomial(*tr, int(np.argmin(val_errors)))
        gaps.append(mse(chosen, *te) - min(val_errors))
    gaps = np.array(gaps)
    assert f"{gaps.mean():.3f}" == "0.005"
    assert gaps.mean() > 3 * gaps.std() / np.sqrt(len(gaps))


def test_too_few_validation_points_make_the_choice_unreliable():
    """自测题 3：训练集不变，验证集 40 个点时 77% 的实验选中 3～5 次；5 个点时只有 53%，
    19 次选中 13～15 次；选中模型的测试误差中位数从 0.055 升到 0.073。"""
    stats = {}
    for n_val in (40, 5):
        chosen, tests = [], []
        for r in range(500):
            tr, va, te = split(*make_data(seed=1000 + r), n_val=n_val, seed=r)
            assert len(tr[0]) == 20
            k = int(np.argmin([mse(fit_polynomial(*tr, d), *va) for d in DEGREES]))
            chosen.append(k)
            tests.append(mse(fit_polynomial(*tr, k), *te))
        chosen = np.array(chosen)
        stats[n_val] = (np.mean((chosen >= 3) & (chosen <= 5)), np.sum(chosen >= 13), np.median(tests))
    assert f"{stats[40][0]:.0%}" == "77%" and f"{stats[5][0]:.0%}" == "53%"
    assert stats[5][1] == 19 and stats[40][1] == 0
    assert f"{stats[40][2]:.3f}" == "0.055" and f"{stats[5][2]:.3f}" == "0.073"


def test_higher_degree_contains_lower_degree():
    """自测题：d+1 次多项式把最高次系数设成 0 就是 d 次多项式，所以训练误差不会变大。"""
    (x_tr, y_tr), _, _ = split(*make_data())
    theta3 = fit_polynomial(x_tr, y_tr, 3)
    padded = np.append(theta3, 0.0)
    assert mse(padded, x_tr, y_tr) == pytest.approx(mse(theta3, x_tr, y_tr))
    assert mse(fit_polynomial(x_tr, y_tr, 4), x_tr, y_tr) <= mse(padded, x_tr, y_tr)


def test_numbers_quoted_in_the_page_text():
    """正文和图的替代文本引用了这些数（按页面上的位数四舍五入）。"""
    rows = error_table()
    assert f"{rows[0][1]:.2f}" == "0.28" and f"{rows[15][1]:.3f}" == "0.002"
    assert f"{rows[4][2]:.3f}" == "0.043" and f"{rows[12][2]:.1f}" == "3.7"
    assert min(r[2] for r in rows[13:]) > 64.5 and max(r[2] for r in rows[13:]) < 83.5  # 约 65 到 83
    n_params, n_train = 15 + 1, len(split(*make_data())[0][0])
    assert (n_params, n_train) == (16, 20)
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    for quoted in ("0.28", "0.002", "0.043", "3.7", "0.046", "4 次时最低", "16 个参数", "约 65 到 83"):
        assert quoted in page
