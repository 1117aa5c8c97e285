"""检查 docs/dl/machine-learning.md 上关于多项式拟合、数据划分、欠拟合与过拟合的说法。"""

import numpy as np
import pytest

from snippets.ml_basics import (
    DEGREES,
    NOISE,
    best_degree,
    error_table,
    features,
    fit_polynomial,
    make_data,
    mse,
    predict,
    split,
    true_function,
)


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
    x, y = make_data()
    assert np.all(np.abs(x) <= 1)
    residual = y - true_function(x)
    assert 0.5 * NOISE < residual.std() < 1.5 * NOISE


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


def test_validation_error_is_minimal_at_degree_3():
    """页面说：验证误差在 3 次时最小，两头都更大（欠拟合、过拟合）。"""
    val_errors = [row[2] for row in error_table()]
    assert best_degree() == 3
    assert int(np.argmin(val_errors)) == 3
    assert val_errors[1] > 3 * val_errors[3], "1 次欠拟合"
    assert val_errors[12] > 100 * val_errors[3], "12 次过拟合"
    assert val_errors[12] == max(val_errors)


def test_overfit_model_has_lower_training_but_higher_validation_error():
    _, train_3, val_3 = error_table()[3]
    _, train_12, val_12 = error_table()[12]
    assert train_12 < train_3 and val_12 > val_3


def test_best_error_is_close_to_the_noise_variance():
    """页面说：3 次模型的验证、测试误差都与噪声方差 0.04 同一量级，再好也好不过噪声。"""
    train, val, test = split(*make_data())
    theta = fit_polynomial(*train, best_degree())
    assert abs(NOISE**2 - 0.04) < 1e-12
    for errors in (mse(theta, *val), mse(theta, *test)):
        assert 0.5 * NOISE**2 < errors < 1.5 * NOISE**2


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
    assert f"{rows[0][1]:.2f}" == "0.47" and rows[12][1] < 0.02
    assert f"{rows[3][2]:.3f}" == "0.037" and f"{rows[12][2]:.1f}" == "4.9"
    train, _, test = split(*make_data())
    assert f"{mse(fit_polynomial(*train, 3), *test):.3f}" == "0.036"
    n_params, n_train = 12 + 1, len(train[0])
    assert (n_params, n_train) == (13, 20)
