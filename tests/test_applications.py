"""docs/cv/applications.md 的人脸比对演示：同一人相似度高于阈值，不同人低于阈值。"""

import itertools
import re

import pytest
import torch

from snippets.applications import THRESHOLD, error_rates, fake_embeddings, same_person
from snippets.screenshots import APPLICATIONS, SCREENSHOTS
from tests.conftest import ROOT

PAGE = (ROOT / "docs/cv/applications.md").read_text(encoding="utf-8")
RATES = (ROOT / "snippets/outputs/applications_rates.txt").read_text(encoding="utf-8")


def test_same_person_above_threshold_and_different_people_below():
    photos = fake_embeddings(n_people=5, shots=3)
    for (p, i), (q, j) in itertools.combinations(itertools.product(range(5), range(3)), 2):
        same, similarity = same_person(photos[p, i], photos[q, j])
        assert same == (p == q), (p, i, q, j, similarity)


def test_cosine_similarity_ignores_length():
    """余弦相似度只看方向：把向量放大不改变结论（所以光照变亮、特征整体变大也没关系）。"""
    a = torch.randn(128, generator=torch.Generator().manual_seed(1))
    same, similarity = same_person(a, 3 * a)
    assert same and abs(similarity - 1) < 1e-5
    assert same_person(a, -a)[0] is False
    assert 0 < THRESHOLD < 1


def _pairwise(photos, threshold):
    """逐对调用 same_person 数出两种错误，与 error_rates 的向量化写法互相核对。"""
    people, shots, _ = photos.shape
    false_accept = false_reject = n_same = n_diff = 0
    for (p, i), (q, j) in itertools.combinations(itertools.product(range(people), range(shots)), 2):
        same, _ = same_person(photos[p, i], photos[q, j], threshold)
        if p == q:
            n_same += 1
            false_reject += not same
        else:
            n_diff += 1
            false_accept += same
    return false_accept / n_diff, false_reject / n_same, n_same, n_diff


def test_error_rates_count_the_two_kinds_of_mistakes():
    photos = fake_embeddings(n_people=10, shots=5, noise=1.2, seed=1)
    for threshold in (0.2, 0.3, 0.4):
        far, frr, n_same, n_diff = _pairwise(photos, threshold)
        assert error_rates(photos, threshold) == pytest.approx((far, frr))
    assert (n_same, n_diff) == (100, 1125) and "同一人的对 100 个，不同人的对 1125 个" in RATES


def test_higher_threshold_trades_false_accepts_for_false_rejects():
    """页面：阈值越高，误识率越低，拒识率越高；这组数据上没有阈值能让两者同时为零。"""
    photos = fake_embeddings(n_people=10, shots=5, noise=1.2, seed=1)
    rates = [error_rates(photos, t) for t in (0.2, 0.3, 0.4)]
    fars, frrs = zip(*rates)
    assert fars[0] > fars[1] > fars[2] and frrs[0] < frrs[1] < frrs[2]
    assert fars[0] > 0 and frrs[2] > 0, "两端各有一种错误不为零，才看得出此消彼长"
    printed = re.findall(r"误识率 ([\d.]+)%，拒识率 ([\d.]+)%", RATES)
    assert [(float(a), float(b)) for a, b in printed] == [(round(100 * a, 2), round(100 * b, 2)) for a, b in rates]
    vectors = torch.nn.functional.normalize(photos.reshape(50, -1), dim=1)
    similarity, who = vectors @ vectors.T, torch.arange(10).repeat_interleave(5)
    same = who[:, None] == who[None]
    off_diagonal = ~torch.eye(50, dtype=bool)
    assert similarity[same & off_diagonal].min() < similarity[~same].max()
    assert all(far > 0 or frr > 0 for far, frr in (error_rates(photos, t / 100) for t in range(-100, 101)))
    assert "没有哪个阈值能让两种错误同时为零" in PAGE


def test_the_note_about_the_original_notes_matches_the_screenshot_map():
    """页面：讲应用的 8 张截图在 19:54 到 19:58，旁边只记了“pix2pix”。"""
    shots = [s for s in SCREENSHOTS if s.target.startswith(APPLICATIONS)]
    assert len(shots) == 8 and "讲应用的 8 张课件截图（19:54 到 19:58）" in PAGE
    assert shots[0].time.startswith("19:54") and shots[-1].time.startswith("19:58")
    assert [s.notes for s in shots if s.notes] == ["pix2pix"]
