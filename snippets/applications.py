"""计算机视觉的应用：人脸比对这一步的最小演示（页面：docs/cv/applications.md）。

真实系统里，特征向量由神经网络从对齐后的人脸图像算出；这里用随机向量模拟它，
只演示“比对”这一步：同一个人的两次拍摄，特征向量方向相近；不同的人，方向随意。
"""

import math

import torch
import torch.nn.functional as F

from snippets.generated import output

# --8<-- [start:verify]
THRESHOLD = 0.6  # 余弦相似度高于它就判为同一个人；实际系统在验证集上调出这个阈值


def same_person(a, b, threshold=THRESHOLD):
    """比较两个人脸特征向量：余弦相似度（两向量夹角的余弦）足够大，就认为是同一个人。"""
    similarity = F.cosine_similarity(a, b, dim=0).item()
    return similarity >= threshold, similarity


def fake_embeddings(n_people=3, dim=128, shots=2, noise=0.5, seed=0):
    """模拟特征向量：每人一个“身份方向”，每次拍摄在它上面加一点噪声（光照、角度、表情）。"""
    g = torch.Generator().manual_seed(seed)
    identities = torch.randn(n_people, dim, generator=g)
    return identities[:, None, :] + noise * torch.randn(n_people, shots, dim, generator=g)


# --8<-- [end:verify]


# --8<-- [start:rates]
def error_rates(photos, threshold=THRESHOLD):
    """把所有照片两两配对，用 same_person 的规则判断，统计两种错误：
    误识率（false accept rate）：不同人的对里，被判成同一人的比例；
    拒识率（false reject rate）：同一人的对里，被判成不同人的比例。"""
    people, shots, dim = photos.shape
    vectors = F.normalize(photos.reshape(-1, dim), dim=1)  # 长度归一后，点积就是余弦相似度
    who = torch.arange(people).repeat_interleave(shots)  # 每张照片是谁
    i, j = torch.triu_indices(len(who), len(who), offset=1)  # 所有的照片对 (i, j)，i < j
    accepted = (vectors[i] * vectors[j]).sum(dim=1) >= threshold
    same = who[i] == who[j]
    return accepted[~same].float().mean().item(), (~accepted[same]).float().mean().item()


# --8<-- [end:rates]


@output("applications_face.txt")
def demo():
    # --8<-- [start:demo]
    photos = fake_embeddings()  # 形状 (3 个人, 2 张照片, 128 维)
    pairs = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((0, 0), (1, 0)), ((0, 1), (2, 0))]
    for (p, i), (q, j) in pairs:
        same, similarity = same_person(photos[p, i], photos[q, j])
        verdict = "是同一人" if same else "不是同一人"
        truth = "同一人" if p == q else "不同人"
        print(f"第 {p} 人第 {i} 张 vs 第 {q} 人第 {j} 张：相似度 {similarity:+.2f} → {verdict}（实际：{truth}）")
    # --8<-- [end:demo]


@output("applications_rates.txt")
def rates_demo():
    # --8<-- [start:rates-demo]
    photos = fake_embeddings(n_people=10, shots=5, noise=1.2, seed=1)  # 噪声更大：拍摄条件更差
    same_pairs, all_pairs = 10 * math.comb(5, 2), math.comb(10 * 5, 2)
    print(f"10 人各 5 张照片：同一人的对 {same_pairs} 个，不同人的对 {all_pairs - same_pairs} 个")
    for threshold in (0.2, 0.3, 0.4):
        far, frr = error_rates(photos, threshold)
        print(f"阈值 {threshold:.1f}：误识率 {far:.2%}，拒识率 {frr:.2%}")
    # --8<-- [end:rates-demo]
