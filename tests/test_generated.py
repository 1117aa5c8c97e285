"""figs/ 里的每张图、snippets/outputs/ 里的每段输出，都必须与代码现在生成的逐字节相同。"""

import os
import re
import subprocess
import sys
import warnings

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.colors import to_hex

from snippets import generated
from snippets.generated import REGEN_COMMAND, ROOT, load_all, render, unregistered_files
from snippets.plotting import COLORS, shade_regions

ENTRIES = sorted(load_all().values(), key=lambda e: e.path)
DOCS = ROOT / "docs"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.path for e in ENTRIES])
def test_committed_file_matches_fresh_regeneration(entry):
    committed = ROOT / entry.path
    assert committed.exists(), f"{entry.path} 不存在。修复：运行 {REGEN_COMMAND}，再提交生成的文件。"
    assert committed.read_bytes() == render(entry), (
        f"{entry.path} 与 {entry.source} 现在生成的内容不一致。修复：运行 {REGEN_COMMAND}，再提交改动的文件。"
    )


def test_every_file_in_figs_and_outputs_is_generated_by_code():
    """与上面逐个比对的测试合起来，就是 ``python -m snippets --check`` 做的全部检查。

    每个文件生成前都重置随机状态，结果与生成顺序无关，所以不必再按顺序把全部文件重新生成一遍。
    """
    assert unregistered_files() == [], "没有任何代码生成这些文件：请用 @figure / @output 登记，或删除"


def test_no_metadata_that_would_change_between_runs():
    for entry in ENTRIES:
        data = (ROOT / entry.path).read_bytes()
        if entry.path.endswith(".svg"):
            assert b"<dc:date>" not in data and b"Matplotlib v" not in data, entry.path
        if entry.path.endswith(".png"):
            assert b"Software" not in data, entry.path


def test_every_generated_file_is_used_by_a_page():
    """没有页面引用的图或输出是死文件：要么在页面里用上，要么删掉它的代码。"""
    pages = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    for entry in ENTRIES:
        if entry.path.startswith(f"{generated.NOTEBOOKS_DIR}/"):
            continue  # 执行好的 notebook 由它的源文件那一页使用（页面在导航里：test_notebooks.py）
        if entry.path.endswith(generated.PHONE_SUFFIX):
            continue  # 手机版由同名的原图在页面上的 srcset 使用（test_site.py）
        name = re.escape(entry.path)
        if demo := re.fullmatch(rf"{generated.OUTPUTS_DIR}/demo_([\w-]+)\.json", entry.path):
            # 交互演示的期望结果：页面不直接引入，tests/test_demos.py 拿它与演示脚本的计算函数比较；演示脚本开头写明它
            script = DOCS / f"assets/javascripts/demos/{demo[1]}.js"
            assert script.is_file() and entry.path in script.read_text("utf-8"), f"{entry.path} 没有演示脚本"
            continue
        assert re.search(rf"(\.\./)*{name}\b", pages), f"{entry.path}（{entry.source}）没有被任何页面引用"


def test_missing_glyph_is_an_error(monkeypatch):
    """图里出现字体里没有的字（会显示成方块）时，生成必须失败并指出是哪张图。"""
    monkeypatch.setattr(generated, "REGISTRY", {})

    @generated.figure("glyph_test.svg")
    def draw():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.set_title("\U0001d11e 高音谱号")  # 𝄞：思源黑体和 DejaVu Sans 都没有这个字
        return fig

    entry = generated.REGISTRY["figs/glyph_test.svg"]
    with warnings.catch_warnings(), pytest.raises(RuntimeError, match=r"figs/glyph_test\.svg.*[Gg]lyph"):
        render(entry)


def test_chinese_labels_use_the_cjk_font():
    """SVG 里的文字被转成了路径（读者电脑上没有中文字体也能显示），中文用的是思源黑体。"""
    svgs = {e.path: (ROOT / e.path).read_text(encoding="utf-8") for e in ENTRIES if e.path.endswith(".svg")}
    assert svgs
    fonts_used = set()
    for path, data in svgs.items():
        assert "<text" not in data, f"{path}：文字应当转为路径（svg.fonttype = path）"
        fonts_used |= set(re.findall(r'<path id="([A-Za-z]+[A-Za-z-]*?)-[0-9a-f]+"', data))
    assert "NotoSansCJKsc-Regular" in fonts_used
    assert fonts_used <= {"NotoSansCJKsc-Regular", "DejaVuSans", "DejaVuSans-Oblique", "DejaVuSans-Bold"}, fonts_used


def test_font_substitution_is_an_error(monkeypatch):
    """思源黑体只有常规字重：要粗体时 matplotlib 会悄悄换字体，图就可能因机器而异。这必须报错。"""
    import matplotlib.font_manager as font_manager

    monkeypatch.setattr(generated, "REGISTRY", {})

    @generated.figure("bold_test.svg")
    def draw():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.set_title("粗体标题", fontweight="bold")
        return fig

    font_manager.FontManager._findfont_cached.cache_clear()  # 让 matplotlib 重新查找（并报告）字体
    with pytest.raises(RuntimeError, match=r"figs/bold_test\.svg.*字体被替换"):
        render(generated.REGISTRY["figs/bold_test.svg"])


def test_decision_regions_are_coloured_by_the_sign_of_the_score():
    """shade_regions：得分大于 0 的一侧涂蓝、其余涂橙，分界线正好在得分为 0 处；只有一类时不画分界线。"""
    fig, (ax, ax_one_class) = plt.subplots(1, 2)
    try:
        shade_regions(ax, lambda p: p[:, 0] - 0.3, (-1, 1), (-1, 1), steps=101)  # 分界线是竖线 x₁ = 0.3
        filled, boundary = ax.collections
        assert [to_hex(c) for c in filled.get_facecolors()] == [COLORS["orange"].lower(), COLORS["blue"].lower()]
        negative, positive = (path.vertices[:, 0] for path in filled.get_paths())
        assert negative.max() == pytest.approx(0.3) and positive.min() == pytest.approx(0.3)
        assert negative.min() == pytest.approx(-1) and positive.max() == pytest.approx(1)
        assert boundary.get_paths()[0].vertices[:, 0] == pytest.approx(0.3)

        shade_regions(ax_one_class, lambda p: -torch.ones(len(p)), (-1, 1), (-1, 1))
        assert len(ax_one_class.collections) == 1
    finally:
        plt.close(fig)


def test_tick_labels_use_a_true_minus_sign(monkeypatch):
    """刻度上的负数写成“−1”（U+2212），不是连字符“-1”；两种字体都有这个字（缺字时 render 会报错）。"""
    monkeypatch.setattr(generated, "REGISTRY", {})
    labels: list[str] = []

    @generated.figure("minus_test.svg")
    def draw():
        fig, ax = plt.subplots()
        ax.plot([-2, 2], [-1, 1])
        ax.set_title("负数刻度")
        fig.canvas.draw()
        labels.extend(label.get_text() for label in [*ax.get_xticklabels(), *ax.get_yticklabels()])
        return fig

    render(generated.REGISTRY["figs/minus_test.svg"])
    negative = [label for label in labels if label[:1] in ("-", "\N{MINUS SIGN}")]
    assert negative and all(label.startswith("\N{MINUS SIGN}") for label in negative), labels


def test_pytorch_uses_the_same_numeric_code_on_every_x86_cpu():
    """snippets/__init__.py 固定了 PyTorch 的数值实现，生成的文件才在 Intel 和 AMD 的 CPU 上逐字节相同：
    在一个只导入了 snippets 的新进程里，PyTorch 的算子用 AVX2 版本，MKL 走“兼容”路径，oneDNN 最多用 AVX2。
    （本机是 AMD 的 CPU，在 qemu 模拟的 Intel CPU 上算同一组矩阵乘法、卷积、softmax，结果逐位相同；不设这些时
    矩阵乘法的结果不同。）"""
    script = (
        "import os, snippets, torch; "
        "print(torch.backends.cpu.get_cpu_capability(), os.environ['MKL_CBWR'], os.environ['ONEDNN_MAX_CPU_ISA'])"
    )
    pinned = ("MKL_CBWR", "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA")
    environment = {key: value for key, value in os.environ.items() if key not in pinned}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.split() == ["AVX2", "COMPATIBLE", "AVX2"], result.stderr
