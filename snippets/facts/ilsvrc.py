"""ImageNet 大规模视觉识别挑战赛（ILSVRC）：历年分类任务的 top-5 错误率、人类水平、数据集规模。

页面：docs/cv/history.md；图：snippets/history.py；测试：tests/test_history.py。

怎么读这些数字：
- 错误率一律是**测试集**上的 top-5 错误率，单位是百分数（28.2 表示 28.2%）。
- ``extra_data=False`` 表示只用了比赛提供的训练数据；图上的“冠军”柱子只比较这一类成绩。
  2012 年 SuperVision（AlexNet）另交了一份用额外 ImageNet Fall 2011 数据训练的结果（15.3%），
  2013 年 Clarifai 也有一份用外部数据的结果（11.2%），它们单列为 ``extra_data=True`` 的行。
- 2010、2011 年各有自己的测试集，2012–2017 年用同一套 1000 类数据；2014 年起分类错误率是
  “分类 + 定位”任务里的一列，2017 年是最后一届。所以跨年比较只是大致可比。
- 头名之外，还收了两条第二名：2012 年的 ISI（手工特征的最好成绩）和 2014 年的 VGG（它是第二名，不是冠军）。

核实情况（写这一页时用检索工具查过）：
- 2012 年的 0.15315 / 0.16422 / 0.26172 直接读到了官方结果页；
- 2014 年 6.67%、2015 年 3.57%、2017 年 2.251% 分别读到了 GoogLeNet、ResNet、SENet 论文原文；
- 2010 年 0.28191、2011 年 0.25770、2013 年 0.11743（外部数据 0.11197）、2016 年 0.02991
  没有直接打开官方结果页，而是从两份互相独立、都逐条引用官方结果页的整理材料里读到，数字一致；
  2016 年的 2.991% 另见 SENet 论文对上一届冠军的引用。
"""

from typing import NamedTuple

from snippets.facts import Source

IJCV_ILSVRC = Source(
    "O. Russakovsky, J. Deng, et al. ImageNet Large Scale Visual Recognition Challenge. IJCV 115(3):211–252, 2015.",
    "https://arxiv.org/abs/1409.0575",
)


def _results_page(year: int, page: str = "results.php") -> Source:
    return Source(f"ILSVRC{year} 官方结果页", f"https://image-net.org/challenges/LSVRC/{year}/{page}")


ALEXNET_PAPER = Source(
    "A. Krizhevsky, I. Sutskever, G. E. Hinton. ImageNet Classification with Deep Convolutional Neural Networks. "
    "NeurIPS（当时名为 NIPS）2012（§6、表 1、表 2）.",
    "https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks",
)
GOOGLENET_PAPER = Source(
    "C. Szegedy et al. Going Deeper with Convolutions. CVPR 2015（§7：最终提交的 top-5 错误率 6.67%）.",
    "https://arxiv.org/abs/1409.4842",
)
VGG_PAPER = Source(
    "K. Simonyan, A. Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015"
    "（摘要：分类赛道第二名；比赛提交 7.3%）.",
    "https://arxiv.org/abs/1409.1556",
)
RESNET_PAPER = Source(
    "K. He, X. Zhang, S. Ren, J. Sun. Deep Residual Learning for Image Recognition. CVPR 2016"
    "（§4.1：6 个不同深度的模型集成，提交时其中两个是 152 层，3.57%）.",
    "https://arxiv.org/abs/1512.03385",
)
SENET_PAPER = Source(
    "J. Hu, L. Shen, G. Sun. Squeeze-and-Excitation Networks. CVPR 2018（摘要：ILSVRC 2017 分类第一，2.251%）.",
    "https://arxiv.org/abs/1709.01507",
)
ZFNET_PAPER = Source(
    "M. D. Zeiler, R. Fergus. Visualizing and Understanding Convolutional Networks. ECCV 2014"
    "（ZFNet：5 个卷积层 + 3 个全连接层，与 AlexNet 同为 8 层）.",
    "https://arxiv.org/abs/1311.2901",
)
CS231N = Source(
    "Stanford CS231n: Deep Learning for Computer Vision（第 1 讲的 ILSVRC 冠军与层数图）",
    "https://cs231n.stanford.edu/",
)


class Entry(NamedTuple):
    """ILSVRC 分类任务里的一条成绩。"""

    year: int
    team: str  # 参赛队名（官方结果页上的写法）
    label: str  # 图上显示的名字：网络名，或者方法的简称
    top5_error: float  # 测试集 top-5 错误率，单位 %
    place: int  # 这支队伍在当年分类任务中的名次
    extra_data: bool  # 是否用了比赛训练集以外的数据
    depth: int | None  # 网络的层数（带权重的层）；手工特征方法或多种网络的集成为 None
    deep: bool  # 是否是深度神经网络（卷积网络）方法
    method: str  # 一句话说明方法
    source: Source


ENTRIES = (
    Entry(
        2010,
        "NEC-UIUC",
        "NEC-UIUC",
        28.2,
        1,
        False,
        None,
        False,
        "稠密 SIFT/LBP 特征 → 编码 → 空间金字塔池化 → 线性 SVM（flat cost 0.28191）",
        _results_page(2010),
    ),
    Entry(
        2011,
        "XRCE",
        "XRCE",
        25.8,
        1,
        False,
        None,
        False,
        "SIFT 类特征 → Fisher 向量 → 线性分类器（flat cost 0.25770）",
        _results_page(2011),
    ),
    Entry(
        2012,
        "SuperVision",
        "AlexNet",
        16.4,
        1,
        False,
        8,
        True,
        "5 个卷积网络集成，只用比赛训练数据（0.16422）",
        _results_page(2012, "results.html"),
    ),
    Entry(
        2012,
        "SuperVision",
        "AlexNet",
        15.3,
        1,
        True,
        8,
        True,
        "7 个卷积网络集成，其中 2 个先在 ImageNet Fall 2011 全集上预训练（0.15315）",
        _results_page(2012, "results.html"),
    ),
    Entry(
        2012,
        "ISI",
        "ISI",
        26.2,
        2,
        False,
        None,
        False,
        "SIFT、LBP、GIST、CSIFT 的 Fisher 向量 + 线性分类器，加权融合（0.26172）",
        _results_page(2012, "results.html"),
    ),
    Entry(
        2013,
        "Clarifai",
        "ZFNet",
        11.7,
        1,
        False,
        8,
        True,
        "Zeiler 的队伍，多个卷积网络集成，只用比赛训练数据（0.11743）；CS231n 把它记作 ZFNet（8 层）",
        _results_page(2013),
    ),
    Entry(
        2013,
        "Clarifai",
        "ZFNet",
        11.2,
        1,
        True,
        8,
        True,
        "同上，另加一个用外部数据训练的模型（0.11197）",
        _results_page(2013),
    ),
    Entry(
        2014,
        "GoogLeNet",
        "GoogLeNet",
        6.67,
        1,
        False,
        22,
        True,
        "7 个 GoogLeNet（Inception）模型集成；官方结果页为 0.06656",
        GOOGLENET_PAPER,
    ),
    Entry(
        2014,
        "VGG",
        "VGG",
        7.3,
        2,
        False,
        19,
        True,
        "多个 16/19 层的 VGG 网络集成；官方结果页为 0.07325",
        VGG_PAPER,
    ),
    Entry(
        2015,
        "MSRA",
        "ResNet",
        3.57,
        1,
        False,
        152,
        True,
        "6 个不同深度的残差网络集成（提交时其中两个是 152 层）；官方结果页为 0.03567",
        RESNET_PAPER,
    ),
    Entry(
        2016,
        "Trimps-Soushen",
        "Trimps-Soushen",
        2.99,
        1,
        False,
        None,
        True,
        "Inception、ResNet 等多种网络的集成（0.02991）",
        _results_page(2016),
    ),
    Entry(
        2017,
        "WMW",
        "SENet",
        2.251,
        1,
        False,
        None,
        True,
        "SE 模块（通道注意力）网络的集成",
        SENET_PAPER,
    ),
)

# 人的水平：Russakovsky 等人论文 §6.4 的实验。标注者 A1 先练习 500 张图，再标 1500 张测试图，
# top-5 错误率 5.1%；另一位只练习了 100 张的标注者 A2 在 258 张图上是 12.0%。
# 所以 5.1% 是“一个受过训练的人”的一次测量，不是“人类的水平区间”。
HUMAN_TOP5_ERROR = 5.1
HUMAN_IMAGES = 1500
HUMAN_SOURCE = Source(
    IJCV_ILSVRC.citation + " §6.4（标注者 A1：5.1%，1500 张；A2：12.0%，258 张）",
    IJCV_ILSVRC.url,
)
# 标注者 A1 就是论文作者之一 Andrej Karpathy：他在博客里写了练习 500 张、在 1500 张测试图上得到 5.1% 的经过。
HUMAN_ANNOTATOR = "Andrej Karpathy"
KARPATHY_BLOG = Source(
    "A. Karpathy. What I learned from competing against a ConvNet on ImageNet. 2014.",
    "https://karpathy.github.io/2014/09/02/what-i-learned-from-competing-against-a-convnet-on-imagenet/",
)

# ILSVRC 与 PASCAL VOC：IJCV 论文致谢 “the PASCAL VOC organizers for partnering with us in running ILSVRC2010-2012”；
# VOC2012 的开发包也把 “Large Scale Recognition” 列为一项由 ImageNet 主办方负责的任务。
ILSVRC_WITH_VOC_YEARS = (2010, 2012)
ILSVRC_WITH_VOC_SOURCE = Source(IJCV_ILSVRC.citation + " 致谢", IJCV_ILSVRC.url)

# 数据集规模：ILSVRC 2012–2017 分类任务（常说的 ImageNet-1k），见 Russakovsky 等人论文表 2。
NUM_CLASSES = 1000
TRAIN_IMAGES = 1_281_167
VAL_IMAGES = 50_000
TEST_IMAGES = 100_000
DATASET_SOURCE = Source(IJCV_ILSVRC.citation + " 表 2（ILSVRC2012–2014 分类：1000 类）", IJCV_ILSVRC.url)
TOP5_SOURCE = Source(
    "ILSVRC2011 任务说明：每张图最多给出 5 个类别，真实类别在其中就算对", "https://image-net.org/challenges/LSVRC/2011/"
)

# ResNet 的 3.57% 是几个网络的集成（论文 §4.1）
RESNET_ENSEMBLE_MODELS = 6
RESNET_ENSEMBLE_152_LAYER_MODELS = 2

# AlexNet 论文里的几组错误率（%）。它们不是同一个测试集、也不是同一个模型，页面上要分清：
# - ILSVRC-2010 测试集（标签公开）：单个网络（10 个图块的预测取平均），top-1 37.5、top-5 17.0（§6、表 1）；
#   同一测试集上 2010 年比赛的最好成绩（NEC-UIUC，6 个稀疏编码模型平均）是 top-5 28.2。
# - ILSVRC-2012（比赛）：单个网络在验证集上 top-5 18.2；5 个网络平均，测试集 16.4；
#   再加 2 个先在 ImageNet Fall 2011 全集上预训练的网络（共 7 个），测试集 15.3（§6、表 2）。
ALEXNET_2010_TEST_TOP1 = 37.5
ALEXNET_2010_TEST_TOP5 = 17.0
ALEXNET_2010_CONTEST_BEST_TOP5 = 28.2
ALEXNET_2012_SINGLE_VAL_TOP5 = 18.2
ALEXNET_2012_ENSEMBLE_MODELS = 5  # 只用比赛数据的那份提交（16.4%）
ALEXNET_2012_EXTRA_ENSEMBLE_MODELS = 7  # 其中 2 个用了 Fall 2011 数据预训练（15.3%）
ALEXNET_PARAMETERS_MILLION = 60

# AlexNet 论文里与“2012 年为什么是转折点”有关的几句话
ALEXNET_FACTS = {
    "参数": "6000 万个参数、65 万个神经元，5 个卷积层 + 3 个全连接层",
    "GPU": "在两块 GTX 580（各 3 GB 显存）上训练了五到六天",
    "ReLU": "在 CIFAR-10 上，用 ReLU 的四层卷积网络达到 25% 训练错误率比用 tanh 的快 6 倍",
    "过拟合": "§1：网络太大，即使有 120 万张带标签的训练图，过拟合仍是个大问题；§4：用数据增强和 dropout 来抑制",
    "dropout": "在前两个全连接层使用 dropout，抑制过拟合",
}
ALEXNET_RELU_CIFAR_TRAIN_ERROR = 25  # ReLU 与 tanh 比较时的目标训练错误率（%），§3.1 图 1
ALEXNET_RELU_SPEEDUP = 6


class BelowHuman(NamedTuple):
    """在 ResNet 之前就报告低于 5.1% 的论文（top-5 错误率，论文报告的数字）。

    两篇论文说的都是**多个网络的集成**在 ILSVRC 2012 **测试集**（10 万张，标签不公开，
    由比赛的评测服务器打分）上的成绩；它们的**单个**网络都还没有低于 5.1%。
    """

    name: str
    top5_error: float  # 集成在测试集上的 top-5 错误率（%）
    arxiv_id: str
    submitted: str  # arXiv 首次提交日期
    ensemble: bool
    n_models: int | None  # 集成了几个网络（论文没有写明的为 None）
    val_top5_error: float | None  # 同一个集成在验证集（5 万张）上的成绩；论文没有报告的为 None
    single_model_top5_error: float  # 论文里最好的单个网络，在验证集上（两篇论文都只报告了验证集上的单模型成绩）
    source: Source


BELOW_HUMAN_BEFORE_RESNET = (
    BelowHuman(
        "PReLU-Net",
        4.94,
        "1502.01852",
        "2015-02-06",
        True,
        6,
        None,
        5.71,
        Source(
            "K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers: Surpassing Human-Level Performance on "
            "ImageNet Classification. ICCV 2015（摘要：ImageNet 2012 分类数据集上 4.94% top-5 test error；"
            "§4 表 6：单个模型在 5 万张验证图上 5.71%（多尺度测试）；表 7：集成了 6 个模型，在测试集上 4.94%，"
            "由 ILSVRC 评测服务器打分）.",
            "https://arxiv.org/abs/1502.01852",
        ),
    ),
    BelowHuman(
        "BN-Inception",
        4.82,
        "1502.03167",
        "2015-02-11",
        True,
        6,
        4.9,
        5.82,
        Source(
            "S. Ioffe, C. Szegedy. Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
            "Covariate Shift. ICML 2015（§4.2.3 与图 4：6 个网络、每张图 144 个裁剪块的集成，验证集 5 万张上 4.9%，"
            "测试集 10 万张上 4.82%（评测服务器）；单个网络 144 个裁剪块，验证集 5.82%）.",
            "https://arxiv.org/abs/1502.03167",
        ),
    ),
)
RESNET_ARXIV = ("1512.03385", "2015-12-10")  # ResNet 论文的 arXiv 编号与首次提交日期
