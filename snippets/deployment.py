"""深度学习框架与部署：把 snippets/frameworks.py 里的小网络导出成 ONNX，用 ONNX Runtime 在 CPU 上运行，
与 PyTorch 的输出比较，并测两者的延迟（延迟每次运行都不同，不写进登记的输出，运行本模块打印）。

页面：docs/openmmlab/frameworks.md；测试：tests/test_deployment.py。
运行 python -m snippets.deployment 打印一次 PyTorch 与 ONNX Runtime 的 CPU 延迟对比。
"""

import time

import numpy as np
import onnx
import onnxruntime as ort
import torch

from snippets.frameworks import TinyNet
from snippets.generated import output

TOLERANCE = 1e-6  # 页面上说的容差：ONNX Runtime 与 PyTorch 的输出逐个元素相差不超过它


# --8<-- [start:onnx-export]
def export_onnx(model, example):
    """把模型导出成 ONNX 格式（返回文件的字节，实际部署时写进一个 .onnx 文件）；第 0 维（批大小）可变。"""
    program = torch.onnx.export(
        model, (example,), dynamo=True, input_names=["x"], output_names=["scores"],
        dynamic_shapes={"x": {0: torch.export.Dim("batch")}}, verbose=False,  # verbose=False：不打印导出的进度
    )  # fmt: skip
    return program.model_proto.SerializeToString()


def onnx_session(onnx_bytes):
    """ONNX Runtime 的推理会话：读入计算图，在 CPU 上执行（只用一个线程，和本站的 PyTorch 一样）。"""
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])


# --8<-- [end:onnx-export]


def shape_of(value_info):
    """ONNX 图的输入或输出的形状：固定的维度是数字，可变的维度是名字。"""
    return tuple(d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim)


def tiny_model():
    torch.manual_seed(0)  # 固定权重的随机初始化
    return TinyNet().eval()


@output("deployment_onnx.txt")
def onnx_demo():
    # --8<-- [start:onnx-demo]
    model = tiny_model()
    g = torch.Generator().manual_seed(0)
    onnx_bytes = export_onnx(model, torch.randn(2, 3, 16, 16, generator=g))
    graph = onnx.load_from_string(onnx_bytes).graph
    print("ONNX 图里的算子：", " → ".join(node.op_type for node in graph.node))
    (x_info,), (scores_info,) = graph.input, graph.output
    print(f"输入 {x_info.name}：{shape_of(x_info)}，输出 {scores_info.name}：{shape_of(scores_info)}")

    session = onnx_session(onnx_bytes)
    for n in (1, 7, 64):  # 批大小可变：导出时用的是 2
        x = torch.randn(n, 3, 16, 16, generator=g)
        (scores,) = session.run(None, {"x": x.numpy()})  # ONNX Runtime 的输入输出是 NumPy 数组
        with torch.no_grad():
            close = np.allclose(scores, model(x).numpy(), rtol=0, atol=TOLERANCE)
        print(f"批大小 {n}：输出形状 {scores.shape}，与 PyTorch 逐个元素相差不超过 {TOLERANCE:g}：{close}")
    # --8<-- [end:onnx-demo]


def max_abs_difference(model, session, x):
    with torch.no_grad():
        return float(np.abs(session.run(None, {"x": x.numpy()})[0] - model(x).numpy()).max())


# --8<-- [start:latency]
def latency(run, repeats=300):
    """调用 run() repeats 次的平均耗时（秒）；先空跑几次，不计第一次调用的准备开销。"""
    for _ in range(5):
        run()
    start = time.perf_counter()
    for _ in range(repeats):
        run()
    return (time.perf_counter() - start) / repeats


def compare_latency(batch_size=32):
    """同一次运行里、同一批输入上，依次测 PyTorch 和 ONNX Runtime 在 CPU 上（各一个线程）的延迟。"""
    torch.set_num_threads(1)
    model = tiny_model()
    x = torch.randn(batch_size, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    session = onnx_session(export_onnx(model, x))
    with torch.no_grad():
        pytorch = latency(lambda: model(x))
    onnxruntime = latency(lambda: session.run(None, {"x": x.numpy()}))
    return pytorch, onnxruntime, max_abs_difference(model, session, x)


# --8<-- [end:latency]

if __name__ == "__main__":
    # --8<-- [start:latency-main]
    pytorch, onnxruntime, difference = compare_latency()
    print(f"批大小 32：PyTorch {pytorch * 1e3:.3f} ms，ONNX Runtime {onnxruntime * 1e3:.3f} ms，")
    print(f"PyTorch / ONNX Runtime = {pytorch / onnxruntime:.2f}；两者输出的最大绝对误差 {difference:.1e}")
    # --8<-- [end:latency-main]
