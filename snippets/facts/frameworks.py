"""深度学习框架的时间线，以及 MMDeploy 1.x 的“设备 × 推理后端”支持表。

页面：docs/openmmlab/frameworks.md；测试：tests/test_frameworks.py。
年份一律取“首次公开发布（开源）”的那一年，note 里写明具体日期或说明；每条都附出处。
"""

from datetime import date
from typing import NamedTuple

from snippets.facts import Source

# ---------------------------------------------------------------- 出处
THEANO = Source(
    "Theano Development Team. Theano: A Python framework for fast computation of mathematical expressions. "
    "arXiv:1605.02688, 2016（蒙特利尔大学 MILA）；Wikipedia 条目：initial release 2007，"
    "1.0.0 于 2017-11-15 发布后停止主要开发",
    "https://arxiv.org/abs/1605.02688",
)
CAFFE = Source(
    "Y. Jia, E. Shelhamer, et al. Caffe: Convolutional Architecture for Fast Feature Embedding. ACM MM 2014"
    "（由 Berkeley Vision and Learning Center 维护；2013 年 12 月公开发布）",
    "https://arxiv.org/abs/1408.5093",
)
TENSORFLOW = Source(
    "M. Abadi et al. TensorFlow: Large-Scale Machine Learning on Heterogeneous Systems（白皮书，2015）；"
    "Google 于 2015-11-09 以 Apache 2.0 许可开源",
    "https://www.tensorflow.org/about/bib",
)
MXNET = Source(
    "T. Chen, M. Li, Y. Li, et al. MXNet: A Flexible and Efficient Machine Learning Library for Heterogeneous "
    "Distributed Systems. arXiv:1512.01274, 2015（DMLC）；2017 年 1 月进入 Apache 孵化器",
    "https://arxiv.org/abs/1512.01274",
)
CNTK = Source(
    "Microsoft Computational Network Toolkit：2015 年 4 月先在 CodePlex 向学术界提供，"
    "2016 年 1 月移到 GitHub 并以开源许可发布（PC Perspective 报道）",
    "https://www.pcper.com/news/General-Tech/Microsoft-Lets-Anyone-Git-Their-Deep-Learning-Open-Source-CNTK",
)
PADDLE = Source(
    "Black Duck Open Hub 对 PaddlePaddle 团队的访谈：“Before we open sourced the project in September 2016 …”",
    "http://blog.blackducksoftware.com/paddlepaddle-dives-evolution-of-deep-learning",
)
PYTORCH_YEAR = Source(
    "The PyTorch Team. PyTorch, a year in....（2018-01-19）：“Today marks 1 year since PyTorch was released publicly”；"
    "2016 年的早期 README（alpha-2，2016-09-01，提交 34b6738）写着 “this is an invite-only closed alpha, and please "
    "don't distribute code further”（https://github.com/pytorch/pytorch/blob/34b673844fdfcbea0bc29a644c67246fe356e7ca/README.md）",
    "https://pytorch.org/blog/a-year-in/",
)
CAFFE2 = Source(
    "Caffe2 博客 2018-05-02：Caffe2 “publicly open-sourced over a year ago”（2017 年 4 月）；"
    "Y. Jia 在 caffe2/caffe2#2439（2018-03-27）宣布把 Caffe2 代码并入 PyTorch 仓库",
    "https://caffe2.ai/blog/2018/05/02/Caffe2_PyTorch_1_0.html",
)
CAFFE2_MERGE = Source(
    "Y. Jia. [FYI] PyTorch and Caffe2 repos getting closer together. caffe2/caffe2 issue #2439, 2018-03-27"
    "（合并定于 2018-03-30）",
    "https://github.com/facebookarchive/caffe2/issues/2439",
)
MMDET_CHANGELOG = Source(
    "MMDetection 更新日志：v0.5.1 (20/10/2018) 是日志里最早的一条记录；"
    "K. Chen et al. MMDetection: Open MMLab Detection Toolbox and Benchmark. arXiv:1906.07155"
    "（作者来自香港中文大学、商汤等机构）",
    "https://github.com/open-mmlab/mmdetection/blob/main/docs/en/notes/changelog_v2.x.md",
)
MINDSPORE = Source(
    "Huawei. MindSpore: Huawei's All-Scenario AI Computing Framework Now Open Source. CIO.com BrandPost, 2020-04-22"
    "（2020 年 3 月开源）",
    "https://www.cio.com/article/193320/mindspore-huaweis-all-scenario-ai-computing-framework-now-open-source.html",
)
MEGENGINE = Source(
    "旷视于 2020-03-25 线上发布会开源天元（MegEngine），Apache License 2.0，约 35 万行代码",
    "https://github.com/MegEngine/MegEngine",
)
JITTOR = Source(
    "S.-M. Hu, D. Liang, G.-Y. Yang, G.-W. Yang, W.-Y. Zhou. Jittor: a novel deep learning framework with "
    "meta-operators and unified graph execution. Science China Information Sciences 63(12):222103, 2020"
    "（清华大学，2020 年 3 月开源）",
    "https://doi.org/10.1007/s11432-020-3097-4",
)
ONEFLOW = Source(
    "InfoQ：都 2020 年了，开源 AI 框架 OneFlow 还有机会吗？（2020-08-05；一流科技于 2020-07-31 开源 OneFlow）",
    "https://www.infoq.cn/article/PompTW6zLEXKdKpciFUJ",
)
PYTORCH_FOUNDATION = Source(
    "Linux Foundation 新闻稿：Meta Transitions PyTorch to the Linux Foundation（2022-09-12，成立 PyTorch Foundation）",
    "https://www.linux.com/news/meta-transitions-pytorch-to-the-linux-foundation-further-accelerating-ai-ml-open-source-collaboration/",
)


class Framework(NamedTuple):
    """时间线上的一项：一个框架、一个建立在框架之上的工具箱，或一件大事。"""

    name: str  # 官方拼写
    org: str  # 开发机构（中文简称）
    year: int  # 首次公开发布（开源）的年份
    kind: str  # "framework" 深度学习框架 | "toolbox" 框架之上的工具箱 | "event" 事件
    note: str  # 具体日期或补充说明
    source: Source


FRAMEWORKS = [
    Framework(
        "Theano",
        "蒙特利尔大学 MILA",
        2007,
        "framework",
        "Python 库，先写符号表达式、再编译运行；2017 年停止主要开发",
        THEANO,
    ),
    Framework("Caffe", "UC Berkeley", 2013, "framework", "2013 年 12 月公开发布；C++ 实现，配置文件定义网络", CAFFE),
    Framework("TensorFlow", "Google", 2015, "framework", "2015-11-09 开源；1.x 以静态计算图为主", TENSORFLOW),
    Framework(
        "MXNet", "DMLC，后归 Apache", 2015, "framework", "2015 年 12 月发表论文；2017 年进入 Apache 孵化器", MXNET
    ),
    Framework("CNTK", "微软", 2016, "framework", "2016 年 1 月在 GitHub 开源（2015 年 4 月先对学术界开放）", CNTK),
    Framework("PaddlePaddle 飞桨", "百度", 2016, "framework", "2016 年 9 月开源", PADDLE),
    Framework(
        "PyTorch", "Facebook（Meta）", 2017, "framework", "2017-01-19 公开发布；2016 年只有邀请制内测", PYTORCH_YEAR
    ),
    Framework("Caffe2", "Facebook", 2017, "framework", "2017 年 4 月开源", CAFFE2),
    Framework("Caffe2 并入 PyTorch", "Facebook", 2018, "event", "2018-03-30 两个仓库合并", CAFFE2_MERGE),
    Framework(
        "OpenMMLab",
        "港中文 MMLab、商汤",
        2018,
        "toolbox",
        "MMDetection 更新日志里最早的一条是 v0.5.1（2018-10-20），不一定是第一个版本",
        MMDET_CHANGELOG,
    ),
    Framework("MindSpore 昇思", "华为", 2020, "framework", "2020 年 3 月开源", MINDSPORE),
    Framework("MegEngine 天元", "旷视", 2020, "framework", "2020-03-25 开源", MEGENGINE),
    Framework("Jittor 计图", "清华大学", 2020, "framework", "2020 年 3 月开源", JITTOR),
    Framework("OneFlow", "一流科技", 2020, "framework", "2020-07-31 开源", ONEFLOW),
    Framework(
        "PyTorch Foundation", "Linux 基金会", 2022, "event", "2022-09-12 PyTorch 移交 Linux 基金会", PYTORCH_FOUNDATION
    ),
]

# 课件（截图 200740）上的时间线，用来和上表核对
SLIDE_TIMELINE = {
    "Theano": 2007,
    "Caffe": 2013,
    "TensorFlow": 2015,
    "MXNet": 2015,
    "PaddlePaddle 飞桨": 2016,
    "CNTK": 2016,
    "PyTorch": 2017,
    "Caffe2": 2017,
    "OpenMMLab": 2018,
}

# ---------------------------------------------------------------- MMDeploy 1.x 支持表
MMDEPLOY_README = Source(
    "open-mmlab/mmdeploy README（main 分支，MMDeploy 1.x）：“Multiple inference backends are available” 一节的 "
    "Device / Platform 表",
    "https://github.com/open-mmlab/mmdeploy/blob/main/README.md#multiple-inference-backends-are-available",
)


class Backend(NamedTuple):
    """一个推理后端（inference backend）：名字、出自哪家、页面上的一句话说明。"""

    name: str  # MMDeploy README 里的写法
    vendor: str
    note: str
    source: Source


BACKENDS = [
    Backend("ONNX Runtime", "微软", "运行 ONNX 模型的跨平台推理引擎", MMDEPLOY_README),
    Backend("TensorRT", "NVIDIA", "NVIDIA GPU 与 Jetson 上的推理优化器和运行时", MMDEPLOY_README),
    Backend("ncnn", "腾讯", "为手机端（ARM CPU）优化的推理框架", MMDEPLOY_README),
    Backend("PPLNN", "商汤 OpenPPL", "OpenPPL 的推理引擎，原为商汤内部的 SensePPL", MMDEPLOY_README),
    Backend("OpenVINO", "Intel", "Intel CPU 等硬件上的推理工具套件", MMDEPLOY_README),
    Backend("LibTorch", "PyTorch", "PyTorch 的 C++ 库，运行 TorchScript 模型", MMDEPLOY_README),
    Backend("TVM", "Apache", "深度学习编译器，把模型编译成各硬件的代码", MMDEPLOY_README),
    Backend("CANN", "华为", "昇腾（Ascend）AI 处理器的计算架构", MMDEPLOY_README),
    Backend("RKNN", "瑞芯微", "瑞芯微（Rockchip）NPU 的推理工具", MMDEPLOY_README),
    Backend("Core ML", "Apple", "Apple 设备上的机器学习框架", MMDEPLOY_README),
    Backend("SNPE", "高通", "高通骁龙神经处理引擎（Adreno GPU、Hexagon DSP）", MMDEPLOY_README),
]

# 截图 201139 的部署课件上出现的后端；图里这几列的列名用红字、整列淡黄底
SLIDE_BACKENDS = ("PPLNN", "OpenVINO", "ONNX Runtime", "ncnn", "TensorRT", "LibTorch")

# MMDeploy 早期（0.x）README 的 “Multiple inference backends are available” 一节列出的后端（页面脚注 mmdeploy-early）
EARLY_README_BACKENDS = ("ONNX Runtime", "TensorRT", "PPLNN", "ncnn", "OpenVINO")

# 0.x 后期 README 的 Device / Platform 表里的后端（页面脚注 mmdeploy-late）：
# 比早期多了 LibTorch 和四个厂商后端，还没有 TVM
MMDEPLOY_LATE_0X = Source(
    "open-mmlab/mmdeploy 提交 3179189（PR #1531，2023-03-01）改动前的 README 表：ONNX Runtime、pplnn、ncnn、OpenVINO、"
    "LibTorch、TensorRT，以及 Huawei ascend310 的 CANN、Rockchip 的 RKNN、Apple M1 的 CoreML、Adreno GPU / Hexagon DSP "
    "的 SNPE，没有 TVM；SNPE 的支持（PR #789）于 2022-08-09 合入（issue #358）",
    "https://github.com/open-mmlab/mmdeploy/commit/3179189ae206db8673bd9149979de83d72a6ec01",
)
LATE_0X_README_BACKENDS = EARLY_README_BACKENDS + ("LibTorch", "CANN", "RKNN", "Core ML", "SNPE")
SNPE_MERGED = date(2022, 8, 9)  # MMDEPLOY_LATE_0X

# TVM 最晚（页面脚注 mmdeploy-tvm）：0.x 在 v0.12.0 支持它，1.x 的 README 表到 2023-03-01 才加上它
MMDEPLOY_TVM = Source(
    "MMDeploy Release v0.12.0（2022-12-30）：“Support TVM backend (#1216)”；提交 3179189（PR #1531 “Support tvm 1.x”，"
    "2023-03-01）把 TVM 加进 README 的表",
    "https://github.com/open-mmlab/mmdeploy/releases/tag/v0.12.0",
)
TVM_FIRST_RELEASE = ("v0.12.0", date(2022, 12, 30))
TVM_IN_1X_TABLE = date(2023, 3, 1)

OS_ABBR = {"Linux": "L", "Windows": "W", "macOS": "M", "Android": "A"}


class DeviceRow(NamedTuple):
    """支持表的一行：一种设备，以及它在每个后端上被支持的操作系统。"""

    device: str  # README 里的写法
    device_zh: str  # 页面和图里的写法
    support: dict[str, tuple[str, ...]]  # 后端名 → 操作系统
    source: Source


L, W, M, A = "Linux", "Windows", "macOS", "Android"
DEVICE_MATRIX = [
    DeviceRow(
        "x86_64 CPU",
        "x86-64 CPU",
        {"ONNX Runtime": (L, W), "PPLNN": (L,), "ncnn": (L, W), "LibTorch": (L,), "OpenVINO": (L, W), "TVM": (L,)},
        MMDEPLOY_README,
    ),
    DeviceRow("ARM CPU", "ARM CPU", {"ncnn": (L, A)}, MMDEPLOY_README),
    DeviceRow("RISC-V", "RISC-V", {"ncnn": (L,)}, MMDEPLOY_README),
    DeviceRow(
        "NVIDIA GPU",
        "NVIDIA GPU",
        {"ONNX Runtime": (L, W), "TensorRT": (L, W), "LibTorch": (L,), "PPLNN": (L,)},
        MMDEPLOY_README,
    ),
    DeviceRow("NVIDIA Jetson", "NVIDIA Jetson", {"TensorRT": (L,)}, MMDEPLOY_README),
    DeviceRow("Huawei ascend310", "华为昇腾 310", {"CANN": (L,)}, MMDEPLOY_README),
    DeviceRow("Rockchip", "瑞芯微 Rockchip", {"RKNN": (L,)}, MMDEPLOY_README),
    DeviceRow("Apple M1", "Apple M1", {"Core ML": (M,)}, MMDEPLOY_README),
    DeviceRow("Adreno GPU", "高通 Adreno GPU", {"SNPE": (A,), "ncnn": (A,)}, MMDEPLOY_README),
    DeviceRow("Hexagon DSP", "高通 Hexagon DSP", {"SNPE": (A,)}, MMDEPLOY_README),
]
