"""OpenMMLab 体系：用真实的 MMEngine（PyPI 包 mmengine-lite）登记部件、读配置文件、用执行器（Runner）训练。

部件（骨干网络、分类头、数据集）就是 snippets/openmmlab.py 迷你版本里的那几个类，登记进 MMEngine 的注册器；
配置文件在 snippets/configs/。迷你版本与 MMEngine 的异同由 tests/test_mmengine_demo.py 同时运行两边来检查。

页面：docs/openmmlab/ecosystem.md；测试：tests/test_mmengine_demo.py。
"""

import contextlib
import io
import itertools
import re
import tempfile
from pathlib import Path

import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.registry import DATASETS, MODELS

from snippets.generated import output
from snippets.openmmlab import LinearClsHead, StripeDataset, TinyCNN, TinyMLP

# --8<-- [start:register]
# MODELS、DATASETS 是 MMEngine 的注册器（from mmengine.registry import DATASETS, MODELS）
# 部件就是迷你版本里的普通 nn.Module，原样登记进 MMEngine 的注册器（register_module 也可以不当装饰器用）
for part in (TinyMLP, TinyCNN, LinearClsHead):
    MODELS.register_module(module=part)
DATASETS.register_module(module=StripeDataset)


@MODELS.register_module()
class ImageClassifier(BaseModel):
    """执行器要求模型继承 BaseModel：forward 多一个 mode 参数，mode="loss" 时返回装着损失的字典。"""

    def __init__(self, backbone, head, data_preprocessor=None):
        super().__init__(data_preprocessor)
        self.backbone = MODELS.build(backbone)  # 和迷你版本一样，子部件由上层模块自己构建
        self.head = MODELS.build(head)

    def forward(self, inputs, labels=None, mode="tensor"):
        scores = self.head(self.backbone(inputs))
        if mode == "loss":
            return dict(loss=F.cross_entropy(scores, labels))
        if mode == "predict":
            return scores.argmax(dim=1)
        return scores  # mode="tensor"：原始得分


# --8<-- [end:register]

CONFIG_DIR = Path(__file__).resolve().parent / "configs"


@output("mmengine_build.txt")
def build_demo():
    # --8<-- [start:build]
    from mmengine.registry import OPTIMIZERS, build_from_cfg

    cfg = dict(type="TinyCNN", out_channels=16)
    backbone = build_from_cfg(cfg, MODELS)  # 等价于 MODELS.build(cfg)
    print(f"{cfg} → {type(backbone).__name__}，输出 {backbone.layers[-2].out_features} 维特征")

    # 优化器的 params 写不进配置，由 default_args 补上；配置里写了的键以配置为准
    adam = OPTIMIZERS.build(dict(type="Adam", lr=0.01), default_args=dict(params=backbone.parameters(), lr=1.0))
    print(f"优化器：{type(adam).__module__}.{type(adam).__name__}，lr = {adam.defaults['lr']}")
    print(f"注册器：{MODELS.scope}::{MODELS.name}，登记了 TinyCNN：{MODELS.get('TinyCNN') is TinyCNN}")
    try:
        MODELS.build(dict(type="ResNet", depth=50))  # 一个没有登记过的类型
    except KeyError as error:
        print(f"KeyError: {error.args[0]}")
    # --8<-- [end:build]


def config_path(name):
    return str(CONFIG_DIR / name)


@output("mmengine_config.txt")
def config_demo():
    # --8<-- [start:config]
    from mmengine.config import Config

    cfg = Config.fromfile(config_path("stripes_cnn.py"))  # 先读 _base_ 里的文件，再把子配置合并进去
    print("model.backbone =", cfg.model.backbone)  # _delete_=True：out_channels 没有继承下来
    print("model.head =", cfg.model.head)  # 子配置没写：整个继承
    print("optim_wrapper =", cfg.optim_wrapper)  # 只覆盖 lr，type 继承
    print("顶层的键：", ", ".join(cfg.keys()))
    # --8<-- [end:config]


# 日志里每次运行都不同的部分：行首的日期时间、剩余时间、每次迭代的耗时和内存，以及临时目录的路径
LOG_LINE = re.compile(r"^\d\d/\d\d \d\d:\d\d:\d\d - mmengine - INFO - (?P<message>.*)$")
VOLATILE = re.compile(r"\s+(eta|time|data_time|memory): \S+")
KEPT = ("Epoch(train)", "Checkpoints will be saved", "Saving checkpoint")
_RUN_IDS = itertools.count()  # 每次运行一个新名字：MMEngine 的日志器按名字缓存，同名会写进上一次的输出


def clean_log(text, work_dir):
    """从执行器打印的日志里挑出训练过程的几行，去掉时间、耗时和路径，使输出每次都逐字节相同。"""
    lines = []
    for raw in text.splitlines():
        found = LOG_LINE.match(raw)
        if found and found["message"].startswith(KEPT):
            lines.append(VOLATILE.sub("", found["message"]).replace(str(work_dir), "<work_dir>"))
    return lines


def train(config_file, work_dir):
    """用 MMEngine 的执行器按配置文件训练；返回执行器和它打印的日志（原样）。"""
    from mmengine.config import Config
    from mmengine.runner import Runner

    cfg = Config.fromfile(config_file)
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = f"{Path(config_file).stem}_{next(_RUN_IDS)}"
    log = io.StringIO()
    with contextlib.redirect_stdout(log):  # 执行器的日志写到标准输出
        runner = Runner.from_cfg(cfg)
        runner.train()
    return runner, log.getvalue()


@output("mmengine_runner.txt")
def runner_demo():
    # --8<-- [start:runner]
    from snippets.openmmlab import accuracy

    with tempfile.TemporaryDirectory() as work_dir:  # 断点和日志文件写在这里
        runner, log = train(config_path("stripes_mlp.py"), work_dir)
        print("\n".join(clean_log(log, work_dir)))
        print("work_dir 里的断点：", ", ".join(sorted(p.name for p in Path(work_dir).glob("*.pth"))))
    test_set = StripeDataset(num_samples=300, seed=1)  # 训练时没见过的测试数据
    print(f"测试集准确率：{accuracy(runner.model.eval(), test_set):.1%}")
    # --8<-- [end:runner]
