"""计算机视觉发展史上的里程碑（1959–2023），按课上讲的几个时代分组，每条都带出处。

页面：docs/cv/history.md；图：snippets/history.py（时间线）；测试：tests/test_history.py。

年份的取法（``dated_by``）：一般取论文正式发表（会议、期刊、专著）的年份（"发表"）；在 ILSVRC 上亮相的网络
取比赛那一年（"比赛"：VGG、GoogLeNet 2014，ResNet 2015）；有三项取预印本公开的年份（"预印本"）：ViT（2020，
论文 ICLR 2021）、书生 INTERN（只有预印本）、CityNeRF（2021，改名 BungeeNeRF 后发表于 ECCV 2022）。
``note`` 里写明了具体是哪一次发表。
课件把 Roberts 的博士论文写成 1964 年，论文封面是 1963 年 5 月（1965 年重印），这里取 1963。
1959 年 Hubel 与 Wiesel 的实验不在课件上，作为背景补充；2023 年的 SAM 晚于这次课（2023-02-01），单独标出。
"""

from typing import NamedTuple

from snippets.facts import Source

LECTURE_DATE = "2023-02-01"

# 页面上引用的几个数字
CLIP_PAIRS_MILLION = 400  # CLIP：约 4 亿对图文（论文 §2.2，WIT 数据集）
INTERN_DATASETS = 26  # 书生 INTERN 摘要：在 26 个数据集上评测
INTERN_DATA_PERCENT = 10  # 只用目标任务 10% 的训练数据做适配
RCNN_VOC2012_MAP = 53.3  # R-CNN 摘要：VOC 2012 上的 mAP（%），先在 ILSVRC2012 上预训练、再在 VOC 上微调
RCNN_RELATIVE_GAIN_PERCENT = 30  # 同一句：比此前最好的结果相对提高 30% 以上


class Era(NamedTuple):
    key: str
    name: str  # 页面和图上显示的名字
    span: str  # 大致的年代


ERAS = (
    Era("early", "早期探索", "1959–1980 年代"),
    Era("statistical", "统计学习与手工特征", "1990–2011 年"),
    Era("deep", "深度学习", "2012 年起"),
    Era("foundation", "视觉大模型", "2021 年起"),
)


class Milestone(NamedTuple):
    year: int
    label: str  # 时间线上显示的短名字
    detail: str  # 一句话说明（页面表格用）
    era: str  # ERAS 里的 key
    source: Source
    note: str = ""  # 年份对应的具体发表，或其他说明
    after_lecture: bool = False  # 晚于 2023-02-01 的课
    dated_by: str = "发表"  # 年份取自哪里："发表"（正式发表）、"比赛"（ILSVRC 那一年）、"预印本"（arXiv 公开）


DATED_BY = ("发表", "比赛", "预印本")


def _arxiv(citation: str, arxiv_id: str) -> Source:
    return Source(citation, f"https://arxiv.org/abs/{arxiv_id}")


MILESTONES = (
    # ---- 早期探索 ----
    Milestone(
        1959,
        "Hubel & Wiesel：猫视觉皮层的细胞",
        "发现初级视觉皮层的神经元只对特定朝向的边缘有反应：视觉从简单特征开始",
        "early",
        Source(
            "D. H. Hubel, T. N. Wiesel. Receptive fields of single neurones in the cat's striate cortex. "
            "J. Physiol. 148(3):574–591, 1959.",
            "https://doi.org/10.1113/jphysiol.1959.sp006308",
        ),
        "背景补充，课件上没有",
    ),
    Milestone(
        1963,
        "Roberts：积木世界的三维感知",
        "MIT 的博士论文：从一张照片里提取边缘、得到线条图，再用已知的多面体模型拼出三维结构，并能从任意视角重画",
        "early",
        Source(
            "L. G. Roberts. Machine Perception of Three-Dimensional Solids. PhD thesis, MIT, 1963"
            "（MIT Lincoln Laboratory TR 315）.",
            "https://dspace.mit.edu/handle/1721.1/11589",
        ),
        "论文日期 1963-05-22，1965 年重印；课件写作 1964 年",
    ),
    Milestone(
        1966,
        "MIT 暑期视觉项目",
        "Papert 计划用一个暑假让学生做出能分割、识别物体的视觉系统，低估了问题的难度",
        "early",
        Source(
            "S. Papert. The Summer Vision Project. MIT AI Memo 100, 1966.", "https://dspace.mit.edu/handle/1721.1/6125"
        ),
    ),
    Milestone(
        1980,
        "福岛邦彦：Neocognitron",
        "受视觉皮层启发的多层网络，交替使用“提特征”和“容忍位移”的层，是卷积网络的前身",
        "early",
        Source(
            "K. Fukushima. Neocognitron: A self-organizing neural network model for a mechanism of pattern "
            "recognition unaffected by shift in position. Biological Cybernetics 36:193–202, 1980.",
            "https://doi.org/10.1007/BF00344251",
        ),
    ),
    Milestone(
        1982,
        "Marr《视觉》",
        "把视觉看成分阶段的计算：原始草图（边缘）→ 2.5 维草图（表面朝向与深度）→ 三维模型",
        "early",
        Source("D. Marr. Vision. W. H. Freeman, 1982."),
    ),
    Milestone(
        1986,
        "反向传播流行开来",
        "Rumelhart、Hinton、Williams 展示了用反向传播训练多层网络，学出有用的内部表示，让这个方法广为人知",
        "early",
        Source(
            "D. E. Rumelhart, G. E. Hinton, R. J. Williams. Learning representations by back-propagating errors. "
            "Nature 323:533–536, 1986.",
            "https://doi.org/10.1038/323533a0",
        ),
        "算法本身更早：Linnainmaa 1970 年的硕士论文提出自动微分的反向模式，"
        "Werbos 1974 年的博士论文提出可以用它训练神经网络",
    ),
    # ---- 统计学习与手工特征 ----
    Milestone(
        1991,
        "特征脸 Eigenfaces",
        "对人脸图像做主成分分析（PCA），用少数几个“特征脸”的组合来表示和识别人脸",
        "statistical",
        Source(
            "M. Turk, A. Pentland. Eigenfaces for Recognition. J. Cognitive Neuroscience 3(1):71–86, 1991.",
            "https://doi.org/10.1162/jocn.1991.3.1.71",
        ),
    ),
    Milestone(
        1996,
        "LBP 纹理特征",
        "局部二值模式：把每个像素和邻居比大小，得到的二进制码统计成直方图，用来描述纹理",
        "statistical",
        Source(
            "T. Ojala, M. Pietikäinen, D. Harwood. A comparative study of texture measures with classification "
            "based on featured distributions. Pattern Recognition 29(1):51–59, 1996.",
            "https://doi.org/10.1016/0031-3203(95)00067-4",
        ),
    ),
    Milestone(
        1998,
        "LeNet-5",
        "用反向传播训练的卷积网络识别手写数字，用于读取支票",
        "statistical",
        Source(
            "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to document recognition. "
            "Proc. IEEE 86(11):2278–2324, 1998.",
            "https://doi.org/10.1109/5.726791",
        ),
    ),
    Milestone(
        1999,
        "SIFT 特征",
        "尺度不变特征变换：在不同尺度上找关键点，用梯度方向直方图描述，对缩放、旋转不敏感",
        "statistical",
        Source(
            "D. G. Lowe. Object recognition from local scale-invariant features. ICCV 1999.",
            "https://doi.org/10.1109/ICCV.1999.790410",
        ),
    ),
    Milestone(
        2001,
        "Viola–Jones 人脸检测",
        "Haar 特征 + AdaBoost + 级联分类器，在普通电脑上做到了实时人脸检测",
        "statistical",
        Source(
            "P. Viola, M. Jones. Rapid object detection using a boosted cascade of simple features. CVPR 2001.",
            "https://doi.org/10.1109/CVPR.2001.990517",
        ),
    ),
    Milestone(
        2005,
        "HOG 特征",
        "方向梯度直方图 + 线性 SVM 检测行人",
        "statistical",
        Source(
            "N. Dalal, B. Triggs. Histograms of oriented gradients for human detection. CVPR 2005.",
            "https://doi.org/10.1109/CVPR.2005.177",
        ),
    ),
    Milestone(
        2008,
        "可变形部件模型 DPM",
        "把物体看成“根 + 可以移动的部件”，用 HOG 特征和隐变量 SVM 做检测",
        "statistical",
        Source(
            "P. Felzenszwalb, D. McAllester, D. Ramanan. A discriminatively trained, multiscale, deformable part "
            "model. CVPR 2008.",
            "https://doi.org/10.1109/CVPR.2008.4587597",
        ),
    ),
    Milestone(
        2009,
        "ImageNet 数据集",
        "按 WordNet 组织、众包标注的大规模图像库；2010 年起以它为基础举办 ILSVRC",
        "statistical",
        Source(
            "J. Deng, W. Dong, R. Socher, L.-J. Li, K. Li, L. Fei-Fei. ImageNet: A large-scale hierarchical image "
            "database. CVPR 2009.",
            "https://doi.org/10.1109/CVPR.2009.5206848",
        ),
    ),
    # ---- 深度学习 ----
    Milestone(
        2012,
        "AlexNet",
        "8 层卷积网络在 GPU 上训练，ILSVRC 2012 的 top-5 错误率比第二名低约 10 个百分点",
        "deep",
        Source(
            "A. Krizhevsky, I. Sutskever, G. E. Hinton. ImageNet Classification with Deep Convolutional Neural "
            "Networks. NeurIPS（当时名为 NIPS）2012.",
            "https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks",
        ),
    ),
    Milestone(
        2014,
        "R-CNN",
        "先找候选区域，再用卷积网络提特征、分类：R-CNN 系列检测器的第一篇",
        "deep",
        _arxiv(
            "R. Girshick, J. Donahue, T. Darrell, J. Malik. Rich feature hierarchies for accurate object detection "
            "and semantic segmentation. CVPR 2014.",
            "1311.2524",
        ),
        "CVPR 2014；预印本 2013-11",
    ),
    Milestone(
        2014,
        "GAN",
        "生成对抗网络：生成器和判别器互相博弈，学会生成逼真的图像",
        "deep",
        _arxiv("I. Goodfellow et al. Generative Adversarial Nets. NeurIPS（当时名为 NIPS）2014.", "1406.2661"),
    ),
    Milestone(
        2014,
        "VGG",
        "只用 3×3 卷积堆到 16–19 层；ILSVRC 2014 分类第二名、定位第一名",
        "deep",
        _arxiv(
            "K. Simonyan, A. Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015.",
            "1409.1556",
        ),
        "ILSVRC 2014；论文 ICLR 2015",
        dated_by="比赛",
    ),
    Milestone(
        2014,
        "GoogLeNet",
        "22 层的 Inception 网络，ILSVRC 2014 分类冠军",
        "deep",
        _arxiv("C. Szegedy et al. Going Deeper with Convolutions. CVPR 2015.", "1409.4842"),
        "ILSVRC 2014；论文 CVPR 2015",
        dated_by="比赛",
    ),
    Milestone(
        2015,
        "Fast R-CNN",
        "整张图只算一次卷积特征，再按候选框取特征，检测快了许多",
        "deep",
        _arxiv("R. Girshick. Fast R-CNN. ICCV 2015.", "1504.08083"),
    ),
    Milestone(
        2015,
        "Faster R-CNN",
        "用区域建议网络（RPN）代替手工的候选框算法，检测全流程都由网络完成",
        "deep",
        _arxiv(
            "S. Ren, K. He, R. Girshick, J. Sun. Faster R-CNN: Towards Real-Time Object Detection with Region "
            "Proposal Networks. NeurIPS（当时名为 NIPS）2015.",
            "1506.01497",
        ),
    ),
    Milestone(
        2015,
        "FCN",
        "全卷积网络：把分类网络改成逐像素输出，端到端做语义分割",
        "deep",
        _arxiv(
            "J. Long, E. Shelhamer, T. Darrell. Fully Convolutional Networks for Semantic Segmentation. CVPR 2015.",
            "1411.4038",
        ),
    ),
    Milestone(
        2015,
        "U-Net",
        "编码器–解码器加跳跃连接，用于医学图像分割",
        "deep",
        _arxiv(
            "O. Ronneberger, P. Fischer, T. Brox. U-Net: Convolutional Networks for Biomedical Image Segmentation. "
            "MICCAI 2015.",
            "1505.04597",
        ),
    ),
    Milestone(
        2015,
        "ResNet",
        "残差连接让 152 层的网络也能训练，ILSVRC 2015 分类冠军",
        "deep",
        _arxiv(
            "K. He, X. Zhang, S. Ren, J. Sun. Deep Residual Learning for Image Recognition. CVPR 2016.", "1512.03385"
        ),
        "ILSVRC 2015；论文 CVPR 2016",
        dated_by="比赛",
    ),
    Milestone(
        2016,
        "YOLO",
        "把检测当作一次回归，整张图只看一遍，实时检测",
        "deep",
        _arxiv(
            "J. Redmon, S. Divvala, R. Girshick, A. Farhadi. You Only Look Once: Unified, Real-Time Object Detection. "
            "CVPR 2016.",
            "1506.02640",
        ),
    ),
    Milestone(
        2016,
        "SSD",
        "在多个尺度的特征图上直接预测框，单阶段检测",
        "deep",
        _arxiv("W. Liu et al. SSD: Single Shot MultiBox Detector. ECCV 2016.", "1512.02325"),
    ),
    Milestone(
        2017,
        "Mask R-CNN",
        "在 Faster R-CNN 上加一个分支预测掩码，做实例分割",
        "deep",
        _arxiv("K. He, G. Gkioxari, P. Dollár, R. Girshick. Mask R-CNN. ICCV 2017.", "1703.06870"),
    ),
    Milestone(
        2017,
        "Transformer",
        "完全基于注意力机制的序列模型，后来也进入了视觉",
        "deep",
        _arxiv("A. Vaswani et al. Attention Is All You Need. NeurIPS（当时名为 NIPS）2017.", "1706.03762"),
    ),
    Milestone(
        2017,
        "pix2pix",
        "条件 GAN 做图像到图像的翻译，例如航拍图变地图",
        "deep",
        _arxiv(
            "P. Isola, J.-Y. Zhu, T. Zhou, A. A. Efros. Image-to-Image Translation with Conditional Adversarial "
            "Networks. CVPR 2017.",
            "1611.07004",
        ),
    ),
    Milestone(
        2020,
        "DETR",
        "用 Transformer 直接输出一组检测框，不再需要锚框和非极大值抑制",
        "deep",
        _arxiv("N. Carion et al. End-to-End Object Detection with Transformers. ECCV 2020.", "2005.12872"),
    ),
    Milestone(
        2020,
        "ViT",
        "把图像切成 16×16 的小块当作“词”，直接用 Transformer 分类",
        "deep",
        _arxiv(
            "A. Dosovitskiy et al. An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale. "
            "ICLR 2021.",
            "2010.11929",
        ),
        "预印本 2020-10；论文 ICLR 2021",
        dated_by="预印本",
    ),
    Milestone(
        2021,
        "Swin Transformer",
        "分层、移动窗口的视觉 Transformer，可以像卷积网络一样当骨干网络用",
        "deep",
        _arxiv(
            "Z. Liu et al. Swin Transformer: Hierarchical Vision Transformer using Shifted Windows. ICCV 2021.",
            "2103.14030",
        ),
    ),
    Milestone(
        2021,
        "CityNeRF（神经渲染）",
        "神经渲染，不是大模型：为一个城市场景拟合一个神经辐射场（NeRF），从卫星视角到街景都能渲染新视角",
        "deep",
        _arxiv(
            "Y. Xiangli et al. CityNeRF: Building NeRF at City Scale. arXiv 2021（后改名 BungeeNeRF，ECCV 2022）.",
            "2112.05504",
        ),
        "预印本 2021-12；论文 ECCV 2022（BungeeNeRF）",
        dated_by="预印本",
    ),
    # ---- 视觉大模型 ----
    Milestone(
        2021,
        "CLIP",
        "用 4 亿对网上的图文做对比学习，图像和文字进入同一个表示空间，可以零样本分类",
        "foundation",
        _arxiv(
            "A. Radford et al. Learning Transferable Visual Models From Natural Language Supervision. ICML 2021.",
            "2103.00020",
        ),
    ),
    Milestone(
        2021,
        "书生 INTERN",
        "上海人工智能实验室与商汤等提出的通用视觉模型体系，多来源、多阶段学习",
        "foundation",
        _arxiv(
            "J. Shao et al. INTERN: A New Learning Paradigm Towards General Vision. arXiv 2021"
            "（上海人工智能实验室、商汤科技、香港中文大学、上海交通大学）.",
            "2111.08687",
        ),
        "预印本 2021-11-16",
        dated_by="预印本",
    ),
    Milestone(
        2022,
        "Stable Diffusion",
        "在潜空间里做扩散的文生图模型，模型权重公开发布",
        "foundation",
        _arxiv(
            "R. Rombach, A. Blattmann, D. Lorenz, P. Esser, B. Ommer. High-Resolution Image Synthesis with Latent "
            "Diffusion Models. CVPR 2022.",
            "2112.10752",
        ),
        "论文 CVPR 2022；Stable Diffusion 模型于 2022 年 8 月公开",
    ),
    Milestone(
        2023,
        "SAM（课后）",
        "Segment Anything：给一个点或框就能分割出物体的通用分割模型",
        "foundation",
        _arxiv("A. Kirillov et al. Segment Anything. ICCV 2023.", "2304.02643"),
        "2023-04 发布，晚于这次课",
        after_lecture=True,
    ),
)
