"""检查 docs/openmmlab/frameworks.md 上 ONNX 导出与 ONNX Runtime 一节的说法（代码：snippets/deployment.py）。"""

import numpy as np
import onnx
import pytest
import torch

from snippets.deployment import (
    TOLERANCE,
    compare_latency,
    export_onnx,
    latency,
    max_abs_difference,
    onnx_session,
    shape_of,
    tiny_model,
)
from snippets.facts.frameworks import DEVICE_MATRIX
from tests.conftest import ROOT

PAGE = (ROOT / "docs/openmmlab/frameworks.md").read_text(encoding="utf-8")
OUTPUT = (ROOT / "snippets/outputs/deployment_onnx.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exported():
    model = tiny_model()
    onnx_bytes = export_onnx(model, torch.randn(2, 3, 16, 16, generator=torch.Generator().manual_seed(0)))
    return model, onnx_bytes, onnx_session(onnx_bytes)


def test_graph_has_the_four_operators_the_page_names(exported):
    _, onnx_bytes, _ = exported
    graph = onnx.load_from_string(onnx_bytes).graph
    assert [node.op_type for node in graph.node] == ["Conv", "Relu", "ReduceMean", "Gemm"]
    assert "`Conv`、`Relu`、`ReduceMean`、`Gemm`" in PAGE
    assert {init.name for init in graph.initializer} >= {"conv.weight", "conv.bias", "fc.weight", "fc.bias"}


def test_batch_is_the_only_dynamic_dimension(exported):
    _, onnx_bytes, session = exported
    graph = onnx.load_from_string(onnx_bytes).graph
    assert shape_of(graph.input[0]) == ("batch", 3, 16, 16) and shape_of(graph.output[0]) == ("batch", 2)
    with pytest.raises(Exception, match="(?i)dimension|shape"):
        session.run(None, {"x": np.zeros((1, 3, 32, 32), dtype=np.float32)})
    assert "32×32 的输入会被 ONNX Runtime 拒绝" in PAGE


@pytest.mark.parametrize("n", [1, 7, 64, 200])
def test_onnx_runtime_matches_pytorch_within_the_tolerance(exported, n):
    model, _, session = exported
    x = torch.randn(n, 3, 16, 16, generator=torch.Generator().manual_seed(n))
    assert max_abs_difference(model, session, x) <= TOLERANCE
    assert f"{TOLERANCE:g}" in OUTPUT and "不超过 1e-6" in PAGE


def test_not_bit_identical_and_the_error_is_around_1e_8(exported):
    """页面说：换了推理引擎，输出不再逐位相同；实测的最大误差在 1e-8 的量级，float32 的精度约为 1e-7。"""
    model, _, session = exported
    differences = [
        max_abs_difference(model, session, torch.randn(n, 3, 16, 16, generator=torch.Generator().manual_seed(n)))
        for n in (1, 7, 64)
    ]
    assert max(differences) > 0, "不是逐位相同"
    assert 1e-9 < max(differences) < 1e-7
    assert abs(torch.finfo(torch.float32).eps - 1.19e-7) < 1e-9
    assert "实测的最大误差在 1e-8 的量级（float32 的精度约为 1e-7）" in PAGE


def test_tolerance_check_would_catch_a_changed_weight(exported):
    """故意改一个权重：误差立刻远超容差（说明上面的比较不是空的）。"""
    model, _, session = exported
    changed = tiny_model()
    with torch.no_grad():
        changed.fc.bias[0] += 1e-3
    x = torch.randn(4, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    assert max_abs_difference(model, session, x) <= TOLERANCE < max_abs_difference(changed, session, x)


def test_output_shows_all_batches_true():
    assert OUTPUT.count("：True") == 3 and "False" not in OUTPUT


def test_latency_is_measured_for_both_in_one_run_and_not_asserted():
    """延迟只测不断言：两个数都是正的、是同一次调用里测的；页面说怎么运行，不写死数字。"""
    pytorch, onnxruntime, difference = compare_latency(batch_size=4)
    assert pytorch > 0 and onnxruntime > 0 and difference <= TOLERANCE
    assert latency(lambda: None, repeats=3) >= 0
    assert "python -m snippets.deployment" in PAGE
    assert "ms" not in OUTPUT, "延迟每次运行都不同，不能进登记的输出"


def test_the_demo_is_the_x86_cpu_onnx_runtime_cell_on_linux():
    row = next(r for r in DEVICE_MATRIX if r.device == "x86_64 CPU")
    assert "Linux" in row.support["ONNX Runtime"]
    assert "x86-64 CPU 一行、ONNX Runtime 一列" in PAGE
