"""视觉任务常用的三个数据集：ImageNet、PASCAL VOC、COCO（类别数、图片数、标注了哪些任务）。

页面：docs/cv/tasks.md（PASCAL VOC 的历史另见 docs/cv/history.md）；
测试：tests/test_cv_tasks.py、tests/test_history.py。
每个数字都附出处；同一数据集有多个版本时，写明是哪个版本（年份、划分）。
"""

from typing import NamedTuple

from snippets.facts import Source

IJCV_ILSVRC = Source(
    "O. Russakovsky, J. Deng, et al. ImageNet Large Scale Visual Recognition Challenge. IJCV 115(3):211–252, 2015.",
    "https://arxiv.org/abs/1409.0575",
)
IMAGENET_SITE = Source("ImageNet 官方网站（统计：14,197,122 张图像、21,841 个 synset）", "https://www.image-net.org/")
VOC2012_SITE = Source(
    "The PASCAL Visual Object Classes Challenge 2012 (VOC2012) 官方页面与 development kit",
    "http://host.robots.ox.ac.uk/pascal/VOC/voc2012/",
)
VOC_IJCV = Source(
    "M. Everingham, L. Van Gool, C. K. I. Williams, J. Winn, A. Zisserman. "
    "The PASCAL Visual Object Classes (VOC) Challenge. IJCV 88(2):303–338, 2010.",
    "https://doi.org/10.1007/s11263-009-0275-4",
)
VOC_HISTORY = Source(
    "The PASCAL Visual Object Classes Homepage（2005–2012 年各届挑战赛的页面）与 History and Background of the VOC "
    "Challenge（每年的类别数、图片数与新增内容）",
    "http://host.robots.ox.ac.uk/pascal/VOC/history.html",
)
COCO_PAPER = Source(
    "T.-Y. Lin, M. Maire, S. Belongie, et al. Microsoft COCO: Common Objects in Context. ECCV 2014.",
    "https://arxiv.org/abs/1405.0312",
)
COCO_SITE = Source(
    "COCO 官方网站：数据集说明、下载页与评测说明（detection / keypoints eval）", "https://cocodataset.org/"
)


class Dataset(NamedTuple):
    """一个数据集（或它的一个常用版本）的基本数字。"""

    name: str
    version: str  # 页面上引用的是哪个版本 / 划分
    num_classes: int  # 标注的目标类别数（不含背景）
    images: str  # 图片数量，连同划分一起写，避免"总数"含义不清
    tasks: tuple[str, ...]  # 这个版本标注了哪些任务（中文）
    source: Source


DATASETS = [
    Dataset(
        name="ImageNet",
        version="ILSVRC 2012–2017 分类与定位（常称 ImageNet-1k）",
        num_classes=1000,
        images="训练 1,281,167 张，验证 50,000 张，测试 100,000 张",
        tasks=("图像分类", "单目标定位"),
        source=IJCV_ILSVRC,
    ),
    Dataset(
        name="PASCAL VOC",
        version="VOC2012（trainval）",
        num_classes=20,
        images="11,530 张，含 27,450 个带框的物体；其中 2,913 张（train 1,464 + val 1,449）有像素级分割标注",
        tasks=("图像分类", "目标检测", "语义分割", "实例（物体）分割", "动作分类", "人体部件布局"),
        source=VOC2012_SITE,
    ),
    Dataset(
        name="COCO",
        version="COCO 2017（检测、分割、关键点标注）",
        num_classes=80,
        images="训练 118,287 张，验证 5,000 张，测试约 41,000 张（不公开标注）",
        tasks=("目标检测", "实例分割", "人体关键点检测", "全景分割", "图像描述"),
        source=COCO_SITE,
    ),
]

# 其他在页面上引用的数字
IMAGENET_FULL_IMAGES = 14_197_122  # ImageNet 全库的图片数（21,841 个 synset）
IMAGENET_FULL_SYNSETS = 21_841
IMAGENET_FULL_SOURCE = IMAGENET_SITE

# Lin et al. 2014 摘要："photos of 91 objects types ... a total of 2.5 million labeled instances in 328k images"
COCO_PAPER_CATEGORIES = 91
COCO_PAPER_IMAGES = 328_000  # 摘要写作 328k
COCO_PAPER_INSTANCES = 2_500_000  # 摘要写作 2.5 million
COCO_PAPER_SOURCE = COCO_PAPER
COCO_KEYPOINTS_PER_PERSON = 17  # COCO 人体关键点：鼻、双眼、双耳、双肩、双肘、双腕、双髋、双膝、双踝
COCO_KEYPOINTS_SOURCE = COCO_SITE

VOC_SEGMENTATION_CLASSES = 21  # 20 个物体类别 + 背景（语义分割时每个像素从这 21 类中选一个）
VOC_SOURCE = VOC2012_SITE

# PASCAL VOC 挑战赛的历史（VOC_HISTORY；Everingham 等 IJCV 2010 摘要：“Organised annually from 2005 to present”）。
# 每年一届，2005–2012；类别数 2005 年 4 个（自行车、汽车、摩托车、人），2006 年 10 个，
# 2007 年增加到 20 个，此后固定不变（“This year established the 20 classes, and these have been fixed since then”）。
VOC_YEARS = (2005, 2012)
VOC_CLASSES_BY_YEAR = {2005: 4, 2006: 10} | {year: 20 for year in range(2007, 2013)}
VOC_YEARS_SOURCE = VOC_HISTORY
# VOC2012 分类/检测的训练验证集：“The train/val data has 11,530 images containing 27,450 ROI annotated objects
# and 6,929 segmentations”（VOC 官网与 VOC2012 页面）。上面 DATASETS 里 VOC2012 那一条写的就是这两个数。
VOC2012_TRAINVAL_IMAGES = 11_530
VOC2012_TRAINVAL_OBJECTS = 27_450
