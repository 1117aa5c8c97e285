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
)

ROOT = Path(__file__).resolve().parents[1]


def test_split_sizes_are_20_10_10_and_disjoint():
    """页面说：40 个样本按 50% / 25% / 25% 切成 20、10、10 个，三份互不重叠。"""
    x, y = make_data()
    assert len(x) == 40
    (x_tr, y_tr), (x_val, y_val), (x_te, y_te) = split(x, y)
    assert (len(x_tr), len(x_val), len(x_te)) == (20, 10, 10)
    pooled = np.concatenate([x_tr, x_val, x_te])
    assert len(np.unique(pooled)) == 40 and np.array_equal(np.sort(pooled), np.sort(x))
    label_of = dict(zip(x.tolist(), y.tolist()))  # 标签跟着样本一起走
    for xs, ys in [(x_tr, y_tr), (x_val, y_val), (x_te, y_te)]:
        assert [label_of[v] for v in xs.tolist()] == ys.tolist()


def test_data_is_noisy_samples_of_sin():
    """页面说：真实规律是 y = sin(πx + 1)，40 个样本带标准差 0.2 的噪声。"""
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
    assert list(DEGREES) == list(range(13))
    assert all(b < a for a, b in zip(train_errors, train_errors[1:])), train_errors


def test_validation_error_falls_then_rises_with_minimum_at_degree_4():
    """页面说：这一份数据的验证误差一路下降到 4 次（0.025），再一路上升到 12 次（1.1）；两头都明显更大。"""
    val_errors = np.array([row[2] for row in error_table()])
    assert best_degree() == 4 and int(np.argmin(val_errors)) == 4
    assert falls_then_rises(val_errors)
    assert val_errors[1] > 10 * val_errors[4], "1 次欠拟合"
    assert val_errors[12] > 40 * val_errors[4] and val_errors[12] == val_errors.max(), "12 次过拟合"


def test_falls_then_rises_detects_wiggles():
    assert falls_then_rises(np.array([3.0, 2.0, 1.0, 2.0, 5.0]))
    assert falls_then_rises(np.array([1.0, 2.0, 3.0]))  # 最低点在最左边：只有上升的一段
    assert not falls_then_rises(np.array([3.0, 1.0, 2.0, 1.5, 4.0]))  # 过了最低点又降了一下
    assert not falls_then_rises(np.array([3.0, 3.5, 1.0, 2.0]))  # 最低点之前升了一下
    assert not falls_then_rises(np.array([2.0, 1.0, 1.0, 2.0]))  # 平台也算起伏


def test_repeated_experiments_median_falls_then_rises_but_single_runs_wiggle():
    """页面说：重复 500 次，中位数先降后升、最低点在 4 次；单次曲线毫无起伏的只有 21 次。"""
    errors = repeated_validation_errors(500)
    assert errors.shape == (500, 13)
    median = np.median(errors, axis=0)
    assert falls_then_rises(median) and int(np.argmin(median)) == 4
    assert np.allclose(median, median_validation_errors())
    assert sum(falls_then_rises(e) for e in errors) == 21
    # 这 500 次实验彼此独立：数据各不相同
    first_x = {tuple(split(*make_data(seed=1000 + r), seed=r)[0][0][:3].round(6)) for r in range(500)}
    assert len(first_x) == 500
    text = (ROOT / "snippets/outputs/ml_basics_repeats.txt").read_text(encoding="utf-8")
    assert "中位数最低的是 4 次，中位数曲线先降后升：True" in text
    assert "中间没有起伏的：21 次（共 500 次）" in text


def test_overfit_model_has_lower_training_but_higher_validation_error():
    _, train_4, val_4 = error_table()[4]
    _, train_12, val_12 = error_table()[12]
    assert train_12 < train_4 and val_12 > val_4


def test_overfit_curve_shoots_up_where_training_points_are_missing():
    """页面说：0.71 到 0.98 之间没有训练点，12 次多项式在那里冲到 30 以上。"""
    (x_tr, y_tr), _, _ = split(*make_data())
    x_sorted = np.sort(x_tr)
    i = int(np.searchsorted(x_sorted, 0.7))
    assert f"{x_sorted[i]:.2f}" == "0.71" and f"{x_sorted[i + 1]:.2f}" == "0.98"
    gap = np.linspace(x_sorted[i], x_sorted[i + 1], 500)
    assert predict(fit_polynomial(x_tr, y_tr, 12), gap).max() > 30
    assert np.abs(true_function(gap)).max() <= 1


def test_degree_4_fit_follows_the_truth_except_at_the_left_end():
    """图 1 的替代文本：4 次多项式在 x ≥ −0.9 上与真实规律相差不到 0.12；
    最左边的训练点（−0.94）之外向上翘开，x = −1 处相差约 0.3。"""
    (x_tr, y_tr), _, _ = split(*make_data())
    theta = fit_polynomial(x_tr, y_tr, best_degree())
    assert best_degree() == 4
    grid = np.linspace(-0.9, 1, 1901)
    assert np.abs(predict(theta, grid) - true_function(grid)).max() < 0.12
    assert f"{x_tr.min():.2f}" == "-0.94"
    left_end = predict(theta, np.array([-1.0]))[0] - true_function(-1.0)
    assert f"{left_end:.1f}" == "0.3"  # 正号：拟合曲线在真实规律上方，向上翘开
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    assert "相差不到 0.12" in page and "到 x = −1 处相差约 0.3" in page


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


def test_degree_12_generalizes_worst():
    """页面说：12 次多项式训练误差最小，泛化却最差。"""
    x_new, y_new = fresh_sample()
    (x_tr, y_tr), _, _ = split(*make_data())
    errors = [mse(fit_polynomial(x_tr, y_tr, d), x_new, y_new) for d in DEGREES]
    train_errors = [row[1] for row in error_table()]
    assert int(np.argmax(errors)) == 12 and int(np.argmin(train_errors)) == 12


def test_validation_points_happen_to_have_small_noise():
    """页面说：最低的验证误差 0.025 低于 0.04，因为这 10 个验证点上真实规律本身的误差也只有 0.029。"""
    _, (x_val, y_val), _ = split(*make_data())
    truth_on_val = np.mean((true_function(x_val) - y_val) ** 2)
    assert f"{truth_on_val:.3f}" == "0.029" and truth_on_val < NOISE**2
    assert error_table()[4][2] < truth_on_val < NOISE**2


def test_selected_validation_error_is_optimistic():
    """页面说：选出的 4 次多项式测试误差 0.040，比验证误差 0.025 高；被挑出来的验证误差偏乐观，
    这在重复实验里也成立（多数实验里测试误差更高）。"""
    train, val, test = split(*make_data())
    theta = fit_polynomial(*train, best_degree())
    assert f"{mse(theta, *test):.3f}" == "0.040" and mse(theta, *test) > mse(theta, *val)
    higher = 0
    for r in range(200):
        tr, va, te = split(*make_data(seed=1000 + r), seed=r)
        val_errors = [mse(fit_polynomial(*tr, d), *va) for d in DEGREES]
        chosen = fit_polynomial(*tr, int(np.argmin(val_errors)))
        higher += mse(chosen, *te) > min(val_errors)
    assert higher > 0.6 * 200


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
    assert f"{rows[0][1]:.2f}" == "0.44" and f"{rows[12][1]:.3f}" == "0.013"
    assert f"{rows[4][2]:.3f}" == "0.025" and f"{rows[12][2]:.1f}" == "1.1"
    n_params, n_train = 12 + 1, len(split(*make_data())[0][0])
    assert (n_params, n_train) == (13, 20)
    page = (ROOT / "docs/dl/machine-learning.md").read_text(encoding="utf-8")
    for quoted in ("0.44", "0.013", "0.025", "0.029", "0.040", "21 次", "4 次时最低"):
        assert quoted in page
