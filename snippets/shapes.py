"""合成的形状图像（圆形、正方形、三角形）和一个很小的卷积神经网络（骨干网络 + 分类头）。

动手实验 docs/notebooks/convolution-features.py 用它们；页面代码也可以引入同一份实现。
测试：tests/test_shapes.py。

    from snippets.shapes import CLASSES, TinyCNN, make_shapes
    from snippets.pytorch_basics import accuracy, fit

    x, y = make_shapes(1200, seed=0)            # 训练集：(1200, 1, 32, 32) 的图像和 0/1/2 的类别
    x_test, y_test = make_shapes(600, seed=1)   # 同分布、另一个种子：留出的测试集
    torch.manual_seed(0)
    model = TinyCNN()
    fit(model, x, y, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=0)
    accuracy(model, x_test, y_test)             # 约 0.99
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [start:data]
CLASSES = ("圆形", "正方形", "三角形")
SIDES = {"圆形": 0, "正方形": 4, "三角形": 3}  # 正多边形的边数；0 表示圆


def make_shapes(n, size=32, noise=0.15, seed=0, oversample=2):
    """n 张灰度图，每张是黑色背景上的一个亮色形状，三类各占三分之一。

    形状的位置、大小、旋转角度和亮度都是随机的；三类形状的面积取自同一个范围，
    网络不能靠“亮的像素有多少”来分类，只能看形状本身（边、角、弧）。
    返回 x：(n, 1, size, size) 的 float32 图像；y：(n,) 的 int64 类别（CLASSES 的下标）。
    """
    g = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % len(CLASSES))[torch.randperm(n, generator=g)]
    u = torch.rand(n, 5, generator=g)
    area = (0.08 + 0.17 * u[:, 0]) * size**2  # 面积占整张图的 8%～25%
    margin = torch.sqrt(area / 1.3)  # 三角形的外接圆最大，按它留边，形状不会超出图像
    cx = margin + u[:, 1] * (size - 2 * margin)
    cy = margin + u[:, 2] * (size - 2 * margin)
    angle = u[:, 3] * 2 * math.pi
    brightness = 0.6 + 0.4 * u[:, 4]

    # 先在 oversample 倍的网格上判断每个点在不在形状里，再平均回原来的大小：边缘是平滑的灰度
    c = (torch.arange(size * oversample) + 0.5) / oversample
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    px, py = xx - cx[:, None, None], yy - cy[:, None, None]  # 每个点相对形状中心的坐标
    inside = torch.zeros(n, *xx.shape, dtype=torch.bool)
    for label, name in enumerate(CLASSES):
        idx = (y == label).nonzero().squeeze(1)
        inside[idx] = _inside_shape(SIDES[name], area[idx], angle[idx], px[idx], py[idx])
    images = F.avg_pool2d(inside.float()[:, None], oversample) * brightness[:, None, None, None]
    return images + noise * torch.randn(images.shape, generator=g), y


def _inside_shape(sides, area, angle, px, py):
    """点 (px, py) 是否在面积为 area、转了 angle 的圆（sides = 0）或正多边形里。"""
    area, angle = area[:, None, None], angle[:, None, None]
    if sides == 0:
        return px**2 + py**2 <= area / math.pi
    circumradius = torch.sqrt(area / (0.5 * sides * math.sin(2 * math.pi / sides)))
    apothem = circumradius * math.cos(math.pi / sides)  # 中心到每条边的距离
    inside = torch.ones_like(px, dtype=torch.bool)
    for k in range(sides):  # 正多边形 = 几个半平面的交集：点在每条边的内侧
        normal = angle + (2 * k + 1) * math.pi / sides
        inside &= px * torch.cos(normal) + py * torch.sin(normal) <= apothem
    return inside


# --8<-- [end:data]


# --8<-- [start:model]
class TinyCNN(nn.Module):
    """很小的卷积神经网络：骨干网络（backbone）提取特征，分类头（head）给每一类打分。

    骨干：三个“3×3 卷积 + ReLU”，前两个后面各接一个 2×2 最大池化：(1, 32, 32) → (32, 8, 8)。
    分类头：全局最大池化（每个通道只看“这个特征在图里最强的地方有多强”）+ 全连接层：→ 3 个得分。
    """

    def __init__(self, channels=(8, 16, 32), num_classes=3):
        super().__init__()
        c1, c2, c3 = channels
        self.backbone = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1),  # 第一层：c1 个 3×3 卷积核，直接作用在像素上
            nn.ReLU(),
            nn.MaxPool2d(2),  # 32×32 → 16×16
            nn.Conv2d(c1, c2, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 16×16 → 8×8
            nn.Conv2d(c2, c3, 3, padding=1),
            nn.ReLU(),
        )
        self.head = nn.Sequential(
            nn.AdaptiveMaxPool2d(1),  # (N, c3, 8, 8) → (N, c3, 1, 1)
            nn.Flatten(),  # → (N, c3)
            nn.Linear(c3, num_classes),  # → (N, 3)：每一类的得分（logits）
        )

    def forward(self, x):
        return self.head(self.backbone(x))


# --8<-- [end:model]

# 动手实验里的训练设置（测试检查用这组设置训练出的准确率）
N_TRAIN, N_TEST = 1200, 600
EPOCHS, LR, BATCH_SIZE, SEED = 10, 0.003, 64, 0
TEST_ACCURACY_THRESHOLD = 0.95  # notebook 上说：留出的测试集上准确率高于 95%


# --8<-- [start:kernels]
def first_layer_kernels(model):
    """第一层学到的卷积核：(c1, 3, 3)，每个输出通道一个。"""
    return model.backbone[0].weight.detach()[:, 0]


def closest_kernel(kernel, candidates):
    """candidates（名字 → 卷积核）里与 kernel 最像的一个：按余弦相似度的绝对值挑。

    返回 (名字, 余弦相似度)；相似度为负表示“像它的相反数”（例如亮暗方向相反的边缘检测器）。
    """
    scores = {name: F.cosine_similarity(kernel.flatten(), c.flatten(), dim=0).item() for name, c in candidates.items()}
    name = max(scores, key=lambda n: abs(scores[n]))
    return name, scores[name]


# --8<-- [end:kernels]
