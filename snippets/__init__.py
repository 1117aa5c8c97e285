"""站点上每一段 Python 示例代码都在这个包里。

页面用 pymdownx.snippets 的分段标记（``# --8<-- [start:名字]`` / ``# --8<-- [end:名字]``）
把代码引入 Markdown；tests/ 里的测试运行同一份代码，检查页面上说的话是否成立。
``figs/`` 里的图和 ``snippets/outputs/`` 里的运行输出都由本包生成，见 :mod:`snippets.generated`。
"""

import os

# 同样的代码在任何一台 x86 电脑上算出同样的数（图、输出、notebook 结果和页面上引用的数字都逐字节一致）。
# PyTorch 的 CPU 计算按这台电脑的 CPU 挑实现，浮点数的舍入就跟着变：矩阵乘法用 Intel MKL，它在 Intel 和 AMD 的 CPU 上
# 走不同的实现（实测卷积 notebook 噪声 0.4 的练习，测试集准确率 76.5% 与 79.2%）；PyTorch 自己的算子
# （softmax、求和……）按 CPU 是否支持 AVX-512 分两套。这里把它们都固定到所有 x86 CPU 共有的实现上：
# MKL 的“兼容”路径（MKL_CBWR=COMPATIBLE，MKL 的“条件数值可复现”设置）、PyTorch 算子的 AVX2 版本、
# oneDNN（卷积）最多用 AVX2。要在导入 torch、做任何计算之前设置；已经设置了的（读者自己的选择）不改。
for _name, _value in {"MKL_CBWR": "COMPATIBLE", "ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2"}.items():
    os.environ.setdefault(_name, _value)
