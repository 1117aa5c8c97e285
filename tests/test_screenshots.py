"""原笔记截图对照表：58 个编号各出现一次，每个都指向本站真实存在的小节。"""

import itertools
import re

import pytest

from snippets.screenshots import SCREENSHOTS, section_text, section_title
from tests.conftest import ROOT

SEED_DIR = ROOT.parent / "shared" / "seed"  # 原笔记（CI 和开发机上与仓库并列；单独克隆的仓库里没有）


def test_58_unique_ids_in_time_order():
    ids = [shot.id for shot in SCREENSHOTS]
    assert len(ids) == 58
    assert len(set(ids)) == 58, "有编号重复"
    assert ids == sorted(ids), "按截图时刻排列"
    assert all(re.fullmatch(r"20230201\d{9}", i) for i in ids)


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="没有原笔记（../shared/seed），只能检查表本身")
def test_every_seed_screenshot_appears_exactly_once():
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt")))
    seed_ids = re.findall(r"!\[image-(\d+)\]", seed)
    assert len(seed_ids) == 58
    table_ids = [shot.id for shot in SCREENSHOTS]
    assert sorted(seed_ids) == sorted(table_ids)


@pytest.mark.parametrize("shot", SCREENSHOTS, ids=[s.id for s in SCREENSHOTS])
def test_target_section_exists(shot):
    page = shot.target.partition("#")[0]
    assert (ROOT / "docs" / page).is_file(), f"{shot.id} 指向的 {page} 不存在"
    assert section_title(shot.target)  # 小节不存在时抛出 ValueError，指明是哪一项


@pytest.mark.parametrize("shot", SCREENSHOTS, ids=[s.id for s in SCREENSHOTS])
def test_target_section_covers_the_topic(shot):
    """链接的那一节（含子节）真的讲这张截图的主题：主题词都出现在那一节的正文里，而不只是锚点存在。"""
    assert shot.evidence, f"{shot.id} 没有写主题词"
    text = section_text(shot.target)
    missing = [word for word in shot.evidence if word.casefold() not in text.casefold()]
    assert missing == [], f"{shot.id}（{shot.topic}）指向 {shot.target}，那一节里没有 {missing}"


def test_missing_section_is_reported():
    with pytest.raises(ValueError, match="dl/perceptron.md 里没有 id 为 不存在的小节"):
        section_title("dl/perceptron.md#不存在的小节")


def test_timeline_counts_every_part():
    from snippets.screenshots import PARTS, part_of

    counts = {part: sum(part_of(s) == part for s in SCREENSHOTS) for part in PARTS.values()}
    assert sum(counts.values()) == 58 and all(counts.values())


def test_table_has_one_group_per_part_in_lecture_order():
    """附录页的对照表每个部分一组（二级标题）：截图按时刻排列时，同一部分的截图连在一起，各部分的先后与课程一致。"""
    from snippets.screenshots import PARTS, part_of

    runs = [part for part, _ in itertools.groupby(SCREENSHOTS, key=part_of)]
    assert runs == list(PARTS.values())
    table = (ROOT / "snippets/outputs/screenshots_table.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", table, re.M) == runs


def test_home_page_times_match_the_screenshots():
    """首页写的截图时刻（第一张、最后一张、20:29 到 20:36 的空档）与截图编号里的时刻一致。"""
    from snippets.screenshots import part_of

    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    first, last = SCREENSHOTS[0].time[:5], SCREENSHOTS[-1].time[:5]
    assert f"截图的时刻（{first} 到 {last}）" in index and f"横轴是直播时间，从 {first} 到 {last}。" in index
    assert SCREENSHOTS[-1].target.startswith("dl/mlp.md") and f"原笔记在多层感知机（{last}）之后就停了" in index
    # 图 1 的替代文字：20:29 到 20:36 之间没有截图，空档之前是框架与 OpenMMLab，之后是深度学习与卷积，这是最长的空档
    times = [shot.time for shot in SCREENSHOTS]
    seconds = [shot.seconds for shot in SCREENSHOTS]
    longest = max(range(len(seconds) - 1), key=lambda i: seconds[i + 1] - seconds[i])
    before, after = SCREENSHOTS[longest], SCREENSHOTS[longest + 1]
    assert before.time[:5] == "20:28" and after.time[:5] == "20:36", (before.time, after.time)
    assert part_of(before) == "框架与 OpenMMLab" and part_of(after) == "深度学习与卷积"
    assert not any("20:29:00" <= t < "20:36:00" for t in times)
    assert "框架与 OpenMMLab；20:29 到 20:36 之间没有截图，之后是深度学习与卷积" in index


def test_parts_are_the_nav_sections_of_their_pages():
    """首页时间线的图例用导航里各节的名字：每张截图所属的部分，就是它指向的页面在导航里所在的那一节。"""
    from snippets.screenshots import part_of
    from tests.conftest import CONFIG

    section_of = {}
    for entry in CONFIG["nav"]:
        for name, pages in entry.items():
            for page in pages if isinstance(pages, list) else []:
                section_of.update({src: name for src in page.values()})
    pages = [(shot, shot.target.partition("#")[0]) for shot in SCREENSHOTS]
    wrong = [
        (s.id, part_of(s), section_of.get(p)) for s, p in pages if p != "index.md" and part_of(s) != section_of.get(p)
    ]
    assert wrong == []
