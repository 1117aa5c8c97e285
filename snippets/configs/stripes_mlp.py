# 基础配置：用 MMEngine 执行器（Runner）训练 snippets/openmmlab.py 里的小分类器。
# 每个顶层变量是执行器的一个参数；type 的名字由 snippets/mmengine_demo.py 登记进 MMEngine 的注册器。
model = dict(
    type="ImageClassifier",
    backbone=dict(type="TinyMLP", out_channels=32),
    head=dict(type="LinearClsHead", in_channels=32, num_classes=3),
)
train_dataloader = dict(
    batch_size=30,
    num_workers=0,
    sampler=dict(type="DefaultSampler", shuffle=True),
    collate_fn=dict(type="default_collate"),  # 把一批样本叠成张量
    dataset=dict(type="StripeDataset", num_samples=300, seed=0),
)
optim_wrapper = dict(optimizer=dict(type="Adam", lr=0.005))
train_cfg = dict(by_epoch=True, max_epochs=8)
default_hooks = dict(
    logger=dict(type="LoggerHook", interval=10),  # 每 10 次迭代打印一行日志
    checkpoint=dict(type="CheckpointHook", interval=8),  # 每 8 轮保存一次断点
)
randomness = dict(seed=0)
