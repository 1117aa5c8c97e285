"""docs/cv/applications.md 的人脸比对演示：同一人相似度高于阈值，不同人低于阈值。"""

import itertools

import torch

from snippets.applications import THRESHOLD, fake_embeddings, same_person


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
