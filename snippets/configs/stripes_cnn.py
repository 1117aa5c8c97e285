# 子配置：继承基础配置，只写不同的地方。
_base_ = ["./stripes_mlp.py"]

model = dict(backbone=dict(_delete_=True, type="TinyCNN"))  # _delete_：不继承基础配置里 backbone 的旧键
optim_wrapper = dict(optimizer=dict(lr=0.01))  # 只改学习率，type="Adam" 从基础配置继承
