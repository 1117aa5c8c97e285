"""检查 docs/cv/history.md 上的说法：top-5 错误率的定义、ILSVRC 冠军图、里程碑时间线。"""

import io
import re
from contextlib import redirect_stdout
from datetime import date

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.patches import Rectangle

from snippets.facts import Source, datasets
from snippets.facts import ilsvrc as facts
from snippets.facts.ilsvrc import (
    BELOW_HUMAN_BEFORE_RESNET,
    ENTRIES,
    HUMAN_SOURCE,
    HUMAN_TOP5_ERROR,
    RESNET_ARXIV,
    TEST_IMAGES,
    TRAIN_IMAGES,
    VAL_IMAGES,
)
from snippets.facts.milestones import DATED_BY, ERAS, LECTURE_DATE, MILESTONES
from snippets.history import (
    BAR_OFFSET,
    draw_ilsvrc,
    draw_timeline,
    timeline_rows,
    topk_demo,
    topk_error,
    winners,
    winners_table,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/cv/history.md").read_text(encoding="utf-8")

# 内容说明（brief）第 2 节的表：年份 → （冠军，只用比赛数据的 top-5 错误率 %）。与 facts 模块分开抄一份，互相核对。
BRIEF_TABLE = {
    2010: ("NEC-UIUC", 28.2),
    2011: ("XRCE", 25.8),
    2012: ("SuperVision", 16.4),
    2013: ("Clarifai", 11.7),
    2014: ("GoogLeNet", 6.67),
    2015: ("MSRA", 3.57),
    2016: ("Trimps-Soushen", 2.99),
    2017: ("WMW", 2.251),
}
# 页面和 CS231n 图上的层数
DEPTHS = {"AlexNet": 8, "ZFNet": 8, "VGG": 19, "GoogLeNet": 22, "ResNet": 152}


@pytest.fixture(scope="module")
def ilsvrc_axes():
    fig = draw_ilsvrc()
    yield fig.axes[0]
    plt.close(fig)


@pytest.fixture(scope="module")
def timeline_axes():
    fig = draw_timeline()
    yield fig.axes[0]
    plt.close(fig)


@pytest.fixture(scope="module")
def timeline_texts(timeline_axes):
    return [t.get_text() for t in timeline_axes.texts]


def _demo_numbers():
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        topk_demo()
    last = buffer.getvalue().strip().splitlines()[-1]
    top1, top5 = (float(x) for x in re.findall(r"错误率 ([\d.]+)%", last))
    return top1, top5


def _alt(figure_name):
    """页面上某张图的替代文本。"""
    return re.search(r"!\[([^\]]*)\]\(\.\./figs/" + re.escape(figure_name) + r"\)", PAGE).group(1)


def _caption(figure_name):
    """紧跟在某张图后面的 /// caption 块。"""
    after = PAGE.split(f"../figs/{figure_name})", 1)[1]
    return after.split("/// caption", 1)[1].split("///", 1)[0]


# ---- top-k 错误率 ----


def test_topk_error_on_a_tiny_example():
    scores = torch.tensor([[0.1, 0.5, 0.4], [0.7, 0.2, 0.1]])
    labels = torch.tensor([2, 2])
    assert topk_error(scores, labels, k=1) == 1.0  # 两张图的最高分都不是类别 2
    assert topk_error(scores, labels, k=2) == pytest.approx(0.5)  # 第一张图的前两名包含类别 2
    assert topk_error(scores, labels, k=3) == 0.0


def test_random_guessing_on_1000_classes_misses_about_995_in_1000():
    g = torch.Generator().manual_seed(1)
    labels = torch.randint(1000, (20_000,), generator=g)
    scores = torch.randn(20_000, 1000, generator=g)
    assert topk_error(scores, labels) == pytest.approx(1 - 5 / 1000, abs=0.002)
    assert topk_error(scores, labels, k=1) == pytest.approx(1 - 1 / 1000, abs=0.001)


def test_top5_is_never_worse_than_top1():
    g = torch.Generator().manual_seed(2)
    labels = torch.randint(50, (500,), generator=g)
    scores = torch.randn(500, 50, generator=g)
    scores[torch.arange(500), labels] += 1.5
    assert topk_error(scores, labels, k=5) <= topk_error(scores, labels, k=1)


def test_topk_demo_prints_what_the_page_says():
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        topk_demo()
    text = buffer.getvalue()
    assert "top-5 错误率 99.5%" in text
    assert "top-1 错误率 40.5%，top-5 错误率 18.7%" in text


def test_toy_model_is_within_3_points_of_alexnet_on_ilsvrc_2010():
    """页面：玩具模型“约 40%、约 19%”，与论文的 37.5%、17.0% 相差不超过 3 个百分点。"""
    top1, top5 = _demo_numbers()
    assert abs(top1 - 40) < 1 and abs(top5 - 19) < 1
    assert abs(top1 - facts.ALEXNET_2010_TEST_TOP1) <= 3.0
    assert abs(top5 - facts.ALEXNET_2010_TEST_TOP5) <= 3.0
    assert "约 40%" in PAGE and "约 19%" in PAGE and "不超过 3 个百分点" in PAGE


# ---- ILSVRC 数据与图 ----


def test_winners_match_the_brief_table():
    best = winners()
    assert [e.year for e in best] == list(range(2010, 2018))
    assert {e.year: (e.team, e.top5_error) for e in best} == BRIEF_TABLE


def test_each_winner_is_the_minimum_of_its_year_and_placed_first():
    for e in winners():
        same_year = [x.top5_error for x in ENTRIES if x.year == e.year and not x.extra_data]
        assert e.top5_error == min(same_year)
        assert e.place == 1


def _bars(ax):
    return sorted((p for p in ax.patches if isinstance(p, Rectangle)), key=lambda p: p.get_x())


def test_chart_bars_are_the_facts_numbers(ilsvrc_axes):
    bars = _bars(ilsvrc_axes)
    heights = [round(p.get_height(), 3) for p in bars]
    assert heights == [e.top5_error for e in winners()]
    assert heights == [BRIEF_TABLE[year][1] for year in sorted(BRIEF_TABLE)]


def test_each_point_is_drawn_in_its_own_years_slot(ilsvrc_axes):
    """第二名和额外数据的点画在同一年的柱子旁边：离本年刻度不到四分之一格，且最近的柱子就是本年的。"""
    bars = {e.year: p for e, p in zip(winners(), _bars(ilsvrc_axes), strict=True)}
    for year, bar in bars.items():
        assert bar.get_x() + bar.get_width() / 2 == pytest.approx(year + BAR_OFFSET)
        assert bar.get_x() > year - 0.5 and bar.get_x() + bar.get_width() < year + 0.5
    others = [e for e in ENTRIES if e not in winners()]
    points = [tuple(xy) for c in ilsvrc_axes.collections for xy in c.get_offsets()]
    assert len(points) == len(others)
    for e in others:
        (x,) = [x for x, y in points if y == e.top5_error]
        assert abs(x - e.year) < 0.25, (e.label, x)
        nearest = min(bars, key=lambda year: abs(bars[year].get_x() + bars[year].get_width() / 2 - x))
        assert nearest == e.year


def test_every_number_on_the_chart_is_a_facts_number(ilsvrc_axes):
    texts = [t.get_text() for t in ilsvrc_axes.texts] + [t.get_text() for t in ilsvrc_axes.get_xticklabels()]
    shown = {float(x) for t in texts for x in re.findall(r"([\d.]+)%", t)}
    assert shown == {e.top5_error for e in winners()} | {e.top5_error for e in ENTRIES if not e.extra_data}
    depths = {int(x) for t in texts for x in re.findall(r"(\d+) 层", t)}
    assert depths == {e.depth for e in ENTRIES if e.depth}
    legend = " ".join(t.get_text() for t in ilsvrc_axes.get_legend().get_texts())
    assert f"{HUMAN_TOP5_ERROR}%" in legend


def test_resnet_is_the_first_winner_bar_below_the_human_line(ilsvrc_axes):
    """图注：比赛冠军里，2015 年的 ResNet 第一个低于 5.1%。"""
    below = [e for e in winners() if e.top5_error < HUMAN_TOP5_ERROR]
    assert (below[0].year, below[0].label) == (2015, "ResNet")
    assert "2015 年的 ResNet 第一个低于" in PAGE


def test_lines_are_drawn_as_the_alt_texts_say(ilsvrc_axes, timeline_axes):
    """图 2 的人类水平是虚线（--），图 1 的“本次课”是点线（:）。"""
    (human,) = [line for line in ilsvrc_axes.get_lines() if len(set(line.get_ydata())) == 1]
    assert human.get_linestyle() == "--"
    assert "绿色虚线" in _alt("history_ilsvrc.svg")
    lecture = [line for line in timeline_axes.get_lines() if line.get_linestyle() == ":"]
    assert len(lecture) == 1 and not [line for line in timeline_axes.get_lines() if line.get_linestyle() == "--"]
    assert "橙红色点线" in _alt("history_timeline.svg") and "虚线" not in _alt("history_timeline.svg")


def test_chart_years_increase_and_label_winner_and_depth(ilsvrc_axes):
    ticks = [t.get_text() for t in ilsvrc_axes.get_xticklabels()]
    assert list(ilsvrc_axes.get_xticks()) == sorted(ilsvrc_axes.get_xticks())
    for tick, e in zip(ticks, winners(), strict=True):
        assert tick.startswith(str(e.year))
        assert e.label.replace("-", "") in tick.replace("\n", "").replace("-", "")
        if e.label in DEPTHS:
            assert f"{DEPTHS[e.label]} 层" in tick


def test_human_reference_line_is_the_cited_number(ilsvrc_axes):
    """图 2 的绿色虚线画在出处里的那个数上，替代文本和图注说的也是这个数。"""
    assert f"{HUMAN_TOP5_ERROR}%" in HUMAN_SOURCE.citation
    flat = [line for line in ilsvrc_axes.get_lines() if len(set(line.get_ydata())) == 1]
    assert [line.get_ydata()[0] for line in flat] == [HUMAN_TOP5_ERROR]
    assert f"标注者的 {HUMAN_TOP5_ERROR}%" in _alt("history_ilsvrc.svg")
    assert f"标注者的 {HUMAN_TOP5_ERROR}%" in _caption("history_ilsvrc.svg")


def test_2012_drop_is_marked(ilsvrc_axes):
    texts = " ".join(t.get_text() for t in ilsvrc_axes.texts)
    assert "降了 9.4 个百分点" in texts  # 25.8 - 16.4
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        winners_table()
    line_2012 = next(line for line in buffer.getvalue().splitlines() if line.startswith("2012"))
    assert "SuperVision" in line_2012 and "AlexNet" in line_2012 and "低 9.4 个百分点" in line_2012


def test_extra_data_and_runner_up_facts():
    by = {(e.year, e.team, e.extra_data): e for e in ENTRIES}
    assert by[(2012, "SuperVision", True)].top5_error == 15.3
    assert by[(2012, "SuperVision", False)].top5_error == 16.4
    assert by[(2012, "ISI", False)].top5_error == 26.2
    vgg = by[(2014, "VGG", False)]
    assert (vgg.place, vgg.depth, vgg.top5_error) == (2, 19, 7.3), "VGG 是 2014 年第二名，不是冠军"
    for e in ENTRIES:
        if e.label in DEPTHS:
            assert e.depth == DEPTHS[e.label]
        assert isinstance(e.source, Source) and e.source.citation


def test_dataset_sizes_on_the_page_are_the_facts():
    """页面上 ImageNet-1k 三个划分的张数、ImageNet 全库的规模，与两个 facts 模块一致。"""
    split = f"训练集 {TRAIN_IMAGES:,} 张，验证集 {VAL_IMAGES:,} 张，测试集 {TEST_IMAGES:,} 张"
    assert split in PAGE
    (imagenet_1k,) = [d for d in datasets.DATASETS if d.name == "ImageNet"]
    assert imagenet_1k.images.startswith(f"训练 {TRAIN_IMAGES:,} 张，验证 {VAL_IMAGES:,} 张，测试 {TEST_IMAGES:,} 张")
    # “1400 多万张图片、2 万多个类别”：万位以下舍去，再说“多”
    hundreds_of_wan = datasets.IMAGENET_FULL_IMAGES // 1_000_000 * 100
    wan_synsets = datasets.IMAGENET_FULL_SYNSETS // 10_000
    assert hundreds_of_wan * 10_000 < datasets.IMAGENET_FULL_IMAGES < (hundreds_of_wan + 100) * 10_000
    assert f"{hundreds_of_wan} 多万张图片、{wan_synsets} 万多个类别" in PAGE
    assert f"{datasets.IMAGENET_FULL_IMAGES:,} 张图像、{datasets.IMAGENET_FULL_SYNSETS:,} 个 synset" in PAGE


def test_alexnet_gpu_sentence_is_the_papers():
    """页面：“两块 GTX 580 显卡（各 3 GB 显存）上训练了五到六天”，与 facts.ALEXNET_FACTS 一致。"""
    gpus, model, memory, days = re.fullmatch(
        r"在(\S+)块 (GTX \d+)（各 (\d+) GB 显存）上训练了(\S+天)", facts.ALEXNET_FACTS["GPU"]
    ).groups()
    assert f"网络在{gpus}块 {model} 显卡（各 {memory} GB 显存）上训练了{days}" in PAGE


def test_alexnet_beat_the_runner_up_by_nearly_10_points():
    """页面：16.4% 比第二名 ISI 的 26.2%“低了近 10 个百分点”（9.8）。"""
    by = {(e.year, e.team, e.extra_data): e for e in ENTRIES}
    alexnet, isi = by[(2012, "SuperVision", False)], by[(2012, "ISI", False)]
    assert isi.place == 2
    gap = isi.top5_error - alexnet.top5_error
    assert 9.5 <= gap < 10
    assert f"降到 {alexnet.top5_error}%" in PAGE
    assert f"比当年第二名（ISI，手工特征，{isi.top5_error}%）低了近 10 个百分点" in PAGE


def test_learned_parts_before_2012_include_the_visual_dictionary():
    """2012 年前的系统里，视觉词典是聚类学出来的（不看标签），分类器是有监督学出来的；页面两处都这样说。"""
    paragraph = next(p for p in PAGE.split("\n\n") if p.startswith("原笔记在这张幻灯片下面"))
    answer = PAGE.split('??? question "2.')[1].split("??? question")[0]
    for text in (paragraph, answer):
        assert "只有最后一步" not in text and "只用在最后一步" not in text
        assert "聚类" in text and "不看标签" in text and "分类器" in text


def test_resnet_depth_is_said_for_imagenet():
    """ResNet 论文 §4.2 在 CIFAR-10 上还训练了 1202 层，所以 152 层只是 ImageNet 上的最深。"""
    resnet = next(e for e in ENTRIES if e.label == "ResNet")
    assert f"在 ImageNet 上最深的网络有 {resnet.depth} 层" in PAGE


def test_ilsvrc_years_are_cited_to_the_end():
    """“从 2010 年到 2017 年”：IJCV 论文只写到 2014 年，2017 年是最后一届的出处是 Beyond ILSVRC。"""
    years = sorted({e.year for e in ENTRIES})
    sentence = next(line for line in PAGE.splitlines() if line.startswith(f"从 {years[0]} 年到 {years[-1]} 年"))
    assert "[^ilsvrc][^beyond]" in sentence
    beyond = next(line for line in PAGE.splitlines() if line.startswith("[^beyond]:"))
    assert "最后一届" in beyond


def test_nips_papers_before_2018_say_so():
    """会议 2018 年才改名 NeurIPS；之前的论文写“NeurIPS（当时名为 NIPS）年份”。"""
    citations = [m.source.citation for m in MILESTONES] + [PAGE] + [facts.ALEXNET_PAPER.citation]
    found = 0
    for text in citations:
        for match in re.finditer(r"NeurIPS(（当时名为 NIPS）)? ?(\d{4})", text):
            found += 1
            if int(match.group(2)) < 2018:
                assert match.group(1), match.group(0)
    assert found >= 8


def test_alexnet_numbers_are_told_apart():
    """17.0% 是单个网络、ILSVRC-2010；16.4% 和 15.3% 是 2012 年比赛的集成（5 个、7 个网络）。"""
    by = {(e.year, e.team, e.extra_data): e for e in ENTRIES}
    assert by[(2012, "SuperVision", False)].top5_error == 16.4
    assert by[(2012, "SuperVision", True)].top5_error == 15.3
    assert f"{facts.ALEXNET_2012_ENSEMBLE_MODELS} 个卷积网络集成" in by[(2012, "SuperVision", False)].method
    assert f"{facts.ALEXNET_2012_EXTRA_ENSEMBLE_MODELS} 个卷积网络集成" in by[(2012, "SuperVision", True)].method
    assert by[(2010, "NEC-UIUC", False)].top5_error == facts.ALEXNET_2010_CONTEST_BEST_TOP5
    assert facts.ALEXNET_2010_TEST_TOP5 < facts.ALEXNET_2012_SINGLE_VAL_TOP5  # 不同测试集，单个网络的数也不同
    paragraph = next(p for p in PAGE.split("\n\n") if "16.4% 和 15.3% 两个数" in p)
    for needed in (
        f"{facts.ALEXNET_2010_TEST_TOP5}%",
        "**单个网络**",
        "**ILSVRC-2010**",
        "**2012 年比赛**",
        f"前者 {facts.ALEXNET_2012_ENSEMBLE_MODELS} 个网络",
        f"后者 {facts.ALEXNET_2012_EXTRA_ENSEMBLE_MODELS} 个网络、其中 2 个",
        f"{facts.ALEXNET_2012_SINGLE_VAL_TOP5}%",
    ):
        assert needed in paragraph, needed


def test_page_does_not_say_the_data_was_enough_to_avoid_overfitting():
    """AlexNet 论文 §1：即使有 120 万张训练图，过拟合仍是个大问题。"""
    assert "不严重过拟合" not in PAGE
    data = next(line for line in PAGE.splitlines() if line.startswith("- **数据**"))
    assert "过拟合仍然是个大问题" in data and "dropout" in data


def _paragraph(start):
    """页面上以 start 开头的那一段（到下一个空行为止）。"""
    return next(p for p in PAGE.split("\n\n") if p.startswith(start))


def test_below_human_papers_say_exactly_what_each_reported():
    """PReLU：6 个模型、测试集 4.94%，单个模型验证集 5.71%；BN：6 个网络，验证集 4.9%、测试集 4.82%，单个网络 5.82%。"""
    prelu, bn = BELOW_HUMAN_BEFORE_RESNET
    section = PAGE.split("**“超过人类”最早是谁说的？**")[1].split("\n\n## ")[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    first, second = bullets
    days = (date.fromisoformat(bn.submitted) - date.fromisoformat(prelu.submitted)).days
    assert days == 5 and second.startswith("- 五天后")
    month, day = date.fromisoformat(prelu.submitted).month, date.fromisoformat(prelu.submitted).day
    assert first.startswith(f"- {month} 月 {day} 日，何恺明等人的 PReLU 网络论文")
    assert prelu.val_top5_error is None  # 论文没有报告集成在验证集上的数
    ensemble = f"**{prelu.n_models} 个模型的集成**在**测试集**上（由比赛的评测服务器打分）"
    assert f"{ensemble}top-5 错误率 {prelu.top5_error}%" in first
    single = f"**单个模型**在 {VAL_IMAGES // 10_000} 万张验证图上是 {prelu.single_model_top5_error}%（多尺度测试）"
    assert f"最好的{single}，并没有低于 {HUMAN_TOP5_ERROR}%" in first
    val, test = f"{VAL_IMAGES // 10_000} 万张**验证图**", f"{TEST_IMAGES // 10_000} 万张**测试图**"
    assert f"**{bn.n_models} 个网络的集成**在 {val}上是 {bn.val_top5_error}%，在 {test}上是 {bn.top5_error}%" in second
    assert f"**单个网络**在验证集上是 {bn.single_model_top5_error}%" in second
    for b in BELOW_HUMAN_BEFORE_RESNET:
        assert b.ensemble and b.top5_error < HUMAN_TOP5_ERROR < b.single_model_top5_error
        assert str(b.top5_error) in b.source.citation and str(b.single_model_top5_error) in b.source.citation
    assert "同一时候的单个网络还在 5.1% 以上" in section


def test_human_annotator_is_named_and_cited():
    item = next(line for line in PAGE.splitlines() if line.startswith("1. **人的 5.1% 不是“人类水平”**"))
    assert f"这名标注者就是论文作者之一 {facts.HUMAN_ANNOTATOR}" in item
    footnote = next(line for line in PAGE.splitlines() if line.startswith("[^human]:"))
    assert facts.KARPATHY_BLOG.url in footnote and "A1 本人" in footnote
    assert f"{facts.HUMAN_IMAGES} 张测试图" in item and f"{HUMAN_TOP5_ERROR}%" in item


def test_voc_is_introduced_as_imagenets_precursor():
    """PASCAL VOC 一段：年份、各年类别数、VOC2012 trainval 的规模、与 ILSVRC 合办、比 ImageNet 小多少。"""
    voc = _paragraph("**ImageNet 之前：PASCAL VOC。**")
    assert PAGE.index(voc) < PAGE.index("**ImageNet。** 2009 年")
    first, last = datasets.VOC_YEARS
    assert f"{first}–{last} 年每年一届" in voc and sorted(datasets.VOC_CLASSES_BY_YEAR) == list(range(first, last + 1))
    classes = datasets.VOC_CLASSES_BY_YEAR
    fixed_from = min(y for y in classes if all(classes[z] == classes[last] for z in range(y, last + 1)))
    assert fixed_from == 2007
    assert (
        f"类别在 {first} 年只有 {classes[first]} 个，{first + 1} 年 {classes[first + 1]} 个，"
        f"{fixed_from} 年起固定为人、猫、狗、汽车、椅子等 {classes[last]} 个" in voc
    )
    (voc2012,) = [d for d in datasets.DATASETS if d.name == "PASCAL VOC"]
    assert voc2012.num_classes == classes[last] == datasets.VOC_SEGMENTATION_CLASSES - 1
    images, objects = datasets.VOC2012_TRAINVAL_IMAGES, datasets.VOC2012_TRAINVAL_OBJECTS
    assert voc2012.images.startswith(f"{images:,} 张，含 {objects:,} 个带框的物体")
    assert f"训练验证集（trainval）有 {images:,} 张图、{objects:,} 个标了框的物体" in voc
    assert images / TRAIN_IMAGES < 0.01 and "不到 ImageNet-1k 训练集的百分之一" in voc
    start, end = facts.ILSVRC_WITH_VOC_YEARS
    assert f"{start}–{end} 年的 ILSVRC 就是和 VOC 合办的[^ilsvrc]" in voc
    ilsvrc_note = next(line for line in PAGE.splitlines() if line.startswith("[^ilsvrc]:"))
    assert f"{start}–{end} 年与 PASCAL VOC 的主办方合办" in ilsvrc_note
    notes = {
        key: next(line for line in PAGE.splitlines() if line.startswith(f"[^{key}]:"))
        for key in ("voc", "voc-site", "dpm")
    }
    assert datasets.VOC_IJCV.url in notes["voc"] and datasets.VOC_HISTORY.url in notes["voc-site"]
    assert f"{images:,} 张图、{objects:,} 个带框的物体" in notes["voc-site"]
    assert "在 VOC2007 的 20 个类别里，它有 10 个超过了当年比赛的最好成绩[^dpm]" in voc
    assert "20 个类别中有 10 个" in notes["dpm"]


def test_bag_of_words_and_spatial_pyramid_each_get_a_cited_sentence():
    pipeline = PAGE.split("## 第一批能用的系统")[1].split("\n## ")[0]
    bovw = next(p for p in pipeline.split("\n\n") if p.startswith("第 2、3 步来自“视觉词袋”"))
    assert "2003 年把它用于视频检索" in bovw and "2004 年把它用于图像分类[^bovw]" in bovw
    assert "Lazebnik、Schmid 和 Ponce 2006 年的空间金字塔匹配" in bovw and "[^spm]" in bovw
    notes = {key: next(line for line in PAGE.splitlines() if line.startswith(f"[^{key}]:")) for key in ("bovw", "spm")}
    assert "ICCV 2003" in notes["bovw"] and "2004" in notes["bovw"] and "CVPR 2006" in notes["spm"]


def test_self_check_5_voc_versus_imagenet():
    """自测题 5：VOC2012 trainval 与 ILSVRC 训练集的规模之比，AlexNet 的过拟合，R-CNN 在 VOC 上的成绩。"""
    from snippets.facts.milestones import RCNN_RELATIVE_GAIN_PERCENT, RCNN_VOC2012_MAP

    answer = PAGE.split('??? question "5.')[1].split("## 参考资料")[0]
    images = datasets.VOC2012_TRAINVAL_IMAGES
    assert 100 < TRAIN_IMAGES / images < 200 and "图片多了一百多倍" in answer
    assert f"只有 {images:,} 张图、{datasets.VOC_CLASSES_BY_YEAR[2012]} 个类别" in answer
    assert f"训练集有 {TRAIN_IMAGES:,} 张图、{facts.NUM_CLASSES} 个类别" in answer
    assert f"{facts.ALEXNET_PARAMETERS_MILLION // 10 * 1000} 万个参数" in answer and "过拟合仍然是个大问题" in answer
    assert (
        f"mAP 达到 {RCNN_VOC2012_MAP}%，比此前的最好成绩相对提高了 {RCNN_RELATIVE_GAIN_PERCENT}% 以上[^rcnn]" in answer
    )
    note = next(line for line in PAGE.splitlines() if line.startswith("[^rcnn]:"))
    assert f"mAP {RCNN_VOC2012_MAP}%" in note and f"{RCNN_RELATIVE_GAIN_PERCENT}% 以上" in note
    (rcnn,) = [m for m in MILESTONES if m.label == "R-CNN"]
    assert rcnn.source.url in note


def test_papers_below_human_came_before_resnet():
    """PReLU-Net（4.94%）和 BN-Inception（4.82%）都在 2015 年 2 月，比 ResNet 早 10 个月。"""
    resnet_day = date.fromisoformat(RESNET_ARXIV[1])
    resnet = next(e for e in ENTRIES if e.label == "ResNet")
    assert [(b.name, b.top5_error) for b in BELOW_HUMAN_BEFORE_RESNET] == [("PReLU-Net", 4.94), ("BN-Inception", 4.82)]
    for b in BELOW_HUMAN_BEFORE_RESNET:
        day = date.fromisoformat(b.submitted)
        assert b.top5_error < HUMAN_TOP5_ERROR < 12.0
        assert day < resnet_day and b.arxiv_id < RESNET_ARXIV[0] and b.arxiv_id in b.source.url
        assert (resnet_day.year - day.year) * 12 + resnet_day.month - day.month == 10
        assert b.ensemble and resnet.top5_error < b.top5_error
        assert f"{b.top5_error}%" in PAGE
    assert "早了 10 个月" in PAGE
    assert f"{facts.RESNET_ENSEMBLE_MODELS} 个不同深度的网络的集成" in PAGE
    assert "提交时其中只有两个是 152 层" in PAGE and facts.RESNET_ENSEMBLE_152_LAYER_MODELS == 2


# ---- 里程碑时间线 ----


def test_milestones_have_sources_and_are_in_order():
    order = {era.key: i for i, era in enumerate(ERAS)}
    keys = [(order[m.era], m.year) for m in MILESTONES]
    assert keys == sorted(keys), "按时代、再按年份排列"
    assert [m.year for m in MILESTONES] == sorted(m.year for m in MILESTONES), "时代之间年份也不倒退"
    assert MILESTONES[0].year == 1959 and max(m.year for m in MILESTONES if not m.after_lecture) == 2022
    for m in MILESTONES:
        assert isinstance(m.source, Source) and m.source.citation


def test_corrected_years():
    year = {m.label.split("：")[0]: m.year for m in MILESTONES}
    assert year["Roberts"] == 1963, "Roberts 的博士论文是 1963 年，不是课件上的 1964 年"
    assert year["R-CNN"] == 2014 and year["Fast R-CNN"] == 2015
    assert "第一篇博士论文" not in PAGE and all("第一篇博士论文" not in m.detail for m in MILESTONES)
    backprop = next(m for m in MILESTONES if m.year == 1986)
    assert "1970" in backprop.note and "1974" in backprop.note
    assert "1970 年林纳因马" in PAGE and "1974 年韦伯斯" in PAGE and "广为人知" in PAGE


def test_errata_only_correct_what_was_said():
    """勘误框只放原笔记或课件说错的事；R-CNN 系列的说明放在正文。"""
    errata = PAGE.split('!!! warning "勘误"')[1].split("\n## ")[0]
    assert "R-CNN" not in errata
    assert "Fast R-CNN（2015）是 R-CNN 系列的第二篇" in PAGE


def test_screenshot_counts_match_the_notes():
    """页面：原笔记里这一段是 7 张截图（195937 到 200626），其中 4 张下面记了话。"""
    from snippets.screenshots import SCREENSHOTS

    ids = [s.id for s in SCREENSHOTS]
    span = SCREENSHOTS[ids.index("20230201195937842") : ids.index("20230201200626127") + 1]
    assert len(span) == 7 and sum(bool(s.notes) for s in span) == 4
    assert f"{len(span)} 张截图" in PAGE and f"只在其中 {sum(bool(s.notes) for s in span)} 张下面" in PAGE


def test_self_check_q1_uses_two_distinct_breeds():
    q1 = next(line for line in PAGE.splitlines() if line.startswith('??? question "1.'))
    assert "阿拉斯加雪橇犬" in q1 and "西伯利亚雪橇犬（哈士奇）" in q1
    scores = torch.tensor([[0.0, 5.0, 4.0, 3.0, 2.0, 1.0]])  # 0 号之外依次是：西伯利亚、阿拉斯加、狼、萨摩耶、狐狸
    alaskan = torch.tensor([2])
    assert topk_error(scores, alaskan, k=1) == 1.0 and topk_error(scores, alaskan, k=5) == 0.0


def _years_in(text):
    return [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", text)]


def test_year_rule_and_its_exceptions():
    """年份一般取正式发表的年份；例外是 ILSVRC 比赛年份和预印本年份，页面点名了每一个例外。"""
    ilsvrc = {(e.year, e.label) for e in ENTRIES}
    exceptions = {"比赛": [], "预印本": []}
    for m in MILESTONES:
        assert m.dated_by in DATED_BY
        published = _years_in(m.source.citation)
        if m.dated_by == "发表":
            assert published[-1] == m.year, m.label
        elif m.dated_by == "比赛":
            assert (m.year, m.label) in ilsvrc and published[-1] == m.year + 1, m.label
        else:  # 预印本：arXiv 编号的前两位就是公开的年份
            arxiv_id = m.source.url.rsplit("/", 1)[1]
            assert 2000 + int(arxiv_id[:2]) == m.year, m.label
        if m.dated_by != "发表":
            exceptions[m.dated_by].append(m.label)
    assert exceptions["比赛"] == ["VGG", "GoogLeNet", "ResNet"]
    assert exceptions["预印本"] == ["ViT", "CityNeRF（神经渲染）", "书生 INTERN"]
    rule = next(line for line in PAGE.splitlines() if "年份一般取论文正式发表的年份" in line)
    for name in ("VGG", "GoogLeNet", "ResNet", "ViT", "书生（INTERN）", "CityNeRF"):
        assert name in rule


def test_citynerf_is_neural_rendering_not_a_foundation_model(timeline_axes):
    city = next(m for m in MILESTONES if m.label.startswith("CityNeRF"))
    assert city.era == "deep" and "神经渲染" in city.label
    assert all(not m.label.startswith("CityNeRF") for m in MILESTONES if m.era == "foundation")
    # 图上：CityNeRF 那一行落在“深度学习”一段的底色里，不在“视觉大模型”一段
    era_boxes = [p for p in timeline_axes.patches if isinstance(p, Rectangle)]
    assert len(era_boxes) == len(ERAS)
    (row,) = [t for t in timeline_axes.texts if "CityNeRF" in t.get_text()]
    y = row.get_position()[1]
    (box,) = [b for b in era_boxes if b.get_y() <= y <= b.get_y() + b.get_height()]
    assert era_boxes.index(box) == [era.key for era in ERAS].index("deep")
    today = PAGE.split("## 今天：视觉大模型")[1].split("\n## ")[0]
    bullets = [line for line in today.splitlines() if line.startswith("- ")]
    assert bullets and not any("CityNeRF" in line for line in bullets), "CityNeRF 不列在大模型的例子里"
    assert "**神经渲染**" in today and "不是大模型" in today


def test_only_sam_is_after_the_lecture():
    later = [m for m in MILESTONES if m.after_lecture]
    assert [m.label for m in later] == ["SAM（课后）"]
    assert all(m.year >= int(LECTURE_DATE[:4]) for m in later)
    assert all(m.year <= int(LECTURE_DATE[:4]) for m in MILESTONES if not m.after_lecture)


def test_timeline_shows_every_event_and_era(timeline_texts):
    text = "\n".join(timeline_texts)
    for m in MILESTONES:
        assert m.label in text, m.label
        assert str(m.year) in timeline_texts
    for era in ERAS:
        assert any(t.startswith(era.name) for t in timeline_texts)
    rows = timeline_rows()
    assert sum(len(ms) for _, _, ms in rows) == len(MILESTONES)
    assert [year for _, year, _ in rows] == sorted(year for _, year, _ in rows)


def test_timeline_caption_says_what_a_row_is(timeline_axes):
    """图注：每个有里程碑的年份占一行，跨两个时代的年份各占一行；纵向等距，不按时间比例。"""
    rows = timeline_rows()
    years = [year for _, year, _ in rows]
    assert set(years) == {m.year for m in MILESTONES}
    twice = sorted({y for y in years if years.count(y) == 2})
    assert twice and all(years.count(y) <= 2 for y in years)
    caption = _caption("history_timeline.svg")
    expected = "、".join(f"{y} 年" for y in twice) + "在两个时代里各占一行"
    assert f"纵向每个有里程碑的年份占一行（{expected}），不按时间比例" in caption
    # 图上年份的文字正好一行一个；同一时代里相邻两行的间距相同，尽管年份之差不同
    year_texts = [t for t in timeline_axes.texts if re.fullmatch(r"\d{4}", t.get_text())]
    assert [int(t.get_text()) for t in year_texts] == years
    ys = [t.get_position()[1] for t in year_texts]
    for era in ERAS:
        era_ys = [y for (key, _, _), y in zip(rows, ys, strict=True) if key == era.key]
        assert {b - a for a, b in zip(era_ys, era_ys[1:], strict=False)} <= {1}


def test_timeline_alt_text_lists_every_row():
    """图 1 的替代文本：每个时代一段，段里每一行的年份后面是这一年的全部里程碑（括号里的说明可省）。"""
    alt = _alt("history_timeline.svg")
    starts = [alt.index(f"{era.name}（") for era in ERAS]
    assert starts == sorted(starts)
    for era, start, end in zip(ERAS, starts, starts[1:] + [len(alt)], strict=True):
        segment = alt[start:end]
        era_rows = [(year, ms) for key, year, ms in timeline_rows() if key == era.key]
        positions = [segment.index(f"{year} ") for year, _ in era_rows]
        assert positions == sorted(positions), era.name
        for (year, ms), pos, nxt in zip(era_rows, positions, positions[1:] + [len(segment)], strict=True):
            for m in ms:
                assert re.sub(r"（[^）]*）", "", m.label) in segment[pos:nxt], (year, m.label)


def test_page_numbers_match_the_facts():
    """页面正文里手写的关键数字与 facts 模块一致。"""
    from snippets.facts.milestones import CLIP_PAIRS_MILLION, INTERN_DATA_PERCENT, INTERN_DATASETS

    page = PAGE
    assert f"{TRAIN_IMAGES:,}" in page
    assert f"{HUMAN_TOP5_ERROR}%" in page and "12.0%" in page
    for e in winners():
        assert f"{e.top5_error:g}%" in page, e
    assert "15.3%" in page and "26.2%" in page and "7.3%" in page
    assert "1963" in page and "1964" in page  # 正确年份，以及勘误里引用的课件年份
    assert f"{INTERN_DATASETS} 个数据集" in page and f"{INTERN_DATA_PERCENT}% 的训练数据" in page
    assert f"约 {CLIP_PAIRS_MILLION // 100} 亿对" in page
    assert f"训练误差降到 {facts.ALEXNET_RELU_CIFAR_TRAIN_ERROR}% 快了 {facts.ALEXNET_RELU_SPEEDUP} 倍" in page
    assert f"{facts.ALEXNET_PARAMETERS_MILLION // 10 * 1000} 万个参数" in page


def test_every_percentage_on_the_page_comes_from_the_facts():
    """页面上（正文、替代文本、自测题、脚注）出现的每个百分数，都能在 facts 模块或运行输出里找到。"""
    from snippets.facts.milestones import INTERN_DATA_PERCENT, RCNN_RELATIVE_GAIN_PERCENT, RCNN_VOC2012_MAP

    top1, top5 = _demo_numbers()
    known = (
        {e.top5_error for e in ENTRIES}
        | {HUMAN_TOP5_ERROR, 12.0, 99.5, 99.9, round(top1), round(top5), INTERN_DATA_PERCENT}
        | {facts.ALEXNET_2010_TEST_TOP1, facts.ALEXNET_2010_TEST_TOP5, facts.ALEXNET_2012_SINGLE_VAL_TOP5}
        | {facts.ALEXNET_RELU_CIFAR_TRAIN_ERROR}
        | {b.top5_error for b in BELOW_HUMAN_BEFORE_RESNET}
        | {b.val_top5_error for b in BELOW_HUMAN_BEFORE_RESNET if b.val_top5_error is not None}
        | {b.single_model_top5_error for b in BELOW_HUMAN_BEFORE_RESNET}
        | {RCNN_VOC2012_MAP, RCNN_RELATIVE_GAIN_PERCENT}
    )
    on_page = {float(x) for x in re.findall(r"(\d+(?:\.\d+)?)\\?%", PAGE)}
    assert on_page - known == set()
    assert 17.0 in on_page and 4.94 in on_page
