"""检查 docs/openmmlab/frameworks.md 和 docs/cv/applications.md 上的说法。"""

import warnings

import pytest
import torch

from snippets.facts.frameworks import (
    BACKENDS,
    DEVICE_MATRIX,
    EARLY_README_BACKENDS,
    FRAMEWORKS,
    LATE_0X_README_BACKENDS,
    MMDEPLOY_LATE_0X,
    MMDEPLOY_TVM,
    OS_ABBR,
    SLIDE_BACKENDS,
    SLIDE_TIMELINE,
    SNPE_MERGED,
    TVM_FIRST_RELEASE,
    TVM_IN_1X_TABLE,
)
from snippets.frameworks import (
    DRIVING_STAGES,
    TinyNet,
    branchy,
    draw_deploy_matrix,
    draw_driving_pipeline,
    export_and_reload,
    graph_ops,
)
from tests.conftest import ROOT

PAGE = (ROOT / "docs/openmmlab/frameworks.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exported():
    """导出一次，供几条测试共用（第一次导出要一两秒）。"""
    torch.manual_seed(0)
    model = TinyNet().eval()
    example = torch.randn(2, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    return model, export_and_reload(model, example)


# ---------------------------------------------------------------- 动态图与自动求导
def test_dynamic_graph_follows_the_branch_actually_taken():
    """页面说：同一个函数，输入不同就走不同分支，求出的梯度也不同（2x 或 3）。"""
    for values, expected in (([1.0, 2.0], [2.0, 4.0]), ([-1.0, -2.0], [3.0, 3.0])):
        x = torch.tensor(values, requires_grad=True)
        branchy(x).backward()
        assert x.grad.tolist() == expected


def test_export_refuses_a_branch_that_depends_on_the_data():
    """页面说：静态图里放不下“看数据再决定走哪条分支”的 Python if。"""

    class Branchy(torch.nn.Module):
        def forward(self, x):
            return branchy(x)

    with pytest.raises(Exception, match="data-dependent"):
        torch.export.export(Branchy(), (torch.ones(2),))


# ---------------------------------------------------------------- 导出与部署
def test_reloaded_program_gives_identical_outputs(exported):
    model, loaded = exported
    deployed = loaded.module()
    g = torch.Generator().manual_seed(2)
    for n in (1, 3, 5):  # 批大小声明为可变：几种批大小都能跑
        x = torch.randn(n, 3, 16, 16, generator=g)
        with torch.no_grad():
            assert torch.equal(model(x), deployed(x))
        assert deployed(x).shape == (n, 2)


def test_exported_graph_holds_only_aten_ops_and_the_weights(exported):
    model, loaded = exported
    assert graph_ops(loaded) == ["aten.conv2d.default", "aten.relu.default", "aten.mean.dim", "aten.linear.default"]
    assert list(loaded.state_dict) == ["conv.weight", "conv.bias", "fc.weight", "fc.bias"]
    for name, value in model.state_dict().items():
        assert torch.equal(loaded.state_dict[name], value)


def test_fixed_input_size_is_enforced(exported):
    _, loaded = exported
    with pytest.raises(AssertionError, match="16"):
        loaded.module()(torch.zeros(1, 3, 32, 32))


def test_self_check_2_dynamic_height_and_width_accept_224(exported):
    """自测题 2：按原样导出的模型拒绝 224×224；把第 2、3 维也声明成可变后就能处理，结果与原模型相同。"""
    model, loaded = exported
    image = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(3))
    with pytest.raises(AssertionError):
        loaded.module()(image)
    batch, height, width = torch.export.Dim("batch"), torch.export.Dim("height"), torch.export.Dim("width")
    example = torch.randn(2, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    shapes = {"x": {0: batch, 2: height, 3: width}}
    program = torch.export.export(model, (example,), dynamic_shapes=shapes)
    with torch.no_grad():
        assert torch.allclose(program.module()(image), model(image), atol=1e-6)


def test_torchscript_is_deprecated_in_this_torch():
    """页面说：本站用的 PyTorch 里 torch.jit.trace 会提示已弃用，建议改用 torch.export。"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.jit.trace(TinyNet().eval(), torch.zeros(1, 3, 16, 16))
    messages = [str(w.message) for w in caught]
    assert any(
        "torch.jit.trace" in m and "deprecated" in m and "torch.compile" in m and "torch.export" in m for m in messages
    ), messages
    major, minor = torch.__version__.split(".")[:2]
    assert f"本站使用的 PyTorch {major}.{minor} 中" in PAGE


def test_int8_weights_take_a_quarter_of_the_space_of_float32():
    """页面说：量化把 32 位浮点数换成 8 位整数，权重约占原来的 1/4。"""
    weights = torch.randn(1000, generator=torch.Generator().manual_seed(0))
    scale = weights.abs().max() / 127  # 对称量化：把 [-max, max] 均匀映射到 [-127, 127]
    quantized = torch.round(weights / scale).to(torch.int8)
    assert quantized.element_size() * 4 == weights.element_size()
    assert (quantized.float() * scale - weights).abs().max() <= scale / 2 + 1e-6  # 误差不超过半个量化步长


# ---------------------------------------------------------------- 时间线
def test_slide_timeline_matches_the_checked_years():
    checked = {f.name: f.year for f in FRAMEWORKS}
    for name, year in SLIDE_TIMELINE.items():
        assert checked[name] == year, name


def test_pytorch_first_public_release_is_2017_not_2016():
    pytorch = next(f for f in FRAMEWORKS if f.name == "PyTorch")
    assert pytorch.year == 2017 and "2017-01-19" in pytorch.note
    assert "a year in" in pytorch.source.citation
    assert "don't distribute code further" in pytorch.source.citation, "“不要外传代码”出自内测期的 README"
    footnote = next(line for line in PAGE.splitlines() if line.startswith("[^pytorch-year]:"))
    assert "don't distribute code further" in footnote and "34b673844fdf" in footnote


def test_four_chinese_frameworks_opened_in_2020():
    names = {f.name.split()[0] for f in FRAMEWORKS if f.year == 2020}
    assert names == {"MindSpore", "MegEngine", "Jittor", "OneFlow"}


def test_caffe2_merge_and_foundation_years():
    events = {f.name: f.year for f in FRAMEWORKS if f.kind == "event"}
    assert events == {"Caffe2 并入 PyTorch": 2018, "PyTorch Foundation": 2022}


def test_every_timeline_entry_has_a_source_and_a_known_kind():
    for f in FRAMEWORKS:
        assert f.source.citation and f.source.url.startswith("http"), f.name
        assert f.kind in {"framework", "toolbox", "event"}
    assert [f.year for f in FRAMEWORKS] == sorted(f.year for f in FRAMEWORKS)


# ---------------------------------------------------------------- MMDeploy 支持表
def _devices_of(backend):
    return [row.device for row in DEVICE_MATRIX if backend in row.support]


def test_matrix_uses_only_listed_backends_and_systems():
    names = {b.name for b in BACKENDS}
    for row in DEVICE_MATRIX:
        assert row.support, f"{row.device} 没有任何后端"
        assert set(row.support) <= names
        for systems in row.support.values():
            assert systems and set(systems) <= set(OS_ABBR)
    assert all(_devices_of(b.name) for b in BACKENDS), "每个后端至少支持一种设备"
    assert set(SLIDE_BACKENDS) <= names


def test_ncnn_covers_the_most_devices():
    """页面说：“手机”指的 ncnn 覆盖的设备最多（x86、ARM、RISC-V、Adreno GPU），而且包括 Android。"""
    counts = {b.name: len(_devices_of(b.name)) for b in BACKENDS}
    assert max(counts, key=counts.get) == "ncnn"
    assert _devices_of("ncnn") == ["x86_64 CPU", "ARM CPU", "RISC-V", "Adreno GPU"]
    assert any("Android" in row.support.get("ncnn", ()) for row in DEVICE_MATRIX)


def test_x86_cpu_has_the_most_backends_then_nvidia_gpu():
    counts = {row.device: len(row.support) for row in DEVICE_MATRIX}
    assert counts["x86_64 CPU"] == 6 and counts["NVIDIA GPU"] == 4
    assert sorted(counts.values(), reverse=True)[:2] == [6, 4]
    arm = next(row for row in DEVICE_MATRIX if row.device == "ARM CPU")
    assert list(arm.support) == ["ncnn"], "页面说：ARM CPU 一行只有 ncnn"


def test_vendor_backends_run_on_their_own_hardware():
    assert _devices_of("TensorRT") == ["NVIDIA GPU", "NVIDIA Jetson"]
    assert _devices_of("CANN") == ["Huawei ascend310"]
    assert _devices_of("RKNN") == ["Rockchip"]
    assert _devices_of("Core ML") == ["Apple M1"]
    assert _devices_of("SNPE") == ["Adreno GPU", "Hexagon DSP"]
    assert _devices_of("OpenVINO") == ["x86_64 CPU"]


def test_student_note_decoded():
    """勘误框：pp = OpenPPL（商汤）、微软 = ONNX Runtime、手机 = ncnn（腾讯）、nvidia = TensorRT。"""
    vendor = {b.name: b.vendor for b in BACKENDS}
    assert "商汤" in vendor["PPLNN"] and "OpenPPL" in vendor["PPLNN"]
    assert vendor["ONNX Runtime"] == "微软"
    assert vendor["ncnn"] == "腾讯"
    assert vendor["TensorRT"] == "NVIDIA"


def test_slide_backends_in_the_early_readme():
    """页面说：课件上的 6 个后端里有 5 个列在 MMDeploy 早期 README 里，LibTorch 是后来加入的。"""
    assert len(SLIDE_BACKENDS) == 6
    assert set(SLIDE_BACKENDS) - set(EARLY_README_BACKENDS) == {"LibTorch"}
    assert set(EARLY_README_BACKENDS) <= set(SLIDE_BACKENDS)
    assert "列出的是其中 5 个" in PAGE and "LibTorch 是后来加入的" in PAGE


def test_backend_history_sentence_follows_the_readmes():
    """页面说：0.x 后期的 README 又有了 CANN、RKNN、Core ML 和 SNPE（SNPE 2022 年 8 月合入）；
    TVM 最晚（v0.12.0 才支持，2023 年 3 月进入 1.x 的表）。"""
    added = [b for b in LATE_0X_README_BACKENDS if b not in EARLY_README_BACKENDS]
    assert added[0] == "LibTorch"
    vendors = added[1:]
    listed = "、".join(vendors[:-1]) + " 和 " + vendors[-1]
    assert f"到 0.x 后期，README 的表里又有了 {listed}" in PAGE
    assert {b.name for b in BACKENDS} - set(LATE_0X_README_BACKENDS) == {"TVM"}, "只有 TVM 不在 0.x 后期的表里"
    assert all(name.replace(" ", "") in MMDEPLOY_LATE_0X.citation for name in vendors)
    assert "没有 TVM" in MMDEPLOY_LATE_0X.citation and "#789" in MMDEPLOY_LATE_0X.citation
    assert f"SNPE 的支持在 {SNPE_MERGED.year} 年 {SNPE_MERGED.month} 月合入" in PAGE
    version, day = TVM_FIRST_RELEASE
    table = f"{TVM_IN_1X_TABLE.year} 年 {TVM_IN_1X_TABLE.month} 月"
    assert f"TVM 最晚，{version}（{day:%Y-%m-%d}）才支持它，{table}它才进入 1.x 的这张表" in PAGE
    assert version in MMDEPLOY_TVM.citation and f"{day:%Y-%m-%d}" in MMDEPLOY_TVM.citation
    assert f"{TVM_IN_1X_TABLE:%Y-%m-%d}" in MMDEPLOY_TVM.citation
    assert SNPE_MERGED < day < TVM_IN_1X_TABLE


def test_single_backend_devices_of_self_check_3_and_the_alt_text():
    """自测题 3：Jetson 上只有 TensorRT；图 2 的 alt：昇腾、瑞芯微、Apple M1 各自只用自家的后端。"""
    rows = {row.device: row for row in DEVICE_MATRIX}
    vendor = {b.name: b.vendor for b in BACKENDS}
    for device, backend, maker in (
        ("NVIDIA Jetson", "TensorRT", "NVIDIA"),
        ("Huawei ascend310", "CANN", "华为"),
        ("Rockchip", "RKNN", "瑞芯微"),
        ("Apple M1", "Core ML", "Apple"),
    ):
        assert list(rows[device].support) == [backend], device
        assert vendor[backend] == maker
    assert "Jetson 上只有 TensorRT 一个选择" in PAGE
    assert "昇腾、瑞芯微、Apple M1 各自只用自家的后端" in PAGE


def test_slide_backend_labels_are_red_as_the_note_says():
    """图注和图里的说明写的是“红字”：列名的颜色确实是红色，其余列名是黑色。"""
    from matplotlib.colors import to_hex

    from snippets.plotting import COLORS

    fig = draw_deploy_matrix()
    labels = fig.axes[0].get_xticklabels()
    colors = {label.get_text().split("（")[0]: to_hex(label.get_color()) for label in labels}
    assert {name for name, c in colors.items() if c == to_hex(COLORS["red"])} == set(SLIDE_BACKENDS)
    assert "红字" in fig.axes[0].get_xlabel() and "加粗" not in fig.axes[0].get_xlabel()
    assert "红字" in PAGE


def test_cvpr_share_is_described_as_a_share_of_framework_papers():
    """页面说明 69% 的分母只含提到 PyTorch 或 TensorFlow 的论文。"""
    assert "69%" in PAGE
    assert "PyTorch 论文 ÷（PyTorch 论文 + TensorFlow 论文）" in PAGE


# ---------------------------------------------------------------- 应用页：自动驾驶流程
def test_driving_pipeline_order_and_the_part_vision_handles():
    assert [s[0] for s in DRIVING_STAGES] == ["传感器", "感知", "环境模型", "规划", "控制"]
    assert [s[0] for s in DRIVING_STAGES if s[2] == "计算机视觉"] == ["感知"]
    assert DRIVING_STAGES[2][2] != "计算机视觉", "环境模型融合多种传感器（含 GNSS / IMU 定位），不只是视觉"
    sensors = DRIVING_STAGES[0][1]
    assert "摄像头" in sensors and "激光雷达" in sensors


def test_driving_figure_text_stays_inside_its_box_and_the_canvas():
    """每个方框里的文字不超出方框的右边；括号和方框都在画布之内，四周没有大片空白。"""
    from matplotlib.patches import FancyBboxPatch

    fig = draw_driving_pipeline()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_height() > 1]
    assert len(boxes) == len(DRIVING_STAGES)
    canvas = fig.bbox
    for box in boxes:
        assert box.x0 >= canvas.x0 and box.x1 <= canvas.x1 and box.y0 >= canvas.y0
    for text in (t for t in ax.texts if t.get_text()):  # 箭头是没有文字的 annotate
        extent = text.get_window_extent(renderer)
        assert canvas.x0 <= extent.x0 and extent.x1 <= canvas.x1 and canvas.y0 <= extent.y0 and extent.y1 <= canvas.y1
        inside = [b for b in boxes if b.x0 <= extent.x0 <= b.x1 and b.y0 <= extent.y0 <= b.y1]
        if inside:
            assert extent.x1 <= inside[0].x1 - 0.1 * fig.dpi, f"{text.get_text()!r} 离方框右边不到 0.1 英寸"
    used = max(b.x1 for b in boxes) - min(b.x0 for b in boxes)
    assert used / canvas.width > 0.95, "左右不应留大片空白"
