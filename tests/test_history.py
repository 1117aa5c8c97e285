"""检查 docs/cv/history.md 上的说法：top-5 错误率的定义、ILSVRC 冠军图、里程碑时间线。"""

import io
from contextlib import redirect_stdout

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.patches import Rectangle

from snippets.facts import Source
from snippets.facts.ilsvrc import ENTRIES, HUMAN_TOP5_ERROR, TRAIN_IMAGES
from snippets.facts.milestones import ERAS, LECTURE_DATE, MILESTONES
from snippets.history import draw_ilsvrc, draw_timeline, timeline_rows, topk_demo, topk_error, winners, winners_table

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
def timeline_texts():
    fig = draw_timeline()
    yield [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)


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


def test_chart_bars_are_the_facts_numbers(ilsvrc_axes):
    bars = sorted((p for p in ilsvrc_axes.patches if isinstance(p, Rectangle)), key=lambda p: p.get_x())
    heights = [round(p.get_height(), 3) for p in bars]
    assert heights == [e.top5_error for e in winners()]
    assert heights == [BRIEF_TABLE[year][1] for year in sorted(BRIEF_TABLE)]


def test_chart_years_increase_and_label_winner_and_depth(ilsvrc_axes):
    ticks = [t.get_text() for t in ilsvrc_axes.get_xticklabels()]
    assert list(ilsvrc_axes.get_xticks()) == sorted(ilsvrc_axes.get_xticks())
    for tick, e in zip(ticks, winners(), strict=True):
        assert tick.startswith(str(e.year))
        assert e.label.replace("-", "") in tick.replace("\n", "").replace("-", "")
        if e.label in DEPTHS:
            assert f"{DEPTHS[e.label]} 层" in tick


def test_human_reference_line_is_5_1(ilsvrc_axes):
    assert HUMAN_TOP5_ERROR == 5.1
    flat = [line for line in ilsvrc_axes.get_lines() if len(set(line.get_ydata())) == 1]
    assert [line.get_ydata()[0] for line in flat] == [5.1]


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


def test_dataset_size():
    assert TRAIN_IMAGES == 1_281_167


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


def test_page_numbers_match_the_facts():
    """页面正文里手写的关键数字与 facts 模块一致。"""
    from tests.conftest import ROOT

    page = (ROOT / "docs/cv/history.md").read_text(encoding="utf-8")
    assert f"{TRAIN_IMAGES:,}" in page
    assert f"{HUMAN_TOP5_ERROR}%" in page and "12.0%" in page
    for e in winners():
        assert f"{e.top5_error:g}%" in page, e
    assert "15.3%" in page and "26.2%" in page and "7.3%" in page
    assert "1963" in page and "1964" in page  # 正确年份，以及勘误里引用的课件年份
