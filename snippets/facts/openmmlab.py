"""OpenMMLab 的代码库、首次发布年份、后来的改名，以及 OpenMMLab 2.0 的关键日期和数字。

页面：docs/openmmlab/ecosystem.md；画图：snippets/openmmlab.py；测试：tests/test_openmmlab.py。

名称和任务以各代码库 README 里的一句话介绍为准；首次发布年份取自各库更新日志（changelog）或 README 里最早的版本记录
（MMCV 取 README 引用条目的年份，MMDetection 取 2018 年版 README）、OpenMMLab 2020 年 7 月的发布文章（知乎），
或课程幻灯片上的“发布历程”（截图 201006）；每条用的是哪一种，写在它的 Source 里。
"""

from datetime import date
from typing import NamedTuple

from snippets.facts import Source

# ---- 出处 ----------------------------------------------------------------------------------------
LECTURE_SLIDES = Source(
    "OpenMMLab AI 实战营第一课幻灯片（2023-02-01，张子豪）：“OpenMMLab 开源历程”一页（截图 201006）",
)
ZHIHU_2020 = Source(
    "OpenMMLab：《OpenMMLab 重磅升级—百花齐放春满园》，知乎专栏，2020-07（WAIC 2020 发布，"
    "“从 2018 年年中开始，MMLab 和商汤科技就联合启动了 OpenMMLab 计划”；2020 年 7 月开源六个新代码库）",
    "https://zhuanlan.zhihu.com/p/160966882",
)
MEDIUM_2022 = Source(
    "OpenMMLab: OpenMMLab 2.0: New Architecture, Algorithm, and Ecology, Medium, 2022-09"
    "（WAIC 2022，2022-09-01 由上海人工智能实验室在 OpenXLab 体系中发布）",
    "https://openmmlab.medium.com/openmmlab-2-0-new-architecture-algorithm-and-ecology-cf568fa0fc12",
)
MMDET_2018_README = Source(
    "MMDetection README（2018 年版）：“a part of the open-mmlab project developed by Multimedia Laboratory, CUHK”；"
    "代码来自 COCO 2018 检测赛冠军 MMDet 团队",
    "https://github.com/open-mmlab/mmdetection",
)
MMDET_REPORT = Source(
    "K. Chen et al. MMDetection: Open MMLab Detection Toolbox and Benchmark. arXiv:1906.07155, 2019"
    "（作者来自香港中文大学、商汤研究院及多所大学）",
    "https://arxiv.org/abs/1906.07155",
)
MMCV_README = Source(
    "MMCV README（1.x，2022 年末）：MMEngine 于 2022-09-01 在世界人工智能大会发布；MMCV 2.x 去掉训练相关组件、"
    "新增数据变换模块 mmcv.transforms",
    "https://github.com/open-mmlab/mmcv",
)
MMENGINE_CHANGELOG = Source(
    "MMEngine changelog：v0.1.0 (31/8/2022)",
    "https://github.com/open-mmlab/mmengine/blob/main/docs/en/notes/changelog.md",
)
MMENGINE_README = Source(
    "MMEngine README：“仅使用 80 行代码就可以训练 ImageNet（原始 PyTorch 示例需要 400 行）”",
    "https://github.com/open-mmlab/mmengine",
)
MMPRETRAIN_CHANGELOG = Source(
    "MMPreTrain changelog：v1.0.0rc7 (07/04/2023)，整合 MMSelfSup 的自监督算法",
    "https://github.com/open-mmlab/mmpretrain/blob/main/docs/en/notes/changelog.md",
)
MMAGIC_CHANGELOG = Source(
    "MMagic changelog（docs/en/changelog.md，MMEditing 1.x 的更新日志延续下来）：v1.0.0rc1 (23/9/2022)"
    "“MMEditing 1.0.0rc1 has merged MMGeneration 1.x”；v1.0.0rc5 (04/01/2023)、v1.0.0rc6 (02/03/2023)；"
    "v1.0.0rc7 (07/04/2023) 仍名为 MMEditing；"
    "v1.0.0 (25/04/2023)“the release of MMagic v1.0.0 that inherits from MMEditing and MMGeneration”，"
    "“MMEditing … transforms into … MMagic”",
    "https://github.com/open-mmlab/mmagic/blob/main/docs/en/changelog.md",
)
MMDET3_CHANGELOG = Source(
    "MMDetection 3.x changelog（docs/en/notes/changelog.md）：v3.0.0rc5 (26/12/2022)，v3.0.0rc6 (24/2/2023)，"
    "正式版 v3.0.0 (6/4/2023)",
    "https://github.com/open-mmlab/mmdetection/blob/main/docs/en/notes/changelog.md",
)
MMENGINE_RUNNER_TUTORIAL = Source(
    "MMEngine 文档 Runner 教程（docs/en/tutorials/runner.md）的配置文件示例：model、train_dataloader=dict(dataset=…, "
    "sampler=dict(type='DefaultSampler', shuffle=True), batch_size=…)、train_cfg=dict(by_epoch=True, max_epochs=…)、"
    "optim_wrapper=dict(optimizer=dict(type='Adam', lr=…))",
    "https://github.com/open-mmlab/mmengine/blob/main/docs/en/tutorials/runner.md",
)
MMDET_FASTER_RCNN_CONFIG = Source(
    "MMDetection 3.x configs/_base_/models/faster-rcnn_r50_fpn.py：model = dict(type='FasterRCNN', "
    "data_preprocessor=dict(type='DetDataPreprocessor', …), backbone=dict(type='ResNet', depth=50, …), "
    "neck=dict(type='FPN', in_channels=[256, 512, 1024, 2048], out_channels=256, num_outs=5), rpn_head=…, "
    "roi_head=…, train_cfg=…, test_cfg=…)",
    "https://github.com/open-mmlab/mmdetection/blob/main/configs/_base_/models/faster-rcnn_r50_fpn.py",
)
# 上面这个 model 字典的顶层键，按文件里的顺序
FASTER_RCNN_MODEL_KEYS = (
    "type", "data_preprocessor", "backbone", "neck", "rpn_head", "roi_head", "train_cfg", "test_cfg",
)  # fmt: skip
MMENGINE_BUILD = Source(
    "MMEngine 源代码 mmengine/registry/build_functions.py 的 build_from_cfg：default_args 用 setdefault 合并"
    "（两边都有时以 cfg 为准）；type 可以是字符串或可调用对象（类）；找不到时抛出 KeyError"
    "“{type} is not in the {registry} registry. Please check whether the value of `{type}` is correct or it was "
    "registered as expected. More details can be found at …”；不递归构建参数里的子配置",
    "https://github.com/open-mmlab/mmengine/blob/main/mmengine/registry/build_functions.py",
)


def _readme(repo: str, quote: str, release: str = "") -> Source:
    """某个代码库 README 里的一句话介绍（任务），以及首发版本的出处（有就写上）。"""
    text = f"{repo} README：“{quote}”"
    if release:
        text += f"；{release}"
    return Source(text, f"https://github.com/open-mmlab/{repo.lower()}")


# ---- 代码库 --------------------------------------------------------------------------------------
# 层次（layer）：自下而上，PyTorch 之上是基础库，然后是各方向的算法库，最上面是部署。
FOUNDATION, ALGORITHM, DEPLOYMENT = "基础库", "算法库", "部署"
LAYERS = (FOUNDATION, ALGORITHM, DEPLOYMENT)

# 算法库按任务方向分组（画图时每组一个框）
AREAS = (
    "分类与预训练",
    "检测",
    "分割",
    "三维",
    "姿态与人体",
    "视频",
    "文字（OCR）",
    "编辑与生成",
    "其他",
)


class Codebase(NamedTuple):
    name: str  # 课程时（2023-02-01）的名字
    task_zh: str
    task_en: str  # README 里的英文说法（节选）
    layer: str  # FOUNDATION / ALGORITHM / DEPLOYMENT
    area: str  # 算法库所属的方向（AREAS 之一）；基础库和部署留空
    first_release: int  # 首次公开发布的年份
    renamed_to: str = ""  # 课后改名 / 合并成的新代码库
    renamed_on: date | None = None
    merged_into: str = ""  # 课前已经并入的代码库（课件仍单独列出它）
    merged_on: date | None = None
    source: Source = LECTURE_SLIDES


CODEBASES = (
    # 基础库
    Codebase(
        "MMEngine",
        "训练引擎：执行器、配置、注册器、日志与可视化",
        "foundational library for training deep learning models",
        FOUNDATION,
        "",
        2022,
        source=_readme(
            "MMEngine", "OpenMMLab foundational library for training deep learning models", "v0.1.0 31/8/2022"
        ),
    ),
    Codebase(
        "MMCV",
        "视觉基础库：算子（CPU/CUDA）、数据变换、图像处理",
        "foundational library for computer vision",
        FOUNDATION,
        "",
        2018,
        source=_readme("MMCV", "OpenMMLab foundational library for computer vision", "引用条目 year=2018"),
    ),
    Codebase(
        "MIM",
        "安装工具：用 mim install 统一安装、管理各代码库",
        "MIM installs OpenMMLab packages",
        FOUNDATION,
        "",
        2021,
        source=_readme("MIM", "MIM installs OpenMMLab packages", "首发年份见课程幻灯片"),
    ),
    # 分类与预训练
    Codebase(
        "MMClassification",
        "图像分类",
        "image classification toolbox and benchmark",
        ALGORITHM,
        "分类与预训练",
        2020,
        "MMPreTrain",
        date(2023, 4, 7),
        source=_readme(
            "MMClassification", "OpenMMLab image classification toolbox and benchmark", "2020-07 开源（知乎 2020）"
        ),
    ),
    Codebase(
        "MMSelfSup",
        "自监督学习",
        "self-supervised learning toolbox and benchmark",
        ALGORITHM,
        "分类与预训练",
        2021,
        "MMPreTrain",
        date(2023, 4, 7),
        source=_readme("MMSelfSup", "OpenMMLab self-supervised learning toolbox and benchmark", "首发年份见课程幻灯片"),
    ),
    # 检测
    Codebase(
        "MMDetection",
        "目标检测、实例分割、全景分割",
        "object detection, instance segmentation, panoptic segmentation",
        ALGORITHM,
        "检测",
        2018,
        source=_readme(
            "MMDetection",
            "supports multiple detection tasks such as object detection, instance segmentation, panoptic segmentation",
            "2018 年版 README 已存在",
        ),
    ),
    Codebase(
        "MMYOLO",
        "YOLO 系列目标检测",
        "YOLO series toolbox and benchmark",
        ALGORITHM,
        "检测",
        2022,
        source=_readme("MMYOLO", "OpenMMLab YOLO series toolbox and benchmark", "changelog v0.1.0 21/9/2022"),
    ),
    Codebase(
        "MMRotate",
        "旋转框检测（遥感图像等）",
        "rotated object detection toolbox and benchmark",
        ALGORITHM,
        "检测",
        2022,
        source=_readme(
            "MMRotate", "OpenMMLab rotated object detection toolbox and benchmark", "changelog v0.1.1 14/3/2022"
        ),
    ),
    # 分割
    Codebase(
        "MMSegmentation",
        "语义分割",
        "semantic segmentation toolbox and benchmark",
        ALGORITHM,
        "分割",
        2020,
        source=_readme(
            "MMSegmentation", "OpenMMLab semantic segmentation toolbox and benchmark", "2020-07 开源（知乎 2020）"
        ),
    ),
    # 三维
    Codebase(
        "MMDetection3D",
        "三维目标检测（点云、多模态）",
        "next-generation platform for general 3D object detection",
        ALGORITHM,
        "三维",
        2020,
        source=_readme(
            "MMDetection3D",
            "OpenMMLab's next-generation platform for general 3D object detection",
            "2020-07 开源（知乎 2020）",
        ),
    ),
    # 姿态与人体
    Codebase(
        "MMPose",
        "姿态估计（人体、手、人脸关键点）",
        "pose estimation toolbox and benchmark",
        ALGORITHM,
        "姿态与人体",
        2020,
        source=_readme("MMPose", "OpenMMLab pose estimation toolbox and benchmark", "2020-07 开源（知乎 2020）"),
    ),
    Codebase(
        "MMHuman3D",
        "三维人体参数化模型",
        "3D human parametric model toolbox and benchmark",
        ALGORITHM,
        "姿态与人体",
        2021,
        source=_readme(
            "MMHuman3D", "OpenMMLab 3D human parametric model toolbox and benchmark", "首发年份见课程幻灯片"
        ),
    ),
    # 视频
    Codebase(
        "MMAction2",
        "视频理解（动作识别、时序动作检测等）",
        "next-generation action understanding toolbox and benchmark",
        ALGORITHM,
        "视频",
        2020,
        source=_readme(
            "MMAction2",
            "OpenMMLab's next-generation action understanding toolbox and benchmark",
            "2020-07 开源（知乎 2020）",
        ),
    ),
    Codebase(
        "MMTracking",
        "视频目标感知：目标跟踪、视频目标检测",
        "video perception toolbox and benchmark",
        ALGORITHM,
        "视频",
        2021,
        source=_readme("MMTracking", "OpenMMLab video perception toolbox and benchmark", "changelog v0.5.0 04/01/2021"),
    ),
    Codebase(
        "MMFlow",
        "光流估计",
        "optical flow toolbox and benchmark",
        ALGORITHM,
        "视频",
        2021,
        source=_readme("MMFlow", "OpenMMLab optical flow toolbox and benchmark", "首发年份见课程幻灯片"),
    ),
    # 文字
    Codebase(
        "MMOCR",
        "文字检测、识别与关键信息提取",
        "text detection, recognition, and understanding toolbox",
        ALGORITHM,
        "文字（OCR）",
        2021,
        source=_readme(
            "MMOCR", "OpenMMLab text detection, recognition, and understanding toolbox", "changelog v0.1.0 7/4/2021"
        ),
    ),
    # 编辑与生成
    Codebase(
        "MMEditing",
        "图像视频编辑：修复、抠图、超分辨率等",
        "image and video editing toolbox",
        ALGORITHM,
        "编辑与生成",
        2020,
        "MMagic",
        date(2023, 4, 25),  # 改名：MMEditing 1.0.0rc7 之后的正式版叫 MMagic v1.0.0（MMAGIC_CHANGELOG）
        source=_readme("MMEditing", "OpenMMLab image and video editing toolbox", "2020-07 开源（知乎 2020）"),
    ),
    Codebase(
        "MMGeneration",
        "生成模型（GAN 等）",
        "image and video generative models toolbox",
        ALGORITHM,
        "编辑与生成",
        2021,
        merged_into="MMEditing",
        merged_on=date(2022, 9, 23),  # MMEditing 1.0.0rc1 合并了 MMGeneration 1.x（MMAGIC_CHANGELOG）
        source=_readme(
            "MMGeneration", "OpenMMLab image and video generative models toolbox", "changelog v0.1.0 20/04/2021"
        ),
    ),
    # 其他
    Codebase(
        "MMFewShot",
        "少样本学习",
        "fewshot learning toolbox and benchmark",
        ALGORITHM,
        "其他",
        2021,
        source=_readme(
            "MMFewShot", "OpenMMLab fewshot learning toolbox and benchmark", "README：v0.1.0 was released in 24/11/2021"
        ),
    ),
    Codebase(
        "MMRazor",
        "模型压缩：剪枝、知识蒸馏、网络结构搜索",
        "model compression toolbox and benchmark",
        ALGORITHM,
        "其他",
        2021,
        source=_readme(
            "MMRazor", "OpenMMLab model compression toolbox and benchmark", "README：v0.1.0 was released in 12/23/2021"
        ),
    ),
    # 部署
    Codebase(
        "MMDeploy",
        "模型部署：转换成 ONNX 等格式，在多种推理引擎和硬件上运行",
        "model deployment framework",
        DEPLOYMENT,
        "",
        2021,
        source=_readme("MMDeploy", "OpenMMLab model deployment framework", "首发年份见课程幻灯片"),
    ),
)


class EarlyCodebase(NamedTuple):
    """2019 年发布、后来不在课件代码库列表里的早期代码库（各自 README 的更新记录）。"""

    name: str
    task_zh: str
    released: date  # README 里最早的一条版本记录
    version: str
    source: Source


EARLY_CODEBASES = (
    EarlyCodebase(
        "MMAction", "视频动作理解", date(2019, 6, 19), "v0.1.0",
        _readme("MMAction", "an open source toolbox for action understanding based on PyTorch", "v0.1.0 (19/06/2019)"),
    ),
    EarlyCodebase(
        "MMSR", "图像和视频超分辨率", date(2019, 7, 25), "v0.1",
        _readme(
            "MMSR", "an open source image and video super-resolution toolbox", "[2019-07-25] MMSR v0.1 is released"
        ),
    ),
    EarlyCodebase(
        "MMSkeleton", "基于骨架的人体理解（姿态估计、动作识别）", date(2019, 8, 29), "v0.5",
        _readme(
            "MMSkeleton", "an open source toolbox for skeleton-based human understanding",
            "[2019-08-29] MMSkeleton v0.5 is released",
        ),
    ),
    EarlyCodebase(
        "MMFashion", "服饰分析", date(2019, 11, 1), "v0.1",
        _readme(
            "MMFashion", "an open source visual fashion analysis toolbox based on PyTorch",
            "[2019-11-01] MMFashion v0.1 is released",
        ),
    ),
)  # fmt: skip

# ---- 日期和数字 ----------------------------------------------------------------------------------
LECTURE_DATE = date(2023, 2, 1)
FOUNDED_YEAR = 2018  # 2018 年年中，香港中文大学多媒体实验室（MMLab）与商汤科技联合启动（ZHIHU_2020）
OPENMMLAB_2_RELEASED = date(2022, 9, 1)  # WAIC 2022（MEDIUM_2022、MMCV_README）
MMENGINE_V010 = date(2022, 8, 31)  # MMENGINE_CHANGELOG
# 课程时 2.0 系列的算法库还是候选版（release candidate）：MMDetection 最新的是 3.0.0rc5，正式版 3.0.0 在课后发布
MMDET_RC_AT_LECTURE = ("3.0.0rc5", date(2022, 12, 26))  # MMDET3_CHANGELOG
MMDET_300 = date(2023, 4, 6)  # MMDET3_CHANGELOG
# MMEditing 1.x 课程时最新的候选版，和课后的下一个候选版（MMAGIC_CHANGELOG）
MMEDITING_RC_AT_LECTURE = ("1.0.0rc5", date(2023, 1, 4))
MMEDITING_NEXT_RC = ("1.0.0rc6", date(2023, 3, 2))

# 课程幻灯片（截图 200956）上 OpenMMLab 对自己的概括：这是 OpenMMLab 自己的说法，本站没有逐一清点
LECTURE_OVERVIEW = {"架构": 1, "研究方向": 20, "算法": 300, "预训练模型": 2000}
LECTURE_OVERVIEW_SOURCE = Source(
    "课程幻灯片（截图 200956）：1 个架构、20+ 研究方向、300+ 算法、2000+ 预训练模型（OpenMMLab 的自述）"
)
# 2020 年 WAIC 时 OpenMMLab 的自述，用来对比增长（ZHIHU_2020）
WAIC_2020_OVERVIEW = {"架构": 1, "研究方向": 10, "算法": 100, "预训练模型": 600}

# MMEngine README 的说法（MMENGINE_README）：训练 ImageNet 需要的代码行数
CLAIMED_LINES = {"MMEngine": 80, "原始 PyTorch 示例": 400}


def by_name(name: str) -> Codebase:
    """按（课程时的）名字查一个代码库。"""
    for codebase in CODEBASES:
        if codebase.name == name:
            return codebase
    raise KeyError(name)
