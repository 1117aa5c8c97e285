"""OpenMMLab 体系：代码库地图、发布历程，以及“配置文件 + 注册器 + 执行器”设计的一个迷你版本。

迷你版本只用 PyTorch，不依赖 mmcv / mmengine，目的是看清 MMEngine 里面是怎么做的，而不是复刻它的全部功能；
真实的 MMEngine 见 snippets/mmengine_demo.py，两者的异同由 tests/test_mmengine_demo.py 同时运行两边来检查。

页面：docs/openmmlab/ecosystem.md；测试：tests/test_openmmlab.py；数据：snippets/facts/openmmlab.py。
"""

import copy

import torch
from torch import nn
from torch.nn import functional as F

from snippets.facts import openmmlab as facts
from snippets.generated import figure, output
from snippets.plotting import COLORS


# --8<-- [start:registry]
class Registry:
    """注册器：把“名字（字符串）”映射到“类”，再按配置字典把类实例化。"""

    def __init__(self, name):
        self.name = name
        self._modules = {}

    def register_module(self, name=None):
        """装饰器：@MODELS.register_module() 把类登记在它自己的类名下。"""

        def decorate(cls):
            key = name or cls.__name__
            if key in self._modules:
                raise KeyError(f"{key} 已经登记在注册器 {self.name!r} 里了")
            self._modules[key] = cls
            return cls

        return decorate

    def get(self, key):
        if key not in self._modules:
            raise KeyError(f"{key!r} 不在注册器 {self.name!r} 里：检查 type 是否拼错，定义它的模块是否已被导入")
        return self._modules[key]

    def build(self, cfg, default_args=None):
        """cfg 是一个字典：type 指明登记的名字（也可以直接是类），其余键值作为构造参数。
        default_args 是调用者补充的参数，只补配置里没写的键：两边都有时以配置为准。"""
        args = dict(cfg)  # 复制一份，不改动调用者的配置
        for key, value in (default_args or {}).items():
            args.setdefault(key, value)
        obj_type = args.pop("type")
        cls = self.get(obj_type) if isinstance(obj_type, str) else obj_type
        return cls(**args)  # 参数里的子配置（例如 backbone=dict(...)）原样传进去，由这个类自己构建


MODELS = Registry("models")
DATASETS = Registry("datasets")
OPTIMIZERS = Registry("optimizers")
# --8<-- [end:registry]


# --8<-- [start:components]
@MODELS.register_module()
class TinyMLP(nn.Module):
    """骨干网络一：把 8×8 图像拉平，经过两层全连接，输出 out_channels 维特征。"""

    def __init__(self, out_channels=32):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Flatten(), nn.Linear(64, out_channels), nn.ReLU(), nn.Linear(out_channels, out_channels), nn.ReLU()
        )

    def forward(self, x):
        return self.layers(x)


@MODELS.register_module()
class TinyCNN(nn.Module):
    """骨干网络二：两层 3×3 卷积 + 池化，同样输出 out_channels 维特征。"""

    def __init__(self, out_channels=32):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
            nn.Flatten(), nn.Linear(16, out_channels), nn.ReLU(),
        )  # fmt: skip

    def forward(self, x):
        return self.layers(x)


@MODELS.register_module()
class LinearClsHead(nn.Module):
    """分类头：一个全连接层把特征变成各类别的得分，并负责算损失。"""

    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.fc = nn.Linear(in_channels, num_classes)

    def forward(self, features):
        return self.fc(features)

    def loss(self, features, labels):
        return F.cross_entropy(self(features), labels)


@MODELS.register_module()
class ImageClassifier(nn.Module):
    """分类器 = 骨干网络（提取特征）+ 分类头（给出类别）。两部分都由配置决定。"""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = MODELS.build(backbone)  # 子部件的配置（字典）由上层模块自己构建
        self.head = MODELS.build(head)

    def forward(self, images):
        return self.head(self.backbone(images))

    def loss(self, images, labels):
        return self.head.loss(self.backbone(images), labels)


@DATASETS.register_module()
class StripeDataset(torch.utils.data.TensorDataset):
    """合成数据：8×8 噪声图像里有一条亮线，类别 0/1/2 = 横线/竖线/循环移位的对角线。"""

    def __init__(self, num_samples=300, noise=0.5, seed=0):
        g = torch.Generator().manual_seed(seed)
        labels = torch.arange(num_samples) % 3
        images = noise * torch.randn(num_samples, 1, 8, 8, generator=g)
        where = torch.randint(0, 8, (num_samples,), generator=g)  # 亮线的位置
        for i, (label, k) in enumerate(zip(labels.tolist(), where.tolist())):
            if label == 0:
                images[i, 0, k, :] += 1.5
            elif label == 1:
                images[i, 0, :, k] += 1.5
            else:
                images[i, 0] += 1.5 * torch.eye(8).roll(k, dims=1)
        super().__init__(images, labels)


# PyTorch 自带的优化器也登记进来，配置里就能写 type="SGD"
OPTIMIZERS.register_module()(torch.optim.SGD)
OPTIMIZERS.register_module()(torch.optim.Adam)
# --8<-- [end:components]


# --8<-- [start:config]
# 一份完整的实验配置：模型、数据、优化器、训练轮数、随机种子，全部是普通的字典。
# 顶层的键名和 MMEngine 执行器（Runner）的参数同名；数据集、模型都是我们自己登记的部件
CONFIG = dict(
    model=dict(
        type="ImageClassifier",
        backbone=dict(type="TinyMLP", out_channels=32),
        head=dict(type="LinearClsHead", in_channels=32, num_classes=3),
    ),
    train_dataloader=dict(
        batch_size=30,
        sampler=dict(type="DefaultSampler", shuffle=True),  # 迷你执行器只读 shuffle
        dataset=dict(type="StripeDataset", num_samples=300, seed=0),
    ),
    optim_wrapper=dict(optimizer=dict(type="Adam", lr=0.005)),
    train_cfg=dict(by_epoch=True, max_epochs=8),
    randomness=dict(seed=0),
)
# --8<-- [end:config]


# --8<-- [start:merge]
def merge_config(base, override):
    """像 OpenMMLab 的 _base_ 继承那样合并两份配置：override 里写到的键覆盖 base，没写到的保留。
    字典里写 _delete_=True 表示不继承 base 里的这个字典，整个换掉。"""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and value.get("_delete_"):
            merged[key] = {k: copy.deepcopy(v) for k, v in value.items() if k != "_delete_"}
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_config(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


# 换骨干网络：只写与基础配置不同的那一行（out_channels=32 从基础配置继承下来）
CNN_CONFIG = merge_config(CONFIG, dict(model=dict(backbone=dict(type="TinyCNN"))))
# --8<-- [end:merge]


# --8<-- [start:runner]
def run(cfg):
    """迷你执行器：按配置构建全部组件，然后执行训练循环。返回模型和每一轮的平均损失。"""
    seed = cfg["randomness"]["seed"]
    torch.manual_seed(seed)  # 固定随机种子，结果可复现
    model = MODELS.build(cfg["model"])
    loader_cfg = cfg["train_dataloader"]
    dataset = DATASETS.build(loader_cfg["dataset"])
    params = dict(params=model.parameters())  # 配置里写不出模型的参数，由执行器补上
    optimizer = OPTIMIZERS.build(cfg["optim_wrapper"]["optimizer"], default_args=params)
    loader = torch.utils.data.DataLoader(
        dataset,
        batch_size=loader_cfg["batch_size"],
        shuffle=loader_cfg["sampler"]["shuffle"],
        generator=torch.Generator().manual_seed(seed),
    )
    if not cfg["train_cfg"]["by_epoch"]:
        raise NotImplementedError("迷你执行器只实现了按轮（epoch）训练")
    epoch_losses = []
    for _ in range(cfg["train_cfg"]["max_epochs"]):
        total = 0.0
        for images, labels in loader:
            loss = model.loss(images, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
        epoch_losses.append(total / len(dataset))
    return model, epoch_losses


def accuracy(model, dataset):
    images, labels = dataset.tensors
    with torch.no_grad():
        return (model(images).argmax(dim=1) == labels).float().mean().item()


# --8<-- [end:runner]


def count_parameters(module):
    return sum(p.numel() for p in module.parameters())


@output("openmmlab_registry_demo.txt")
def registry_demo():
    # --8<-- [start:demo]
    test_set = StripeDataset(num_samples=300, seed=1)  # 另一个种子：训练时没见过的测试数据
    for name, cfg in [("基础配置", CONFIG), ("换成 TinyCNN", CNN_CONFIG)]:
        model, losses = run(cfg)
        print(f"== {name}：backbone=dict(type={cfg['model']['backbone']['type']!r}) ==")
        parts = f"backbone={type(model.backbone).__name__}, head={type(model.head).__name__}"
        print(f"  构建出的模型：{type(model).__name__}({parts})")
        print(f"  参数量：骨干 {count_parameters(model.backbone)}，分类头 {count_parameters(model.head)}")
        print(f"  每轮平均损失：{' → '.join(f'{x:.3f}' for x in losses)}")
        train_set = DATASETS.build(cfg["train_dataloader"]["dataset"])
        print(f"  准确率：训练集 {accuracy(model, train_set):.1%}，测试集 {accuracy(model, test_set):.1%}")

    try:
        MODELS.build(dict(type="ResNet", depth=50))  # 一个没有登记过的类型
    except KeyError as error:
        print(f"KeyError: {error.args[0]}")
    # --8<-- [end:demo]


def compare_backbones(seed):
    """换一个随机种子（初始化、训练数据、打乱顺序、测试数据都跟着换），两个骨干网络各训练一次。
    返回 {骨干名: (最后一轮损失, 训练集准确率, 测试集准确率)}。"""
    override = dict(randomness=dict(seed=seed), train_dataloader=dict(dataset=dict(seed=seed)))
    test_set = StripeDataset(num_samples=300, seed=1000 + seed)
    results = {}
    for cfg in (CONFIG, CNN_CONFIG):
        cfg = merge_config(cfg, override)
        model, losses = run(cfg)
        train_set = DATASETS.build(cfg["train_dataloader"]["dataset"])
        results[cfg["model"]["backbone"]["type"]] = (losses[-1], accuracy(model, train_set), accuracy(model, test_set))
    return results


OTHER_SEED = 5  # 页面上用来说明“结论依赖种子”的那个种子


@output("openmmlab_other_seed.txt")
def other_seed_demo():
    for name, (loss, train_acc, test_acc) in compare_backbones(OTHER_SEED).items():
        accuracies = f"训练集准确率 {train_acc:.1%}，测试集准确率 {test_acc:.1%}"
        print(f"种子 {OTHER_SEED}，{name}：最后一轮损失 {loss:.3f}，{accuracies}")


# ---- 版本搭配表 ----------------------------------------------------------------------------------


def _when(release):
    """一格里的版本和日期，例如“3.0.0rc5（候选版）<br>2022-12-26”：版本号带 rc 的是候选版。"""
    from packaging.version import Version

    kind = "（候选版）" if Version(release.version).is_prerelease else ""
    return f"{release.version}{kind}<br>{release.released}"


def _requirement_cell(line, shown, field):
    """“需要的 MMEngine / MMCV”一格：列出上课时的版本和正式版各自的要求；两者相同时只写一次。"""
    specs = [(r.version, getattr(r, field)) for r in line.requires if r.version in shown]
    if len({spec for _, spec in specs}) == 1:
        spec = specs[0][1]
        return f"`{spec}`" if spec else "不依赖"
    return "<br>".join(f"{version}：`{spec}`" for version, spec in specs)


@output("openmmlab_versions.md")
def print_version_table():
    """页面上的版本搭配表（Markdown）：每个代码库一行，数据在 snippets/facts/openmmlab.py。"""
    day = facts.LECTURE_DATE
    print(f"| 代码库（2.0 系列） | 上课时（{day}） | 正式版 | 需要的 MMEngine | 需要的 MMCV |")
    print("| --- | --- | --- | --- | --- |")
    for line in facts.VERSION_LINES:
        current = facts.latest_on(line, day)
        final = facts.release(line, line.final) if line.final else None
        shown = {r.version for r in (current, final) if r}
        mmengine = "—" if line.codebase == "MMEngine" else _requirement_cell(line, shown, "mmengine")
        mmcv = "—" if line.codebase == "MMCV" else _requirement_cell(line, shown, "mmcv")
        cells = (
            f"{line.codebase} {line.series}[^{line.footnote}]",
            _when(current) if current else "—（课后才有）",
            _when(final) if final else line.final_note,
            mmengine,
            mmcv,
        )
        print("| " + " | ".join(cells) + " |")


# ---- 图 ----------------------------------------------------------------------------------------

LAYER_COLORS = {
    facts.FOUNDATION: COLORS["sky"],
    facts.ALGORITHM: COLORS["orange"],
    facts.DEPLOYMENT: COLORS["green"],
}
LAYER_HATCHES = {facts.FOUNDATION: "", facts.ALGORITHM: "", facts.DEPLOYMENT: "//"}


def _box(ax, x, y, w, h, text, facecolor, *, fontsize=10, hatch="", dashed=False, weight="normal", alpha=0.35):
    """画一个圆角框：浅色填充（可加斜线阴影）+ 黑色边框（虚线表示后来合并或改了名），中间写字。"""
    from matplotlib.patches import FancyBboxPatch

    style = "round,pad=0,rounding_size=0.08"
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=style, facecolor=facecolor, alpha=alpha, edgecolor="none"))
    if hatch:
        ax.add_patch(
            FancyBboxPatch((x, y), w, h, boxstyle=style, facecolor="none", edgecolor=facecolor, hatch=hatch, lw=0)
        )
    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle=style, facecolor="none", edgecolor="black", lw=0.9, ls="--" if dashed else "-"
        )
    )
    if text:
        background = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none") if hatch else None
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fontsize, weight=weight, bbox=background)


def _renames():
    """课后的改名 / 合并：[(新名字, 日期, [旧名字, ...]), ...]，按日期排序。"""
    new_names = sorted({(c.renamed_to, c.renamed_on) for c in facts.CODEBASES if c.renamed_to}, key=lambda r: r[1])
    return [(new, day, [c.name for c in facts.CODEBASES if c.renamed_to == new]) for new, day in new_names]


def _change_notes():
    """图上的注释：每一次合并或改名一行，按日期排序。"""
    events = [(c.merged_on, f"{c.name} 1.x 并入 {c.merged_into} 1.x") for c in facts.CODEBASES if c.merged_into]
    for new, day, olds in _renames():
        events.append((day, f"{'、'.join(olds)} {'合并为' if len(olds) > 1 else '改名为'} {new}"))
    return [f"{text}（{day:%Y-%m-%d}）" for day, text in sorted(events)]


@figure("openmmlab_map.svg")
def draw_codebase_map():
    """OpenMMLab 代码库地图：自下而上 PyTorch → 基础库 → 按方向分组的算法库 → 部署。"""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.6, 8.3))
    ax.set(xlim=(0, 12), ylim=(0, 15.4))
    ax.axis("off")
    full_w = 11.6

    # 底层：PyTorch
    _box(ax, 0.2, 0.2, full_w, 0.9, "PyTorch（深度学习框架）", COLORS["gray"], fontsize=11, alpha=0.3)

    # 基础库
    foundations = [c for c in facts.CODEBASES if c.layer == facts.FOUNDATION]
    ax.text(0.2, 2.6, "基础库", fontsize=10.5, va="bottom")
    width = (full_w - 0.25 * (len(foundations) - 1)) / len(foundations)
    for i, codebase in enumerate(foundations):
        role = codebase.task_zh.split("：")[0]
        _box(ax, 0.2 + i * (width + 0.25), 1.4, width, 1.1, f"{codebase.name}\n{role}", LAYER_COLORS[codebase.layer])

    # 算法库：3 × 3 个方向框，每个框里列出该方向的代码库
    cols, col_w, col_gap = 3, (full_w - 2 * 0.25) / 3, 0.25
    row_h, row_gap, bottom = 3.1, 0.2, 2.95
    top = bottom + 3 * row_h + 2 * row_gap
    ax.text(0.2, top + 0.05, "算法库（按任务方向分组）", fontsize=10.5, va="bottom")
    for index, area in enumerate(facts.AREAS):
        row, col = divmod(index, cols)
        x = 0.2 + col * (col_w + col_gap)
        y = top - (row + 1) * row_h - row * row_gap
        _box(ax, x, y, col_w, row_h, "", LAYER_COLORS[facts.ALGORITHM], alpha=0.12)
        ax.text(x + col_w / 2, y + row_h - 0.33, area, ha="center", va="center", fontsize=10.5)
        members = [c for c in facts.CODEBASES if c.area == area]
        for k, codebase in enumerate(members):
            changed = bool(codebase.renamed_to or codebase.merged_into)
            label = codebase.name + ("*" if changed else "")
            box_y = y + row_h - 0.65 - (k + 1) * 0.76
            _box(
                ax, x + 0.2, box_y, col_w - 0.4, 0.66, label, LAYER_COLORS[facts.ALGORITHM],
                dashed=changed, alpha=0.45,
            )  # fmt: skip

    # 顶层：部署
    deploy = next(c for c in facts.CODEBASES if c.layer == facts.DEPLOYMENT)
    deploy_y = top + 0.5
    _box(
        ax, 0.2, deploy_y, full_w, 1.0, f"{deploy.name}：把模型部署到各种推理引擎和硬件",
        LAYER_COLORS[deploy.layer], hatch=LAYER_HATCHES[deploy.layer], fontsize=10.5,
    )  # fmt: skip

    notes = _change_notes()
    ax.text(0.2, deploy_y + 1.2, "* 虚线框：后来合并或改名\n" + "\n".join("   " + n for n in notes), fontsize=10,
            va="bottom", linespacing=1.3)  # fmt: skip
    fig.tight_layout()
    return fig


@figure("openmmlab_timeline.svg")
def draw_release_timeline():
    """各代码库首次发布的年份；2023 年一列是课后的改名与合并。"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    years = list(range(facts.FOUNDED_YEAR, facts.LECTURE_DATE.year + 1))
    fig, ax = plt.subplots(figsize=(8.8, 5.4))
    col_w, box_h, step = 0.94, 0.78, 0.9
    tallest = 0
    for i, year in enumerate(years):
        members = [c for c in facts.CODEBASES if c.first_release == year]
        members.sort(key=lambda c: (facts.LAYERS.index(c.layer), c.name))
        for k, codebase in enumerate(members):
            _box(
                ax,
                i - col_w / 2,
                k * step,
                col_w,
                box_h,
                codebase.name,
                LAYER_COLORS[codebase.layer],
                hatch=LAYER_HATCHES[codebase.layer],
                fontsize=10,
                alpha=0.45,
            )
        tallest = max(tallest, len(members))

    # 2019 年：后来不在课件列表里的早期代码库（灰色）
    i = years.index(2019)
    early = sorted(facts.EARLY_CODEBASES, key=lambda c: c.released)
    for k, codebase in enumerate(early):
        _box(ax, i - col_w / 2, k * step, col_w, box_h, codebase.name, COLORS["gray"], fontsize=10, alpha=0.3)

    # 课前的合并：MMGeneration 1.x 并入 MMEditing 1.x（虚线框，放在合并那一年的一列上方）
    for codebase in (c for c in facts.CODEBASES if c.merged_into):
        i = years.index(codebase.merged_on.year)
        k = sum(c.first_release == codebase.merged_on.year for c in facts.CODEBASES)
        text = f"{codebase.merged_on:%m-%d}\n{codebase.name}\n并入\n{codebase.merged_into}"
        _box(ax, i - col_w / 2, k * step, col_w, 2.1, text, "white", dashed=True, fontsize=10)

    # 课程之后：改名与合并（虚线框）
    i = years.index(facts.LECTURE_DATE.year)
    ax.axvline(i - 0.5, color=COLORS["red"], ls=":", lw=1.5)
    ax.text(i - 0.47, tallest * step, "课程\n2023-02-01", color=COLORS["red"], fontsize=10, va="top")
    for k, (new, day, olds) in enumerate(_renames()):
        how = "合并自" if len(olds) > 1 else "改名自"
        text = f"{new}\n{day:%m-%d} {how}\n" + "\n".join(olds)
        _box(ax, i - col_w / 2, k * 2.3, col_w, 2.1, text, "white", dashed=True, fontsize=10)

    ax.set_xlim(-0.55, len(years) - 0.45)
    ax.set_ylim(-0.2, tallest * step + 0.2)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("首次发布的年份（按课程时的名字）")
    handles = [
        Patch(facecolor=LAYER_COLORS[layer], alpha=0.45, hatch=LAYER_HATCHES[layer], edgecolor="black", label=layer)
        for layer in facts.LAYERS
    ]
    handles.insert(0, Patch(facecolor=COLORS["gray"], alpha=0.3, edgecolor="black", label="2019 年的早期代码库"))
    handles.append(Patch(facecolor="white", edgecolor="black", linestyle="--", label="合并/改名"))
    ax.legend(handles=handles, loc="upper left", fontsize=10, framealpha=0.95)
    ax.set_title("OpenMMLab 代码库的发布历程")
    fig.tight_layout()
    return fig
