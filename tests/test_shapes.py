"""snippets.shapes：合成形状数据集和 TinyCNN，动手实验“卷积与特征”说的话在这里检查。"""

import math

import pytest
import torch
from torch import nn

from snippets.convolution import KERNELS, SOBEL_X, filter2d
from snippets.pytorch_basics import accuracy, fit
from snippets.shapes import (
    BATCH_SIZE,
    CLASSES,
    EPOCHS,
    LR,
    N_TEST,
    N_TRAIN,
    SEED,
    TEST_ACCURACY_THRESHOLD,
    TinyCNN,
    closest_kernel,
    first_layer_kernels,
    make_shapes,
)


def test_shapes_are_balanced_images_with_labels():
    x, y = make_shapes(300, seed=0)
    assert x.shape == (300, 1, 32, 32) and x.dtype == torch.float32
    assert y.dtype == torch.int64
    assert y.bincount().tolist() == [100, 100, 100]


def test_same_seed_same_data_other_seed_other_data():
    x1, y1 = make_shapes(30, seed=3)
    x2, y2 = make_shapes(30, seed=3)
    x3, _ = make_shapes(30, seed=4)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, x3)


def test_clean_shapes_have_the_same_area_range_in_every_class():
    """notebook 说：网络不能靠亮像素的多少分类。没有噪声时，三类形状的平均面积相差不到 10%。"""
    x, y = make_shapes(900, noise=0.0, seed=0)
    covered = (x > 0.05).float().mean(dim=(1, 2, 3))  # 被形状盖住的像素比例
    means = [covered[y == label].mean().item() for label in range(len(CLASSES))]
    assert max(means) / min(means) < 1.1
    assert min(means) > 0.08 and max(means) < 0.25


def test_each_shape_lies_inside_the_image():
    """留了边：形状不会被图像边框切掉（最外一圈像素没有被盖住）。"""
    x, _ = make_shapes(600, noise=0.0, seed=1)
    border = torch.cat([x[..., 0, :], x[..., -1, :], x[..., :, 0], x[..., :, -1]], dim=-1)
    assert border.max() < 0.5


@pytest.mark.parametrize(("label", "corners"), [(0, 0), (1, 4), (2, 3)])
def test_shape_classes_match_their_names(label, corners):
    """大而不转的形状：正方形盖住外接方框的约 1/2 以上，三角形更少，圆形是 π/4。"""
    x, y = make_shapes(300, size=64, noise=0.0, seed=2)
    images = x[y == label, 0]
    # 每张图的“填充率”：形状面积 / 包住它的轴对齐方框面积；圆形恒为 π/4 ≈ 0.785
    ratios = []
    for image in images:
        mask = image > 0.3
        rows, cols = mask.any(dim=1).nonzero(), mask.any(dim=0).nonzero()
        box = (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
        ratios.append(mask.sum().item() / box.item())
    ratios = torch.tensor(ratios)
    if corners == 0:
        assert abs(ratios.mean().item() - math.pi / 4) < 0.04
    elif corners == 4:
        assert ratios.min() > 0.45 and ratios.max() <= 1.0
    else:
        assert ratios.max() < 0.62  # 三角形最多填满外接方框的一半多一点


def test_tiny_cnn_shapes_and_size():
    model = TinyCNN()
    x, _ = make_shapes(5, seed=0)
    assert model.backbone(x).shape == (5, 32, 8, 8)  # 骨干：32 个通道、8×8 的特征图
    assert model(x).shape == (5, len(CLASSES))
    assert first_layer_kernels(model).shape == (8, 3, 3)
    assert sum(p.numel() for p in model.parameters()) < 10_000  # 真的很小


def test_closest_kernel_finds_sign_and_name():
    assert closest_kernel(SOBEL_X, KERNELS) == ("Sobel x", pytest.approx(1.0))
    assert closest_kernel(-SOBEL_X.T, KERNELS) == ("Sobel y", pytest.approx(-1.0))


def test_training_setup_reaches_the_stated_accuracy():
    """notebook 里的那次训练（同样的数据、种子和超参数，单线程）：留出的测试集上准确率高于阈值。"""
    x, y = make_shapes(N_TRAIN, seed=0)
    x_test, y_test = make_shapes(N_TEST, seed=1)
    torch.manual_seed(SEED)
    model = TinyCNN()
    history = fit(model, x, y, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=SEED)
    assert history["loss"][-1] < history["loss"][0] / 3
    assert accuracy(model, x_test, y_test) > TEST_ACCURACY_THRESHOLD


def test_laplacian_is_drowned_by_noise_but_sobel_is_not():
    """notebook：拉普拉斯在边缘处的响应最大也只有噪声响应标准差的两倍多，Sobel 的是六倍左右，均值模糊压低了噪声。

    噪声是 make_shapes 最后才抽的随机数：同一个种子、noise=0 得到同样的形状，两者之差就是噪声。
    """
    noisy, _ = make_shapes(30, seed=0)
    clean, _ = make_shapes(30, noise=0.0, seed=0)
    ratio = {}
    for name, kernel in KERNELS.items():
        ratios = [
            filter2d(c, kernel).abs().max() / (filter2d(n, kernel) - filter2d(c, kernel)).std()
            for n, c in zip(noisy[:, 0], clean[:, 0])
        ]
        ratio[name] = torch.tensor(ratios).median().item()
    assert 2 < ratio["拉普拉斯"] < 3
    assert 5 < ratio["Sobel x"] < 7 and 5 < ratio["Sobel y"] < 7
    assert ratio["均值模糊"] > 2 * ratio["Sobel x"]


def test_global_average_pooling_head_does_not_learn_in_the_same_budget():
    """notebook：把分类头的全局最大池化换成全局平均池化，同样训练 10 轮，准确率停在瞎猜的水平。"""
    x, y = make_shapes(N_TRAIN, seed=0)
    x_test, y_test = make_shapes(N_TEST, seed=1)
    torch.manual_seed(SEED)
    model = TinyCNN()
    model.head[0] = nn.AdaptiveAvgPool2d(1)
    fit(model, x, y, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=SEED)
    assert accuracy(model, x_test, y_test) < 0.4
