"""原笔记的 58 张课件截图与本站小节的对照表（附录页 docs/appendix/screenshots.md 由它生成）。

本站不使用原课件的任何图片。每张截图讲的内容，都由本站某一节用自己的文字和代码生成的图重新讲过；
这张表说明是哪一节。截图编号就是原笔记里的图片文件名（``image-<编号>.png``），编号里含有截图的时刻。
测试（tests/test_screenshots.py）检查：原笔记的 58 个编号在表中各出现一次，链接指向的小节真实存在，
而且那一节的正文里确实有这张截图的主题词（``evidence``），链接没有指到别的话题上。
"""

import itertools
import re
from typing import NamedTuple

from snippets.generated import ROOT, figure, output
from snippets.plotting import COLORS


class Screenshot(NamedTuple):
    id: str  # 原笔记中的图片编号，例如 "20230201193850396"
    notes: str  # 原笔记在这张截图旁写的话（没有则为空）
    topic: str  # 截图讲的内容（本站的概括）
    target: str  # 本站对应的小节，相对 docs/ 的路径，可带 #小节
    evidence: tuple[str, ...]  # 截图的主题词：target 那一节（含子节）的正文里必须都出现，证明链接没有指错地方

    @property
    def time(self) -> str:
        hhmmss = self.id[8:14]
        return f"{hhmmss[:2]}:{hhmmss[2:4]}:{hhmmss[4:]}"

    @property
    def seconds(self) -> int:
        """截图时刻是当天的第几秒。"""
        h, m, s = (int(v) for v in self.time.split(":"))
        return h * 3600 + m * 60 + s


TASKS = "cv/tasks.md"
HISTORY = "cv/history.md"
APPLICATIONS = "cv/applications.md"
FRAMEWORKS = "openmmlab/frameworks.md"
ECOSYSTEM = "openmmlab/ecosystem.md"
ML = "dl/machine-learning.md"
PERCEPTRON = "dl/perceptron.md"
MLP = "dl/mlp.md"

SCREENSHOTS = [
    Screenshot(
        "20230201193850396",
        "",
        "课程横幅：2023 OpenMMLab AI 实战营，哔哩哔哩直播，课程文档",
        "index.md#这门课",
        ("实战营", "哔哩哔哩"),
    ),
    Screenshot("20230201194103375", "", "第一课的标题与提纲", "index.md#这一天讲了什么", ("三部分",)),
    Screenshot(
        "20230201194304961",
        "Localization 是单个",
        "视觉任务：分类、定位、检测",
        f"{TASKS}#定位localization只找一个",
        ("定位", "localization"),
    ),
    Screenshot(
        "20230201194711677",
        "语义分割：区分类别，piexl（原文如此，pixel）级别；实列（原文如此，实例）分割：区分个体和类别",
        "语义分割与实例分割",
        f"{TASKS}#一张合成图六种标注",
        ("语义分割", "实例分割"),
    ),
    Screenshot("20230201194814280", "关键点检测", "关键点检测", f"{TASKS}#关键点检测", ("关键点",)),
    Screenshot("20230201194842690", "", "六种视觉任务的对比", f"{TASKS}#是什么在哪里", ("分类", "检测", "分割")),
    Screenshot(
        "20230201195018660",
        "ImageNet 上的错误率；backbone -> head；一般 backbone 是分类",
        "骨干网络与头部",
        f"{TASKS}#骨干网络backbone-头部head",
        ("骨干网络", "头部", "ImageNet"),
    ),
    Screenshot(
        "20230201195223037",
        "斯坦福大学公开课系列",
        "ILSVRC 历年冠军与网络层数（CS231n 的图）",
        f"{HISTORY}#2012alexnet-带来的转折点",
        ("AlexNet", "层"),
    ),
    Screenshot("20230201195431395", "", "什么是计算机视觉", f"{APPLICATIONS}#什么是计算机视觉", ("计算机视觉",)),
    Screenshot("20230201195451779", "", "应用：用手机相机识别物体", f"{APPLICATIONS}#拍照识物与扫码", ("拍照",)),
    Screenshot("20230201195501128", "", "应用：人脸识别", f"{APPLICATIONS}#人脸识别", ("人脸",)),
    Screenshot("20230201195554885", "", "应用：自动驾驶的环境感知", f"{APPLICATIONS}#自动驾驶看懂路面", ("自动驾驶",)),
    Screenshot(
        "20230201195658886", "", "应用：影视特效与风格迁移", f"{APPLICATIONS}#影视特效与风格迁移", ("特效", "风格迁移")
    ),
    Screenshot(
        "20230201195722531",
        "pix2pix",
        "应用：航拍图转地图（pix2pix）",
        f"{APPLICATIONS}#图像翻译pix2pix从航拍照片到地图",
        ("pix2pix", "航拍"),
    ),
    Screenshot("20230201195743479", "", "应用：虚拟主播", f"{APPLICATIONS}#虚拟主播", ("虚拟主播",)),
    Screenshot(
        "20230201195807908", "", "应用：视频理解与自动剪辑", f"{APPLICATIONS}#视频理解与自动剪辑", ("视频", "剪辑")
    ),
    Screenshot("20230201195937842", "", "发展史：早期（1960–1980）", f"{HISTORY}#早期探索", ("1963",)),
    Screenshot(
        "20230201200131654",
        "",
        "发展史：统计学习与模式识别（1990–2000）",
        f"{HISTORY}#统计学习与模式识别",
        ("统计学习",),
    ),
    Screenshot(
        "20230201200151270",
        "设计卷积核提取特定特征（特征工程）往往不鲁棒",
        "人工设计的特征",
        f"{HISTORY}#特征工程手工设计的特征",
        ("特征工程", "手工设计"),
    ),
    Screenshot("20230201200328472", "", "ImageNet 数据集", f"{HISTORY}#imagenet-与-ilsvrc", ("ImageNet", "ILSVRC")),
    Screenshot(
        "20230201200424487",
        "2012 之前错误率都是很高的；利用人工定义的特征 + SVM；底层不是 ai 驱动的",
        "深度学习之前的视觉系统",
        f"{HISTORY}#第一批能用的系统手工特征--svm",
        ("SVM",),
    ),
    Screenshot(
        "20230201200525594",
        "AlexNet、Fast R-CNN、GAN",
        "深度学习时代的里程碑",
        f"{HISTORY}#深度学习时代的里程碑r-cnn-系列fcngan",
        ("AlexNet", "R-CNN", "GAN"),
    ),
    Screenshot(
        "20230201200626127",
        "各大厂商都在做自己的视觉大模型",
        "今天：文生图、视觉大模型、神经渲染",
        f"{HISTORY}#今天视觉大模型",
        ("视觉大模型",),
    ),
    Screenshot(
        "20230201200740249",
        "pytorch 是 facebook，主推 pytorch，openmmlab based on pytorch",
        "开源深度学习框架的时间线",
        f"{FRAMEWORKS}#开源框架推动了深度学习",
        ("PyTorch", "TensorFlow"),
    ),
    Screenshot("20230201200946643", "", "OpenMMLab 标题页", f"{ECOSYSTEM}#openmmlab-是什么", ("OpenMMLab",)),
    Screenshot("20230201200956853", "", "OpenMMLab 概览", f"{ECOSYSTEM}#openmmlab-是什么", ("300", "2000")),
    Screenshot("20230201201006308", "", "OpenMMLab 发展历程", f"{ECOSYSTEM}#发展历程", ("2018", "MMDetection")),
    Screenshot(
        "20230201201139020",
        "pp 是商汤；微软；。。。；手机；nvidia",
        "MMDeploy：训练到部署，推理后端与硬件",
        f"{FRAMEWORKS}#mmdeploy训练与部署一体",
        ("MMDeploy", "推理", "OpenPPL"),
    ),
    Screenshot(
        "20230201201318637", "", "OpenMMLab 的整体架构", f"{ECOSYSTEM}#四层架构", ("MMCV", "MMEngine", "MMDeploy")
    ),
    Screenshot(
        "20230201201402254",
        "",
        "算法库：MMDetection、MMDetection3D",
        f"{ECOSYSTEM}#四层架构",
        ("MMDetection", "MMDetection3D"),
    ),
    Screenshot("20230201201429727", "", "算法库：MMClassification", f"{ECOSYSTEM}#四层架构", ("MMClassification",)),
    Screenshot(
        "20230201201509432",
        "语义分割",
        "算法库：MMSegmentation",
        f"{ECOSYSTEM}#按任务认识各个代码库",
        ("MMSegmentation", "语义分割"),
    ),
    Screenshot("20230201201630288", "", "算法库逐一介绍", f"{ECOSYSTEM}#按任务认识各个代码库", ("代码库",)),
    Screenshot("20230201201731695", "", "算法库逐一介绍", f"{ECOSYSTEM}#按任务认识各个代码库", ("代码库",)),
    Screenshot("20230201202244020", "", "算法库逐一介绍", f"{ECOSYSTEM}#按任务认识各个代码库", ("代码库",)),
    Screenshot("20230201202357425", "", "算法库逐一介绍", f"{ECOSYSTEM}#按任务认识各个代码库", ("代码库",)),
    Screenshot("20230201202408217", "", "算法库逐一介绍", f"{ECOSYSTEM}#按任务认识各个代码库", ("代码库",)),
    Screenshot("20230201202540502", "SOTA", "最先进的结果（SOTA）", f"{ECOSYSTEM}#按任务认识各个代码库", ("SOTA",)),
    Screenshot("20230201202828487", "", "OpenMMLab 2.0", f"{ECOSYSTEM}#openmmlab-20具体改了什么", ("2.0",)),
    Screenshot(
        "20230201202835609",
        "",
        "OpenMMLab 2.0：MMEngine 与执行器",
        f"{ECOSYSTEM}#设计核心配置文件与注册器",
        ("MMEngine", "注册器"),
    ),
    Screenshot(
        "20230201202842456", "", "OpenMMLab 2.0：统一的接口", f"{ECOSYSTEM}#openmmlab-20具体改了什么", ("2.0", "接口")
    ),
    Screenshot(
        "20230201202848795",
        "",
        "OpenMMLab 2.0：灵活的训练流程",
        f"{ECOSYSTEM}#openmmlab-20具体改了什么",
        ("2.0", "训练"),
    ),
    Screenshot(
        "20230201202856240",
        "2.0 更好",
        "OpenMMLab 2.0：日志与可视化",
        f"{ECOSYSTEM}#openmmlab-20具体改了什么",
        ("2.0", "可视化"),
    ),
    Screenshot(
        "20230201203634240",
        "数据驱动，从数据中学习，又称统计学习",
        "机器学习：从数据中学习",
        f"{ML}#数据驱动为什么要让机器从数据中学习",
        ("数据驱动", "统计学习"),
    ),
    Screenshot("20230201203740148", "", "AI 生成内容的例子", f"{ML}#从识别到生成ai-也能创作内容", ("生成",)),
    Screenshot("20230201203839751", "", "AI 生成内容的例子", f"{ML}#从识别到生成ai-也能创作内容", ("生成",)),
    Screenshot(
        "20230201203853051",
        "小冰的主页（链接）",
        "AI 生成内容的例子：小冰",
        f"{ML}#从识别到生成ai-也能创作内容",
        ("小冰",),
    ),
    Screenshot("20230201204039963", "", "监督学习", f"{ML}#监督学习从带标签的样本中学", ("监督学习", "标签")),
    Screenshot("20230201204213677", "", "训练与测试", f"{ML}#训练集验证集和测试集", ("训练集", "测试集")),
    Screenshot("20230201204343791", "", "模型是一个函数", f"{ML}#模型一个带参数的函数", ("函数", "参数")),
    Screenshot(
        "20230201204402224", "", "机器学习的流程", f"{ML}#训练集验证集和测试集", ("训练", "验证", "测试", "部署")
    ),
    Screenshot(
        "20230201204510502",
        "wx + b > 0",
        "神经元与感知机的判别规则",
        f"{PERCEPTRON}#从神经元到感知机",
        ("wx + b", "神经元"),
    ),
    Screenshot("20230201204547024", "", "感知机的几何意义：一条分界线", f"{PERCEPTRON}#从神经元到感知机", ("分界线",)),
    Screenshot("20230201204633434", "", "感知机的学习算法", f"{PERCEPTRON}#学习算法分错才更新", ("更新",)),
    Screenshot("20230201204702112", "", "感知机的局限：XOR", f"{PERCEPTRON}#xor一条直线做不到", ("XOR",)),
    Screenshot("20230201204915328", "", "多层感知机", f"{MLP}#加一层两层感知机就能算-xor", ("XOR", "隐藏")),
    Screenshot("20230201204924249", "", "全连接神经网络", f"{MLP}#多层感知机的结构全连接层", ("全连接",)),
    Screenshot(
        "20230201204937499",
        "全连接神经网络=多层感知机",
        "全连接神经网络与多层感知机",
        f"{MLP}#为什么一定要非线性",
        ("全连接", "非线性"),
    ),
]


def _section(target: str) -> tuple[str, str | None, str]:
    """(页面标题, 小节标题, 小节正文)。小节正文从标题行到下一个同级或更高级的标题为止（含子节）。

    小节 id 按站点的规则（pymdownx 的 slugify）由标题生成；找不到对应标题时报错，指出是哪一项。
    """
    from pymdownx.slugs import slugify

    page, _, anchor = target.partition("#")
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
    if not anchor:
        return title, None, text
    slug = slugify(case="lower")
    headings = list(re.finditer(r"^(#{2,6}) (.+?)\s*$", text, re.M))
    for i, heading in enumerate(headings):
        if slug(heading[2], "-") == anchor:
            level = len(heading[1])
            end = next((h.start() for h in headings[i + 1 :] if len(h[1]) <= level), len(text))
            return title, heading[2], text[heading.start() : end]
    raise ValueError(f"{page} 里没有 id 为 {anchor} 的小节（snippets/screenshots.py 里的对照表需要更新）")


def section_title(target: str) -> str:
    """把 "dl/perceptron.md#学习算法分错才更新" 变成 "感知机 › 学习算法：分错才更新"。"""
    title, heading, _ = _section(target)
    return f"{title} › {heading}" if heading else title


def section_text(target: str) -> str:
    """链接指向的那一节的 Markdown 源文字（含子节）；整页链接则是整页。"""
    return _section(target)[2]


PARTS = {  # 目标页面所在目录 → 课程的部分（与导航里各节的名字相同）
    "index.md": "课程介绍",
    "cv": "计算机视觉基础",
    "openmmlab": "框架与 OpenMMLab",
    "dl": "深度学习与卷积",
}


def part_of(shot: Screenshot) -> str:
    page = shot.target.partition("#")[0]
    return PARTS[page if "/" not in page else page.split("/")[0]]


@output("screenshots_table.md")
def print_table():
    """打印附录页上的对照表：课程的每个部分一个二级标题和一张 Markdown 表格（链接相对于 docs/appendix/）。"""
    for i, (part, group) in enumerate(itertools.groupby(SCREENSHOTS, key=part_of)):
        shots = list(group)
        print("\n" * (i > 0) + f"## {part}\n\n{shots[0].time[:5]} 到 {shots[-1].time[:5]}，{len(shots)} 张截图。\n")
        print("| 时刻 | 原笔记的话 | 截图讲的内容 | 本站对应的小节 |")
        print("| --- | --- | --- | --- |")
        for shot in shots:
            link = f"[{section_title(shot.target)}](../{shot.target})"
            print(f"| {shot.time} | {shot.notes or '—'} | {shot.topic} | {link} |")


@figure("screenshots_timeline.svg")
def draw_timeline():
    """首页的“这一天讲了什么”：每张截图的时刻，按课程的部分着色。"""
    import matplotlib.pyplot as plt

    def minutes(shot):  # 从 19:00 起算的分钟数
        return (shot.seconds - 19 * 3600) / 60

    colors = dict(zip(PARTS.values(), [COLORS["gray"], COLORS["blue"], COLORS["orange"], COLORS["green"]]))
    fig, ax = plt.subplots(figsize=(8.6, 2.2))
    for part, color in colors.items():
        times = [minutes(s) for s in SCREENSHOTS if part_of(s) == part]
        ax.vlines(times, 0, 1, color=color, linewidth=2.2, label=f"{part}（{len(times)} 张）")
    ticks = range(40, 115, 10)
    ax.set_xticks(ticks, [f"{19 + t // 60}:{t % 60:02d}" for t in ticks])
    ax.set(yticks=[], xlim=(37, 111), ylim=(0, 1), xlabel="直播时间（2023 年 2 月 1 日晚）")
    ax.spines[["left"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.42), ncol=4, frameon=False, fontsize=10)
    return fig
