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


# ---- OpenMMLab 2.0 的版本搭配 ----------------------------------------------------------------------
# 课上讲的 2.0 代码库在上课时（2023-02-01）多是候选版（release candidate，版本号带 rc）。下面记下几个库在课前课后的
# 版本、发布日期和它们要求的 MMEngine / MMCV 版本范围，页面上的版本表由这些数据生成（snippets/openmmlab.py）。
#
# 日期以各库的更新日志为准；MMCV 的仓库里没有更新日志文件，它的候选版日期取 PyPI 上源码包的上传时间。
# 每个版本同时记下 PyPI 的上传日期（pypi.org 简单索引 JSON 里的 upload-time，2025 年查询），用来核对：
# 多数与更新日志同一天，MMDetection 3.0.0rc5 / 3.0.0rc6、MMEngine 0.8.0、MMPreTrain 1.0.0 晚 1～3 天，本站取更新日志。
# 更新日志里的日期写法不统一：MMDetection、MMPreTrain 写“日/月/年”，MMEngine 0.2.0～0.8.2 写“月/日/年”
# （例如 v0.7.1 (04/03/2023) 是 4 月 3 日：它在 v0.7.0 (03/16/2023) 之后，PyPI 上传于 2023-04-03），
# 0.1.0 和 0.8.3 以后又写“日/月/年”。
# 版本范围照各库自己的写法（">=2.0.0rc1,<2.1.0"），含义与各库导入时的检查相同：逐条按版本号大小比较（见 satisfies）。
# 这与 pip 的规则（PEP 440）有一处不同：PEP 440 里 "<2.0.0" 不包括 2.0.0 的候选版，而 OpenMMLab 的检查包括。

MMDET3_CHANGELOG_RELEASES = Source(
    "MMDetection 3.x changelog（docs/en/notes/changelog.md，核对的是提交 1145c77 的版本）："
    "v3.0.0rc4 (23/11/2022)、v3.0.0rc5 (26/12/2022)、v3.0.0rc6 (24/2/2023)、v3.0.0 (6/4/2023)；"
    "rc6 里一条改动是“Change MMCV minimum version to `2.0.0rc4` for `dev-3.x` (#9695)”",
    "https://github.com/open-mmlab/mmdetection/blob/main/docs/en/notes/changelog.md",
)
MMDET_FAQ = Source(
    "MMDetection FAQ（docs/en/notes/faq.md，提交 8822264 的版本）的兼容表 “Compatible MMDetection, MMEngine, and MMCV "
    "versions”：3.0.0 | mmcv>=2.0.0, <2.1.0 | mmengine>=0.7.1, <1.0.0；3.0.0rc6 | mmcv>=2.0.0rc4, <2.1.0 | "
    "mmengine>=0.6.0, <1.0.0；3.0.0rc5 | mmcv>=2.0.0rc1, <2.1.0 | mmengine>=0.3.0, <1.0.0；"
    "注释：“In MMCV-v2.x, `mmcv-full` is rename to `mmcv`”",
    "https://github.com/open-mmlab/mmdetection/blob/main/docs/en/notes/faq.md",
)
MMDET_GET_STARTED = Source(
    "MMDetection 安装文档（docs/en/get_started.md，提交 394f758 的版本）Best Practices 第 0 步："
    'pip install -U openmim；mim install mmengine；mim install "mmcv>=2.0.0"',
    "https://github.com/open-mmlab/mmdetection/blob/main/docs/en/get_started.md",
)
MMDET_RC5_PACKAGE = Source(
    "PyPI 上的 mmdet-3.0.0rc5-py3-none-any.whl：mmdet/__init__.py 在导入时检查 "
    "mmcv_minimum_version = '2.0.0rc0'、mmcv_maximum_version = '2.1.0'、mmengine_minimum_version = '0.3.0'、"
    "mmengine_maximum_version = '1.0.0'，不满足就 AssertionError“MMCV==… is used but incompatible. "
    "Please install mmcv>=…, <….”；METADATA 的 mim 依赖是 mmcv (<2.1.0,>=2.0.0rc1)、mmengine (<1.0.0,>=0.1.0)",
    "https://pypi.org/project/mmdet/3.0.0rc5/",
)
MMENGINE_CHANGELOG_RELEASES = Source(
    "MMEngine changelog（docs/en/notes/changelog.md，提交 be8d732 的版本）：v0.1.0 (31/8/2022)、v0.2.0 (10/11/2022)、"
    "v0.3.0 (11/02/2022)、v0.4.0 (12/28/2022)、"
    "v0.5.0 (01/20/2023)、v0.6.0 (02/24/2023)、v0.7.0 (03/16/2023)、v0.7.1 (04/03/2023)、v0.8.0 (06/30/2023)",
    "https://github.com/open-mmlab/mmengine/blob/main/docs/en/notes/changelog.md",
)
MMENGINE_RUNTIME = Source(
    "MMEngine requirements/runtime.txt：addict、numpy、pyyaml、regex（Windows）、yapf、termcolor，不依赖 MMCV",
    "https://github.com/open-mmlab/mmengine/blob/main/requirements/runtime.txt",
)
MMCV_PYPI = Source(
    "PyPI 上 mmcv 各版本源码包的上传时间：2.0.0rc1 2022-08-31、2.0.0rc2 2022-10-26、2.0.0rc3 2022-11-25、"
    "2.0.0rc4 2023-01-29、2.0.0 2023-04-06；1.x 仍在并行发布（1.7.1 上传于 2023-01-03）。"
    "两个源码包（2.0.0rc4、2.0.0）的 requirements/runtime.txt 都写着 mmengine>=0.2.0",
    "https://pypi.org/project/mmcv/#history",
)
MMCV_VERSIONS_JSON = Source(
    "MMCV 文档的预编译包版本表（docs/en/_static/version.json，提交 05e84ad 的版本）："
    "2.x 的候选版是 2.0.0rc1～2.0.0rc4，之后是 2.0.0",
    "https://github.com/open-mmlab/mmcv/blob/main/docs/en/_static/version.json",
)
MMCV_COMPATIBILITY = Source(
    "MMCV 兼容性说明（docs/en/compatibility.md）：2.0.0rc1 时写“MMCV released 2.x release candidate version and will "
    "release 2.x official version on January 1, 2023”（提交 cb4a484 的版本）；后来改为“The OpenMMLab team released "
    "MMCV v2.0.0 on April 6, 2023”（提交 048499c 的版本）",
    "https://github.com/open-mmlab/mmcv/blob/main/docs/en/compatibility.md",
)
MMPRETRAIN_CHANGELOG_RELEASES = Source(
    "MMPreTrain changelog（docs/en/notes/changelog.md，提交 a4c219e 的版本）：MMClassification v1.0.0rc4 (06/12/2022)、"
    "v1.0.0rc5 (30/12/2022)；MMPreTrain v1.0.0rc7 (07/04/2023)、v1.0.0rc8 (22/05/2023)、v1.0.0 (04/07/2023)",
    "https://github.com/open-mmlab/mmpretrain/blob/main/docs/en/notes/changelog.md",
)
MMPRETRAIN_FAQ = Source(
    "MMPreTrain FAQ（docs/en/notes/faq.md，提交 9ac4b31 的版本）的兼容表：1.0.0 | mmengine >= 0.8.0 | mmcv >= 2.0.0；"
    "1.0.0rc8 | mmengine >= 0.7.1 | mmcv >= 2.0.0rc4；1.0.0rc7 | mmengine >= 0.5.0 | mmcv >= 2.0.0rc4",
    "https://github.com/open-mmlab/mmpretrain/blob/main/docs/en/notes/faq.md",
)
MMCLS_RC5_PACKAGE = Source(
    "PyPI 上的 mmcls-1.0.0rc5-py2.py3-none-any.whl（上传于 2022-12-30）：mmcls/__init__.py 在导入时检查 "
    "mmcv_minimum_version = '2.0.0rc1'、mmcv_maximum_version = '2.0.0'、mmengine_minimum_version = '0.4.0'、"
    "mmengine_maximum_version = '1.0.0'（open-mmlab/mmpretrain 提交 142b0dc 的 mmcls/__init__.py 相同）；"
    "METADATA 的 mim 依赖是 mmcv (<=2.0.0,>=2.0.0rc1)、mmengine (<1.0.0,>=0.4.0)",
    "https://pypi.org/project/mmcls/1.0.0rc5/",
)
MMCLS_RC6 = Source(
    "MMClassification 1.0.0rc6：PyPI 上传于 2023-04-06（更新日志里没有这一版）；"
    "open-mmlab/mmpretrain PR #1456（2023-04-06）“Bump version to v1.0.0rc6 to fix mmcv requirements.”",
    "https://github.com/open-mmlab/mmpretrain/pull/1456",
)
PIP_PRERELEASES = Source(
    "pip install 文档：“--pre  Include pre-release and development versions. "
    "By default, pip only finds stable versions.”；PEP 440 “Handling of pre-releases”："
    "候选版默认不参与版本选择，除非版本要求里明确写了候选版，或者只有候选版满足要求",
    "https://pip.pypa.io/en/stable/cli/pip_install/",
)
MMDET_PYPI = Source(
    "PyPI 上 mmdet 的上传时间：2.x 系列的正式版 2.28.0 上传于 2023-01-28，2.28.1 上传于 2023-02-01（课程当天）；"
    "3.0.0rc5 上传于 2022-12-27，3.0.0rc6 上传于 2023-02-27，3.0.0 上传于 2023-04-06",
    "https://pypi.org/project/mmdet/#history",
)


class Release(NamedTuple):
    """一次发布：版本号、发布日期、出处里的写法（原样，用来核对），以及 PyPI 上的上传日期。"""

    version: str
    released: date
    written: str  # 出处里这个日期的原样写法，例如 "26/12/2022"；出处就是 PyPI 时写 ISO 日期
    uploaded: date  # PyPI 上传日期（核对用）
    source: Source


class Requires(NamedTuple):
    """某个版本要求的 MMEngine、MMCV 版本范围（">=0.3.0,<1.0.0" 这样的写法，按 satisfies 理解；"" 表示不依赖）。"""

    version: str
    mmengine: str
    mmcv: str
    source: Source


class VersionLine(NamedTuple):
    """一个代码库的 OpenMMLab 2.0 系列：课前课后的几次发布（按时间排列）和它们的依赖要求。"""

    codebase: str
    series: str  # 2.0 系列的版本号，例如 "3.x"
    releases: tuple[Release, ...]
    requires: tuple[Requires, ...]
    final: str  # 2.0 系列第一个正式版的版本号；没有（改了名）就留空
    footnote: str  # 页面上对应的脚注（发布日期的出处；版本范围的出处在表下的说明里）
    final_note: str = ""  # 没有 final 时，表里“正式版”一栏写什么


def _d(text: str) -> date:
    return date.fromisoformat(text)


VERSION_LINES = (
    VersionLine(
        "MMEngine", "0.x",
        (
            Release("0.1.0", _d("2022-08-31"), "31/8/2022", _d("2022-09-01"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.2.0", _d("2022-10-11"), "10/11/2022", _d("2022-10-11"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.3.0", _d("2022-11-02"), "11/02/2022", _d("2022-11-02"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.4.0", _d("2022-12-28"), "12/28/2022", _d("2022-12-28"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.5.0", _d("2023-01-20"), "01/20/2023", _d("2023-01-20"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.6.0", _d("2023-02-24"), "02/24/2023", _d("2023-02-24"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.7.0", _d("2023-03-16"), "03/16/2023", _d("2023-03-16"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.7.1", _d("2023-04-03"), "04/03/2023", _d("2023-04-03"), MMENGINE_CHANGELOG_RELEASES),
            Release("0.8.0", _d("2023-06-30"), "06/30/2023", _d("2023-07-03"), MMENGINE_CHANGELOG_RELEASES),
        ),
        (Requires("0.5.0", "", "", MMENGINE_RUNTIME),),
        "",
        "mmengine-changelog",
        "0.x 都是正式版",  # 版本号里都没有 rc，没有“候选版之后的正式版”
    ),
    VersionLine(
        "MMCV", "2.x",
        (
            Release("2.0.0rc1", _d("2022-08-31"), "2022-08-31", _d("2022-08-31"), MMCV_PYPI),
            Release("2.0.0rc2", _d("2022-10-26"), "2022-10-26", _d("2022-10-26"), MMCV_PYPI),
            Release("2.0.0rc3", _d("2022-11-25"), "2022-11-25", _d("2022-11-25"), MMCV_PYPI),
            Release("2.0.0rc4", _d("2023-01-29"), "2023-01-29", _d("2023-01-29"), MMCV_PYPI),
            Release("2.0.0", _d("2023-04-06"), "April 6, 2023", _d("2023-04-06"), MMCV_COMPATIBILITY),
        ),
        (
            Requires("2.0.0rc4", ">=0.2.0", "", MMCV_PYPI),
            Requires("2.0.0", ">=0.2.0", "", MMCV_PYPI),
        ),
        "2.0.0",
        "mmcv-pypi",
    ),
    VersionLine(
        "MMDetection", "3.x",
        (
            Release("3.0.0rc4", _d("2022-11-23"), "23/11/2022", _d("2022-11-25"), MMDET3_CHANGELOG_RELEASES),
            Release("3.0.0rc5", _d("2022-12-26"), "26/12/2022", _d("2022-12-27"), MMDET3_CHANGELOG_RELEASES),
            Release("3.0.0rc6", _d("2023-02-24"), "24/2/2023", _d("2023-02-27"), MMDET3_CHANGELOG_RELEASES),
            Release("3.0.0", _d("2023-04-06"), "6/4/2023", _d("2023-04-06"), MMDET3_CHANGELOG_RELEASES),
        ),
        (
            Requires("3.0.0rc5", ">=0.3.0,<1.0.0", ">=2.0.0rc1,<2.1.0", MMDET_FAQ),
            Requires("3.0.0rc6", ">=0.6.0,<1.0.0", ">=2.0.0rc4,<2.1.0", MMDET_FAQ),
            Requires("3.0.0", ">=0.7.1,<1.0.0", ">=2.0.0,<2.1.0", MMDET_FAQ),
        ),
        "3.0.0",
        "mmdet3-changelog",
    ),
    VersionLine(
        "MMClassification", "1.x",
        (
            Release("1.0.0rc4", _d("2022-12-06"), "06/12/2022", _d("2022-12-06"), MMPRETRAIN_CHANGELOG_RELEASES),
            Release("1.0.0rc5", _d("2022-12-30"), "30/12/2022", _d("2022-12-30"), MMPRETRAIN_CHANGELOG_RELEASES),
            Release("1.0.0rc6", _d("2023-04-06"), "2023-04-06", _d("2023-04-06"), MMCLS_RC6),
        ),
        (Requires("1.0.0rc5", ">=0.4.0,<1.0.0", ">=2.0.0rc1,<2.0.0", MMCLS_RC5_PACKAGE),),
        "",
        "mmpretrain",
        "没有，改名为 MMPreTrain",  # 1.0.0rc7 起改名
    ),
    VersionLine(
        "MMPreTrain", "1.x",
        (
            Release("1.0.0rc7", _d("2023-04-07"), "07/04/2023", _d("2023-04-07"), MMPRETRAIN_CHANGELOG_RELEASES),
            Release("1.0.0rc8", _d("2023-05-22"), "22/05/2023", _d("2023-05-23"), MMPRETRAIN_CHANGELOG_RELEASES),
            Release("1.0.0", _d("2023-07-04"), "04/07/2023", _d("2023-07-05"), MMPRETRAIN_CHANGELOG_RELEASES),
        ),
        (
            Requires("1.0.0rc7", ">=0.5.0", ">=2.0.0rc4", MMPRETRAIN_FAQ),
            Requires("1.0.0", ">=0.8.0", ">=2.0.0", MMPRETRAIN_FAQ),
        ),
        "1.0.0",
        "mmpretrain",
    ),
)  # fmt: skip

# 兼容表的原文（各库 FAQ），用来核对上面 Requires 的写法：版本 → (MMCV 一栏, MMEngine 一栏)
MMDET_FAQ_ROWS = {
    "3.0.0": ("mmcv>=2.0.0, <2.1.0", "mmengine>=0.7.1, <1.0.0"),
    "3.0.0rc6": ("mmcv>=2.0.0rc4, <2.1.0", "mmengine>=0.6.0, <1.0.0"),
    "3.0.0rc5": ("mmcv>=2.0.0rc1, <2.1.0", "mmengine>=0.3.0, <1.0.0"),
}
MMPRETRAIN_FAQ_ROWS = {
    "1.0.0": ("mmcv >= 2.0.0", "mmengine >= 0.8.0"),
    "1.0.0rc7": ("mmcv >= 2.0.0rc4", "mmengine >= 0.5.0"),
}
# 安装包里的两处要求（MMDET_RC5_PACKAGE、MMCLS_RC5_PACKAGE）：导入时的检查 [最低, 最高)，和 METADATA 里 mim 的依赖。
# 真正能用的范围是两者的交集。
PACKAGE_CHECKS = {
    ("MMDetection", "3.0.0rc5"): {
        "import": {"mmcv": ("2.0.0rc0", "2.1.0"), "mmengine": ("0.3.0", "1.0.0")},
        "mim": {"mmcv": "<2.1.0,>=2.0.0rc1", "mmengine": "<1.0.0,>=0.1.0"},
    },
    ("MMClassification", "1.0.0rc5"): {
        "import": {"mmcv": ("2.0.0rc1", "2.0.0"), "mmengine": ("0.4.0", "1.0.0")},
        "mim": {"mmcv": "<=2.0.0,>=2.0.0rc1", "mmengine": "<1.0.0,>=0.4.0"},
    },
}
MMCV_PLANNED_FINAL = date(2023, 1, 1)  # MMCV_COMPATIBILITY（2.0.0rc1 时的计划）
MMCV_1X_LATEST = "1.7.1"  # 上课时 MMCV 1.x 的最新版（MMCV_PYPI；那时带算子的包叫 mmcv-full）
MMDET_2X_BEFORE_LECTURE = ("2.28.0", date(2023, 1, 28))  # 课前最后一个 MMDetection 2.x 正式版（MMDET_PYPI）


def version_line(codebase: str) -> VersionLine:
    for line in VERSION_LINES:
        if line.codebase == codebase:
            return line
    raise KeyError(codebase)


def latest_on(line: VersionLine, day: date) -> Release | None:
    """某一天（含当天）为止最新的一次发布；那时还没有发布过就返回 None。"""
    earlier = [r for r in line.releases if r.released <= day]
    return max(earlier, key=lambda r: r.released) if earlier else None


def release(line: VersionLine, version: str) -> Release:
    return next(r for r in line.releases if r.version == version)


def satisfies(version: str, spec: str) -> bool:
    """version 是否在 spec（">=2.0.0rc1,<2.1.0" 这样用逗号隔开的几条）之内，逐条按版本号大小比较，
    和 OpenMMLab 各库导入时的检查（digit_version(mmcv.__version__) >= 最低版本 且 < 最高版本）一样。
    与 pip（PEP 440）不同的一处：这里 "<2.0.0" 包括 2.0.0 的候选版（2.0.0rc4 < 2.0.0）。"""
    import operator
    import re

    from packaging.version import Version

    ops = {">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt}
    for clause in filter(None, spec.replace(" ", "").split(",")):
        op, bound = re.fullmatch(r"(>=|<=|==|>|<)(.+)", clause).groups()
        if not ops[op](Version(version), Version(bound)):
            return False
    return True
