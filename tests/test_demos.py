"""交互演示（docs/assets/javascripts/demos/）：浏览器里的计算与页面上的 Python 代码一致，读者用手指、用键盘都能操作。

- 参照：snippets/demos.py 用页面上的代码（train_perceptron、F.conv2d）在 float64 下算出期望结果，写成
  snippets/outputs/demo_*.json。这里在 Chromium 里打开构建好的页面，用同样的输入调用 window.cvDemos 上的计算函数，
  逐个比较（感知机的整条 (w, b) 轨迹、卷积的每个输出都要完全相等）。
- 读者：手机宽度加触屏点按、只用键盘，操作演示以后读出页面上显示的数字，再与 Python 算的比较。
- 滚到附近才挂载、换页、离线版（file://）、深浅色切换后重画、2 倍屏、减少动态效果、屏幕外暂停、打印时隐藏、axe。

加一个演示：在 snippets/demos.py 写它的 @output("demo_名字.json")，在这里照感知机的几个测试写比较和读者操作。
"""

import json
import re

import pytest
import torch
import torch.nn.functional as F

from snippets.convolution import DEMO_IMAGE, DEMO_KERNEL, KERNELS
from snippets.demos import (
    DEMO_KERNELS,
    MLP_CLAIM_EPOCHS,
    MLP_CLAIM_SEEDS,
    MLP_CLAIMS,
    MLP_N,
    float64,
    mlp_config,
    mlp_init,
    mlp_train,
    mlp_weights,
    mulberry32,
    output_size_or_error,
    perceptron_presets,
    perceptron_run,
    shapes_grid,
    shuffled,
)
from snippets.perceptron import XOR_X, XOR_Y, train_perceptron
from tests.conftest import DESKTOP, PHONE, ROOT

# offline_site 是 test_browser.py 的 fixture（解压好的离线版），导入进来这里就能用
from tests.test_browser import Visit, axe_violations, landing_problems, offline_site  # noqa: F401

OUTPUTS = ROOT / "snippets" / "outputs"
PERCEPTRON_PAGE, CONVOLUTION_PAGE, MLP_PAGE = "dl/perceptron/", "dl/convolution/", "dl/mlp/"
RATES = [0.25, 0.5, 1.0, 2.0]  # 演示里可选的学习率


def fixture(name: str) -> dict:
    return json.loads((OUTPUTS / f"demo_{name}.json").read_text(encoding="utf-8"))


def numbers(text: str) -> list[float]:
    """页面上显示的数（负号是真正的减号 U+2212）。"""
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text.replace("\u2212", "-"))]


def open_demo(visit, url):
    return scroll_to_demo(visit.open(url))


def scroll_to_demo(page, name: str = ""):
    """演示离屏幕一屏之内才挂载（core.js）：滚到它（名字为 name 的演示）那里，等它挂载好。"""
    demo = f".cv-demo[data-demo={name}]" if name else ".cv-demo"
    page.wait_for_function(  # 即时加载换页时，占位块可能刚被换掉：每次都重新找它
        "d => { document.querySelector(d)?.scrollIntoView({block: 'center'});"
        " return !!document.querySelector(d + '[data-demo-mounted] canvas'); }",
        arg=demo,
    )
    # 一下子滚过去时，演示附近刚进入屏幕的块在下一帧才排版（extra.css 的 content-visibility），演示会挪一挪：
    # 再滚到中间、等两帧，直到它不再动（读者的手没有这么快）；20 次还在动就是出了问题
    page.evaluate(
        """async d => {
            const frame = () => new Promise(done => requestAnimationFrame(done));
            for (let round = 0, last = null; round < 20; round++) {
                document.querySelector(d).scrollIntoView({block: "center"});
                await frame();
                await frame();
                const top = document.querySelector(d).getBoundingClientRect().top;
                if (top === last) return;
                last = top;
            }
            throw new Error(d + " 滚到中间以后一直在动");
        }""",
        demo,
    )
    return page


def shown(page, name: str) -> str:
    """演示里 data-out="name" 的那个读数。"""
    return page.locator(f".cv-demo [data-out={name}]").inner_text()


def tab_to(page, selector: str, text: str | None = None, limit: int = 400):
    """只用 Tab 键把焦点移到匹配 selector（和文字 text）的控件上。"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "([s, t]) => document.activeElement.matches(s) && (t === null || document.activeElement.textContent === t)",
            [selector, text],
        ):
            return
    raise AssertionError(f"按了 {limit} 次 Tab 也没到 {selector} {text or ''}")


# ---- Python 一侧：参照本身（不需要浏览器） --------------------


def presets():
    """预设数据，float64 的张量（perceptron_presets 要在默认的 float32 下调用：它用到页面上 float32 的真实分界线）。"""
    data = perceptron_presets()
    return {
        name: (torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64))
        for name, (x, y) in data.items()
    }


def test_trajectory_reference_ends_where_train_perceptron_ends():
    """参照轨迹是把 train_perceptron 用在访问序列的前 k 个样本上得到的；按顺序访问时，它的终点和每轮错分数
    就是直接调用 train_perceptron 的结果。"""
    data = presets()
    with float64():
        for case in fixture("perceptron")["cases"]:
            if case["shuffle"]:
                continue
            x, y = data[case["preset"]]
            w, b, mistakes = train_perceptron(x, y, lr=case["lr"], max_epochs=case["max_epochs"])
            assert case["trajectory"][-1] == [*w.tolist(), b.item()]
            assert case["mistakes"] == mistakes


def test_shuffle_is_a_permutation():
    for seed in range(20):
        for n in (1, 2, 5, 16):
            assert sorted(shuffled(n, mulberry32(seed))) == list(range(n))


def epochs_to_converge(name, lr=1.0, shuffle=False, seed=1):
    x, y = presets()[name]
    with float64():
        return len(perceptron_run(x.tolist(), y.tolist(), lr, shuffle, seed, 100)["mistakes"])


def test_page_claims_about_the_presets():
    """页面：“线性可分”两轮就停下；“小间隔”按顺序要 13 轮，每轮打乱（默认种子 1）轮数不一样；XOR 每轮都有错。"""
    for lr in RATES:
        assert epochs_to_converge("separable", lr) == 2
        assert epochs_to_converge("separable", lr, shuffle=True) == 2
        assert epochs_to_converge("margin", lr) == 13
        assert epochs_to_converge("margin", lr, shuffle=True) != 13
    with float64():
        for seed in range(10):
            run = perceptron_run(XOR_X.tolist(), XOR_Y.tolist(), 1.0, seed > 0, seed, 100)
            assert len(run["mistakes"]) == 100 and min(run["mistakes"]) > 0


# ---- 浏览器一侧：计算函数与参照逐位相同 --------------------

pytestmark = pytest.mark.xdist_group("demos")


def demo_page(path):
    """一个演示页面（桌面宽度）开一次，同一模块里调用计算函数的测试共用；最后检查页面上没有脚本错误。"""

    @pytest.fixture(scope="module")
    def page(chromium, server):
        with Visit(chromium, DESKTOP) as visit:
            yield open_demo(visit, server + path)
            assert visit.errors == []

    return page


perceptron_page = demo_page(PERCEPTRON_PAGE)
convolution_page = demo_page(CONVOLUTION_PAGE)
mlp_page = demo_page(MLP_PAGE)


@pytest.mark.browser
def test_prng_is_the_same_in_javascript_and_python(perceptron_page):
    for seed, expected in fixture("perceptron")["mulberry32"].items():
        uints, order = perceptron_page.evaluate(
            "s => { const next = cvDemos.mulberry32(s); "
            "return [Array.from({length: 8}, next), cvDemos.shuffled(10, cvDemos.mulberry32(s))]; }",
            int(seed),
        )
        python = mulberry32(int(seed))
        assert uints == expected["uints"] == [python() for _ in range(8)]
        # 网上流传最广的写法（bryc 的 JavaScript 版 mulberry32，返回 [0, 1) 的数），与我们的相同
        canonical = perceptron_page.evaluate(
            """a => { const out = []; for (let k = 0; k < 8; k++) {
                 a |= 0; a = a + 0x6D2B79F5 | 0; let t = Math.imul(a ^ a >>> 15, 1 | a);
                 t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; out.push(((t ^ t >>> 14) >>> 0) / 4294967296); }
               return out; }""",
            int(seed),
        )
        assert canonical == [u / 2**32 for u in uints]
        assert order == expected["shuffle10"] == shuffled(10, mulberry32(int(seed)))


@pytest.mark.browser
def test_perceptron_presets_are_the_python_data(perceptron_page):
    in_js = perceptron_page.evaluate("cvDemos.perceptron.PRESETS")
    for name, (x, y) in fixture("perceptron")["presets"].items():
        assert in_js[name] == [[a, b, c] for (a, b), c in zip(x, y)], name
    assert perceptron_page.evaluate("cvDemos.perceptron.RATES") == RATES


@pytest.mark.browser
@pytest.mark.parametrize(
    "case", fixture("perceptron")["cases"], ids=lambda c: f"{c['preset']}-{c['lr']}-{c['shuffle']}"
)
def test_perceptron_trajectory_is_exactly_train_perceptrons(perceptron_page, case):
    x, y = fixture("perceptron")["presets"][case["preset"]]
    options = {"lr": case["lr"], "shuffle": case["shuffle"], "seed": case["seed"]}
    result = perceptron_page.evaluate("a => cvDemos.perceptron.run(...a)", [x, y, options, case["max_epochs"]])
    assert result["steps"] == case["steps"]
    assert result["trajectory"] == case["trajectory"]  # 每一步之后的 (w1, w2, b)，逐位相等
    assert result["mistakes"] == case["mistakes"]


@pytest.mark.browser
def test_learning_rate_only_scales_w_and_b(perceptron_page):
    """页面：换一个学习率，w 和 b 等比例变化，每轮分错的个数完全不变（从 0 出发）。"""
    for name, (x, y) in fixture("perceptron")["presets"].items():
        runs = {
            lr: perceptron_page.evaluate(
                "a => cvDemos.perceptron.run(...a)", [x, y, {"lr": lr, "shuffle": True, "seed": 1}, 30]
            )
            for lr in RATES
        }
        for lr, run in runs.items():
            assert run["mistakes"] == runs[1.0]["mistakes"]
            assert run["trajectory"] == [[lr * v for v in state] for state in runs[1.0]["trajectory"]], (name, lr)


# ---- 读者：触屏、键盘 --------------------


def tap_plane(page, x1, x2):
    """在平面上 (x1, x2) 的位置点一下（触屏）。"""
    canvas = page.locator(".cv-demo canvas")
    box = canvas.bounding_box()
    view = page.evaluate("cvDemos.perceptron.VIEW")
    canvas.tap(position={"x": (x1 + view) / (2 * view) * box["width"], "y": (view - x2) / (2 * view) * box["height"]})


def table_rows(page) -> list[list[str]]:
    return page.locator(".cv-demo tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.textContent))")


@pytest.mark.browser
def test_perceptron_by_touch_on_a_phone(chromium, server):
    """390 像素宽的触屏：清空，点出 6 个样本（两类），点“一轮”直到收敛，显示的 (w, b) 和每轮错分数与 Python 相同。"""
    points = [
        ((1.0, 1.0), 1),
        ((0.5, 1.5), 1),
        ((-0.5, 1.0), 1),
        ((-1.0, -1.0), -1),
        ((0.5, -1.0), -1),
        ((-1.5, 0.0), -1),
    ]
    with Visit(chromium, PHONE, has_touch=True, is_mobile=True) as visit:
        page = open_demo(visit, server + PERCEPTRON_PAGE)
        demo = page.locator(".cv-demo")
        demo.get_by_role("button", name="清空").tap()
        for (x1, x2), label in points:
            demo.get_by_role("radio", name="+1 类" if label > 0 else "−1 类").tap()
            tap_plane(page, x1, x2)
        rows = table_rows(page)
        assert [(numbers(r[1])[0], numbers(r[2])[0], numbers(r[3])[0]) for r in rows] == [(*p, y) for p, y in points]
        for _ in range(10):
            demo.get_by_role("button", name="一轮").tap()
            if "收敛" in shown(page, "status"):
                break
        with float64():
            x = torch.tensor([p for p, _ in points])
            y = torch.tensor([float(label) for _, label in points])
            w, b, mistakes = train_perceptron(x, y, lr=1.0)
        assert numbers(shown(page, "w")) == w.tolist()
        assert numbers(shown(page, "b")) == [b.item()]
        assert numbers(shown(page, "mistakes")) == mistakes
        # 再点一下已有的点：删掉它，训练从头开始
        tap_plane(page, 1.0, 1.0)
        assert len(table_rows(page)) == len(points) - 1
        assert numbers(shown(page, "w")) == [0, 0]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert visit.errors == []


@pytest.mark.browser
def test_perceptron_with_the_keyboard_alone(chromium, server):
    """只用键盘：选 XOR，按 5 次“一轮”，每轮都分错 4 个（与 train_perceptron 相同）；再用坐标框添加一个点。"""
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + PERCEPTRON_PAGE)
        tab_to(page, ".cv-demo select")  # 预设
        page.keyboard.type("X")  # 下拉框里按首字母选到 “XOR（异或）”
        assert page.evaluate("document.activeElement.value") == "xor"
        tab_to(page, ".cv-demo button", "一轮")
        for _ in range(5):
            page.keyboard.press("Enter")
        _, _, mistakes = train_perceptron(XOR_X, XOR_Y, max_epochs=5)
        assert numbers(shown(page, "mistakes")) == mistakes == [4] * 5
        assert "永远不会收敛" in page.locator(".cv-demo__note").inner_text()
        assert page.locator(".cv-demo__note a").get_attribute("href").endswith("mlp/")

        page.keyboard.press("Shift+Tab")  # 回到“单步”
        page.keyboard.press("Space")
        assert shown(page, "sample").startswith("#1，x = (0, 0)，y = \u22121")
        assert numbers(shown(page, "score")) == [0] and "分错" in page.locator(".cv-demo__readout").inner_text()
        assert numbers(shown(page, "dw")) == [0, 0] and numbers(shown(page, "db")) == [-1]

        tab_to(page, ".cv-demo input[type=number]")  # x₁（焦点从“单步”往后走，绕一圈回到演示开头）
        page.keyboard.press("Control+a")
        page.keyboard.type("-1.5")
        page.keyboard.press("Tab")
        page.keyboard.press("Control+a")
        page.keyboard.type("2")
        tab_to(page, ".cv-demo button", "添加（已有就删除）")
        page.keyboard.press("Enter")
        assert table_rows(page)[-1][:4] == ["5", "\u22121.5", "2", "+1"]
        assert visit.errors == []


@pytest.mark.browser
def test_perceptron_point_can_be_dragged(chromium, server):
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + PERCEPTRON_PAGE)
        page.locator(".cv-demo select").first.select_option("xor")
        page.locator(".cv-demo canvas").scroll_into_view_if_needed()
        box = page.locator(".cv-demo canvas").bounding_box()
        view = page.evaluate("cvDemos.perceptron.VIEW")

        def at(x1, x2):
            return box["x"] + (x1 + view) / (2 * view) * box["width"], box["y"] + (view - x2) / (2 * view) * box[
                "height"
            ]

        page.mouse.move(*at(1, 1))
        page.mouse.down()
        page.mouse.move(*at(1.5, -0.5), steps=8)
        page.mouse.up()
        assert table_rows(page)[3][:4] == ["4", "1.5", "\u22120.5", "\u22121"]
        assert len(table_rows(page)) == 4


# ---- 卷积：计算函数与 F.conv2d 逐位相同 --------------------


@pytest.mark.browser
def test_convolution_data_is_the_python_data(convolution_page):
    """演示里的卷积核就是页面上的（均值模糊写成 9 个 1、和再除以 9），两种输入就是 snippets 里的。"""
    expected = fixture("convolution")
    in_js = convolution_page.evaluate("cvDemos.convolution.KERNELS")
    assert list(in_js) == list(expected["kernels"]) == list(DEMO_KERNELS)
    for name, kernel in expected["kernels"].items():
        weights, divisor = in_js[name]["weights"], in_js[name].get("divisor", 1)
        if name == "均值模糊":  # 页面上是 float32 的 1/9
            blur = torch.tensor(weights, dtype=torch.float64) / divisor
            assert torch.allclose(blur, KERNELS[name].double(), rtol=1e-7, atol=0)
        else:
            assert weights == kernel and divisor == 1, name
    assert convolution_page.evaluate("cvDemos.convolution.DEMO_IMAGE") == expected["inputs"]["demo_image"]
    assert convolution_page.evaluate("cvDemos.convolution.SHAPES") == expected["inputs"]["shapes"]
    assert expected["inputs"]["shapes"] == shapes_grid().tolist()


@pytest.mark.browser
def test_convolution_is_bit_for_bit_f_conv2d(convolution_page):
    """随机的输入大小（含长方形）、卷积核大小、填充、步幅、空洞率，整数输入：每个输出与 F.conv2d 完全相等。"""
    cases = fixture("convolution")["sweep"]
    assert {(c["p"], c["s"], c["d"]) for c in cases} == {
        (p, s, d) for p in (0, 1, 2) for s in (1, 2, 3) for d in (1, 2, 3)
    }
    assert any(len(c["x"]) != len(c["x"][0]) for c in cases) and any(max(map(max, c["y"])) > 20 for c in cases)
    results = convolution_page.evaluate(
        "cases => cases.map(c => cvDemos.convolution.conv2d(c.x, c.kernel, c.p, c.s, c.d))", cases
    )
    for case, result in zip(cases, results):
        assert result == case["y"], case


@pytest.mark.browser
def test_preset_kernels_on_the_synthetic_image(convolution_page):
    expected = fixture("convolution")
    x = expected["inputs"]["shapes"]
    for name, kernel in convolution_page.evaluate("cvDemos.convolution.KERNELS").items():
        result = convolution_page.evaluate(
            "([x, k]) => cvDemos.convolution.conv2d(x, k.weights, 1, 1, 1, k.divisor)", [x, kernel]
        )
        if name == "均值模糊":
            sums = expected["on_shapes"]["均值模糊（整数和）"]
            assert result == [[v / 9 for v in row] for row in sums]  # 整数和除以 9：一次舍入，逐位相同
            assert torch.allclose(torch.tensor(result), torch.tensor(expected["on_shapes"][name]), rtol=1e-6)
        else:
            assert result == expected["on_shapes"][name], name


@pytest.mark.browser
def test_output_size_formula_matches_pytorch_shapes_and_errors(convolution_page):
    """H 1～6、K 1～5、P 0～2、S 1～3、D 1～3 的每一种组合：公式给出的边长就是 F.conv2d 的输出边长；
    PyTorch 报错（卷积核比补零后的输入还大）的，公式也说没有输出，报出的两个尺寸与 PyTorch 的错误信息相同。"""
    cases = fixture("convolution")["output_sizes"]
    results = convolution_page.evaluate(
        "cases => cases.map(([h, k, p, s, d]) => cvDemos.convolution.outputSize(h, k, p, s, d))", cases
    )
    errors = 0
    for (*params, torch_result), mine in zip(cases, results):
        if isinstance(torch_result, list):
            errors += 1
            assert mine["error"] and [mine["padded"], mine["span"]] == torch_result, params
        else:
            assert not mine["error"] and mine["size"] == torch_result, params
    assert 100 < errors < len(cases) - 100


@pytest.mark.browser
def test_shaded_rows_are_exactly_the_rows_no_output_depends_on(convolution_page):
    """阴影画在“没有窗口用到”的行上：改动这样一行（补零之后的输入里），F.conv2d 的输出一个都不变；
    改动其余任何一行，输出都会变（卷积核全是 1）。"""
    for n, k, p, s, d in [(6, 3, 0, 2, 1), (5, 2, 0, 3, 1), (7, 3, 1, 2, 2), (5, 1, 1, 2, 1), (4, 3, 2, 4, 1)]:
        unused = convolution_page.evaluate("a => cvDemos.convolution.unusedRows(...a)", [n, k, p, s, d])
        padded = F.pad(torch.zeros(1, 1, n, n, dtype=torch.float64), (p, p, p, p))
        kernel = torch.ones(1, 1, k, k, dtype=torch.float64)
        base = F.conv2d(padded, kernel, stride=s, dilation=d)
        for r in range(n + 2 * p):
            changed = padded.clone()
            changed[0, 0, r] += 1
            assert torch.equal(F.conv2d(changed, kernel, stride=s, dilation=d), base) == (r in unused), (
                n,
                k,
                p,
                s,
                d,
                r,
            )


def test_zero_sum_kernels_give_zero_where_the_window_is_flat():
    """页面：合成图像上用 Sobel x 或拉普拉斯，亮度不变的地方输出都是 0，只有亮度变化的地方不为 0。"""
    image = shapes_grid().double()[None, None]
    windows = F.unfold(image, 3)[0]  # 每一列是一个 3×3 窗口（P = 0，演示的默认）
    flat = (windows == windows[:1]).all(dim=0)
    assert flat.any() and (~flat).any()
    for name in ("Sobel x", "拉普拉斯"):
        out = F.conv2d(image, DEMO_KERNELS[name].double()[None, None]).flatten()
        assert (out[flat] == 0).all() and (out[~flat] != 0).any(), name


def test_page_claims_about_the_convolution_demo():
    """页面：P = 1、K = 3 时输出和输入一样大；N = 6、S = 2 时 (6 − 3)/2 = 1.5 向下取整；D = 2 时 3×3 的卷积核
    盖住 5×5，图 1 的 5×5 输入上 D = 3 就放不下（PyTorch 报错）。"""
    for n in range(3, 11):
        assert output_size_or_error(n, 3, 1, 1, 1) == n
    assert output_size_or_error(6, 3, 0, 2, 1) == 2 and (6 - 3) / 2 == 1.5
    assert output_size_or_error(5, 3, 0, 1, 2) == 1  # 刚好放下：盖住 5×5
    assert output_size_or_error(5, 3, 0, 1, 3) == [5, 7]


def cell_center(page, i, j):
    """输出第 i 行第 j 列的格子在画布上的位置（布局由演示算好，记在画布的 data-output 上）。"""
    box = json.loads(page.locator(".cv-demo canvas").get_attribute("data-output"))
    assert i < box["size"] and j < box["size"]
    return {"x": box["x"] + (j + 0.5) * box["cell"], "y": box["y"] + (i + 0.5) * box["cell"]}


def table_values(page, caption):
    return page.locator(f".cv-demo table[data-table={caption}] tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )


def grid_numbers(rows):
    return [[numbers(v)[0] for v in row] for row in rows]


@pytest.mark.browser
def test_convolution_by_touch_on_a_phone(chromium, server):
    """390 像素宽的触屏：默认就是图 1，选中的格子是 7；点另一个输出格，显示的算式和值与 F.conv2d 相同；
    换成合成图像和 Sobel x，整个输出表也与 F.conv2d 相同。"""
    with Visit(chromium, PHONE, has_touch=True, is_mobile=True) as visit:
        page = open_demo(visit, server + CONVOLUTION_PAGE)
        torch_out = F.conv2d(DEMO_IMAGE[None, None].double(), DEMO_KERNEL[None, None].double())[0, 0]
        assert numbers(shown(page, "value")) == [torch_out[1, 2].item()] == [7]
        canvas = page.locator(".cv-demo canvas")
        canvas.tap(position=cell_center(page, 2, 0))
        assert numbers(shown(page, "value")) == [torch_out[2, 0].item()]
        terms = numbers(shown(page, "terms"))  # 输入×权重，按行逐个
        window = DEMO_IMAGE[2:5, 0:3].flatten().tolist()
        assert terms[0::2] == window and terms[1::2] == DEMO_KERNEL.flatten().tolist()
        assert sum(a * b for a, b in zip(terms[0::2], terms[1::2])) == torch_out[2, 0].item()

        demo = page.locator(".cv-demo")
        demo.locator("select").nth(0).select_option("shapes")
        demo.locator("select").nth(1).select_option("Sobel x")
        x = torch.tensor(grid_numbers(table_values(page, "输入")), dtype=torch.float64)
        assert x.tolist() == shapes_grid().double().tolist()
        expected = F.conv2d(x[None, None], KERNELS["Sobel x"].double()[None, None])[0, 0]
        assert grid_numbers(table_values(page, "输出")) == expected.tolist()
        canvas.tap(position=cell_center(page, 3, 0))
        assert numbers(shown(page, "value")) == [expected[3, 0].item()]
        # 手指改一个权重：点输入框、打字
        demo.get_by_label("卷积核第 2 行第 2 列").tap()
        page.keyboard.press("Control+a")
        page.keyboard.type("5")
        kernel = KERNELS["Sobel x"].double().clone()
        kernel[1, 1] = 5
        expected = F.conv2d(x[None, None], kernel[None, None])[0, 0]
        assert grid_numbers(table_values(page, "输出")) == expected.tolist()
        assert demo.locator("select").nth(1).input_value() == ""  # 预设变成“自定义”
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert visit.errors == []


def slider_value(page, name):
    return int(page.locator(".cv-demo input[type=range]").nth(["n", "k", "p", "s", "d"].index(name)).input_value())


@pytest.mark.browser
def test_convolution_with_the_keyboard_alone(chromium, server):
    """只用键盘：换成随机整数、N = 6、S = 2，公式显示向下取整（1.5 → 1），第 6 行画阴影；方向键换输出格，
    显示的值与 F.conv2d 相同；再把空洞率调到 3，卷积核（7×7）放不下，与 PyTorch 一样报错。"""
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + CONVOLUTION_PAGE)
        tab_to(page, ".cv-demo select")
        page.keyboard.press("ArrowDown")  # 图 1 的输入 → 随机整数
        page.keyboard.press("Tab")  # 输入大小 N
        page.keyboard.press("ArrowRight")
        assert slider_value(page, "n") == 6
        for _ in range(3):  # K、P、S
            page.keyboard.press("Tab")
        page.keyboard.press("ArrowRight")
        assert slider_value(page, "s") == 2
        formula = page.locator(".cv-demo__formula").nth(1).inner_text()
        assert "⌊(6 + 2×0 − 1×(3 − 1) − 1) / 2⌋" in formula and "⌊1.5⌋ + 1 = 1 + 1 = 2" in formula
        assert "第 6 行" in shown(page, "skipped") and "步幅 2" in shown(page, "skipped")

        x = torch.tensor(grid_numbers(table_values(page, "输入")), dtype=torch.float64)
        assert x.shape == (6, 6)
        expected = F.conv2d(x[None, None], DEMO_KERNEL.double()[None, None], stride=2)[0, 0]
        assert expected.shape == (2, 2)
        tab_to(page, ".cv-demo canvas")
        page.keyboard.press("ArrowUp")  # 选中的 (1, 2) 已被收进 2×2 的输出：(1, 1) → (0, 1)
        assert shown(page, "value") and numbers(shown(page, "value")) == [expected[0, 1].item()]
        page.keyboard.press("ArrowLeft")
        assert numbers(shown(page, "value")) == [expected[0, 0].item()]
        assert "第 1 行第 1 列" in page.locator(".cv-demo canvas").get_attribute("aria-label")

        for _ in range(11):  # 往回：9 个权重、预设、空洞率
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert slider_value(page, "d") == 3
        error = shown(page, "error")
        with pytest.raises(RuntimeError) as raised:
            F.conv2d(x[None, None], DEMO_KERNEL.double()[None, None], stride=2, dilation=3)
        assert "(6 x 6)" in str(raised.value) and "(7 x 7)" in str(raised.value)
        assert "6×6" in error and "7×7" in error
        assert page.locator(".cv-demo table[data-table=输出]").count() == 0
        assert visit.errors == []


# ---- 页面环境：换页、离线版、主题、2 倍屏、动画、屏幕外、打印、无障碍 --------------------


@pytest.mark.browser
def test_demo_mounts_after_navigation(chromium, server):
    """从首页点导航链接进入：演示在几屏以下时不挂载，滚到附近才挂载；返回、再换到另一个演示的页面也一样。"""
    with Visit(chromium, DESKTOP) as visit:
        page = visit.open(server)
        page.locator(".md-nav__link", has_text="感知机").first.click()
        page.wait_for_url("**/" + PERCEPTRON_PAGE)
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        assert page.evaluate("cvDemos.live()") == [], "演示在屏幕几屏以下，还不该挂载"
        scroll_to_demo(page, "perceptron")
        page.locator(".cv-demo").get_by_role("button", name="单步").click()
        assert shown(page, "sample").startswith("#1")
        assert page.evaluate("cvDemos.live()") == ["perceptron"]
        page.locator(".md-nav__link", has_text="机器学习基础").first.click()
        page.wait_for_url("**/dl/machine-learning/")
        page.go_back()
        scroll_to_demo(page, "perceptron")
        assert page.evaluate("cvDemos.live()") == ["perceptron"]
        assert page.locator(".cv-demo canvas").count() == 1
        page.locator(".md-nav__link", has_text="卷积与骨干网络").first.click()  # 从一个演示直接到另一个演示
        page.wait_for_url("**/" + CONVOLUTION_PAGE)
        scroll_to_demo(page, "convolution")
        assert page.evaluate("cvDemos.live()") == ["convolution"]
        assert numbers(shown(page, "value")) == [7]
        assert visit.errors == []


@pytest.mark.browser
def test_a_link_to_the_section_after_a_demo_lands_on_its_heading(chromium, server):
    """从别处链接到演示后面那一节：演示这时才挂载（它就在屏幕上方）。它变高后，标题仍要停在页首栏下面：
    Chromium 靠滚动锚定，没有滚动锚定的浏览器靠 core.js 手动补偿（这里关掉滚动锚定来模拟）。"""
    with Visit(chromium, DESKTOP) as visit:
        targets = {
            url: visit.open(server + url).evaluate(
                "() => { let e = document.querySelector('.cv-demo').nextElementSibling;"
                " while (e.tagName !== 'H2') e = e.nextElementSibling; return e.id; }"
            )
            for url in (PERCEPTRON_PAGE, CONVOLUTION_PAGE, MLP_PAGE)
        }
    problems = []
    setups = (("桌面", DESKTOP, True), ("手机", PHONE, True), ("手机，没有滚动锚定", PHONE, False))
    for name, viewport, anchoring in setups:
        for url, target in targets.items():
            with Visit(chromium, viewport) as visit:  # 每次都是新打开的页面，像从别的页面点进来
                if not anchoring:
                    visit.page.add_init_script(
                        "document.addEventListener('DOMContentLoaded', () =>"
                        " document.documentElement.style.overflowAnchor = 'none')"
                    )
                problems += landing_problems(visit, server + url, target, name)
                if visit.page.evaluate("cvDemos.live()") == []:
                    problems.append(f"{url}#{target}（{name}）：上方的演示没有挂载")
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_demos_work_in_the_offline_build(chromium, offline_site):  # noqa: F811
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, (offline_site / "dl/perceptron.html").as_uri())
        page.locator(".cv-demo").get_by_role("button", name="一轮").click()
        assert numbers(shown(page, "mistakes")) == [2]
        page = open_demo(visit, (offline_site / "dl/convolution.html").as_uri())
        assert numbers(shown(page, "value")) == [7]
        assert visit.errors == []
        assert [u for u in visit.requests if not u.startswith("file://")] == []


def canvas_pixel(page, x, y, selector=".cv-demo canvas"):
    return page.evaluate(
        "([x, y, s]) => { const c = document.querySelector(s); const r = devicePixelRatio;"
        " return [...c.getContext('2d').getImageData(x * r, y * r, 1, 1).data].slice(0, 3); }",
        [x, y, selector],
    )


@pytest.mark.browser
@pytest.mark.parametrize("url", [PERCEPTRON_PAGE, CONVOLUTION_PAGE, MLP_PAGE])
def test_canvas_is_sharp_and_follows_the_theme(chromium, server, url):
    with Visit(chromium, DESKTOP, device_scale_factor=2) as visit:
        page = open_demo(visit, server + url)
        width, css_width = page.evaluate(
            "(() => { const c = document.querySelector('.cv-demo canvas'); return [c.width, c.clientWidth]; })()"
        )
        assert width == 2 * css_width
        # 多层感知机的第一个画布（判别区域）整个涂了颜色：看损失曲线画布的背景
        where = ".cv-demo canvas[data-canvas=loss]" if url == MLP_PAGE else ".cv-demo canvas"
        light, image = canvas_pixel(page, 2, 2, where), canvas_image(page)
        page.locator("label.md-header__button[for^='__palette']:visible").click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.wait_for_timeout(100)
        dark = canvas_pixel(page, 2, 2, where)
        assert canvas_image(page) != image  # 第一个画布也按深色重画了
        assert sum(light) > 600 and sum(dark) < 200, (light, dark)
        assert visit.errors == []


def canvas_image(page):
    return page.evaluate("document.querySelector('.cv-demo canvas').toDataURL()")


@pytest.mark.browser
@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_line_moves_without_animation_when_motion_is_reduced(chromium, server, motion):
    """prefers-reduced-motion：分界线直接跳到新位置；否则从旧位置滑过去（点按的那一刻画的还是旧位置）。"""
    with Visit(chromium, DESKTOP, reduced_motion=motion) as visit:
        page = open_demo(visit, server + PERCEPTRON_PAGE)
        button = page.locator(".cv-demo").get_by_role("button", name="单步")
        button.click()  # 第一步：w 从 0 变成非零，画出第一条线
        page.wait_for_timeout(400)
        before = canvas_image(page)
        at_click = page.evaluate(
            "() => { const b = [...document.querySelectorAll('.cv-demo button')].find(b => b.textContent === '一轮');"
            " b.click(); return document.querySelector('.cv-demo canvas').toDataURL(); }"
        )
        page.wait_for_timeout(400)
        after = canvas_image(page)
        assert after != before
        assert (at_click == after) == (motion == "reduce")
        assert visit.errors == []


@pytest.mark.browser
def test_play_pauses_while_the_demo_is_off_screen(chromium, server):
    def steps_taken(page):
        epoch, position = numbers(page.locator(".cv-demo__readout p").first.inner_text())[:2]
        return (epoch - 1) * 4 + position

    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + PERCEPTRON_PAGE)
        demo = page.locator(".cv-demo")
        demo.locator("select").first.select_option("xor")  # XOR 永不收敛，播放不会自己停下
        demo.get_by_role("button", name="播放").click()
        page.wait_for_timeout(1000)
        assert steps_taken(page) >= 2
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        hidden_at = steps_taken(page)
        page.wait_for_timeout(1200)
        assert steps_taken(page) == hidden_at
        demo.scroll_into_view_if_needed()
        page.wait_for_timeout(1200)
        assert steps_taken(page) > hidden_at
        assert demo.get_by_role("button", name="暂停").get_attribute("aria-pressed") == "true"
        assert visit.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("url", [PERCEPTRON_PAGE, CONVOLUTION_PAGE, MLP_PAGE])
def test_print_shows_the_static_figure_instead_of_the_demo(chromium, server, url):
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + url)
        page.emulate_media(media="print")
        assert page.locator(".cv-demo").evaluate("el => getComputedStyle(el).display") == "none"
        assert page.locator("article figure img").first.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", [PERCEPTRON_PAGE, CONVOLUTION_PAGE, MLP_PAGE])
def test_demo_is_accessible_after_use(chromium, server, url, scheme):
    """操作过演示（点了按钮、展开了表格、出现了提示）以后，axe 仍然没有严重问题；每个控件都有名字。"""
    with Visit(chromium, DESKTOP, scheme) as visit:
        page = open_demo(visit, server + url)
        demo = page.locator(".cv-demo")
        for select in demo.locator("select").all():
            if select.is_visible():
                select.select_option(index=select.evaluate("s => s.options.length") - 2)
        for name in ["单步", "一轮"]:
            buttons = demo.get_by_role("button", name=name)
            if buttons.count():
                buttons.click()
        demo.locator("details summary").first.click()
        assert axe_violations(page) == []
        unnamed = demo.locator("input, select, button").evaluate_all(
            "els => els.filter(e => !(e.labels && e.labels.length) && !e.textContent.trim() && !e.ariaLabel)"
            ".map(e => e.outerHTML)"
        )
        assert unnamed == []
        assert all(demo.locator("canvas[role=img]").evaluate_all("cs => cs.map(c => c.getAttribute('aria-label'))"))
        assert visit.errors == []


# ---- 多层感知机：数据、初始权重、访问顺序与 Python 相同；50 步 SGD 之后的权重与 PyTorch 相同 --------------------

MLP_ACTS = ("relu", "tanh", "sigmoid")


def test_mlp_init_is_nn_linears_default_distribution():
    """演示的初始化与 nn.Linear 的默认初始化是同一个分布 U(−1/√fan_in, 1/√fan_in)：都不出界，
    都几乎碰到边界，|w| / 边界的平均值都约为 0.5（均匀分布）。"""
    torch.manual_seed(0)
    layers, _ = mlp_init([4000, 8], 0)  # 三层的 fan_in：2、4000、8
    for (weight, bias), fan_in in zip(layers, [2, 4000, 8]):
        bound = fan_in**-0.5
        linear = torch.nn.Linear(fan_in, len(weight))
        for mine, theirs in [
            (torch.tensor(weight), linear.weight.detach()),
            (torch.tensor(bias), linear.bias.detach()),
        ]:
            assert mine.abs().max() <= bound and theirs.abs().max() <= bound
            if mine.numel() >= 4000:
                for values in (mine, theirs):
                    assert values.abs().max() > 0.99 * bound
                    assert abs((values.abs() / bound).mean().item() - 0.5) < 0.02


def test_mlp_reference_clears_gradients_every_step():
    """参照每一步先 zero_grad：不清梯度（TensorFlow Playground 那样把上一步的梯度留下）得到的权重明显不同，
    所以权重的比较能发现这种错误。"""
    config = mlp_config(("xor", 0.1, 1), [4], "tanh", 0.3, 10, 0.0, 1)
    fresh = torch.cat(
        [torch.tensor(w).flatten() for layer in mlp_weights(mlp_train(config, steps=20)[0]) for w in layer]
    )
    stale = mlp_train(config, steps=20, zero_grad=False)[0]
    stale = torch.cat([torch.tensor(w).flatten() for layer in mlp_weights(stale) for w in layer])
    assert (fresh - stale).abs().max() > 0.05


def test_mlp_cases_cover_every_activation_two_architectures_with_and_without_decay():
    cases = fixture("mlp")["cases"]
    for act in MLP_ACTS:
        mine = [c for c in cases if c["activation"] == act]
        assert len({tuple(c["units"]) for c in mine}) >= 2, act
        assert {c["wd"] > 0 for c in mine} == {True, False}, act
    assert {len(c["units"]) for c in cases} == {1, 2, 3}
    assert all(len(c["batches"]) == 50 for c in cases)


def test_page_claims_about_the_mlp_demo():
    """页面“可以试试”：XOR（四个象限）上 2 个 tanh 单元，种子 1～10 都不到 90%，4 个单元都不低于 95%；
    两个圆、ReLU，2 个单元都不到 85%，3 个单元在种子 1、3、7、8 上到 98% 以上，其余种子不到 85%。
    数字来自 demo_mlp.json（PyTorch 按演示的设置训练 100 轮；test_generated 证明它与重新计算的结果相同）。"""
    claims = fixture("mlp")["claims"]
    assert list(MLP_CLAIM_SEEDS) == list(range(1, 11)) and MLP_CLAIM_EPOCHS == 100
    assert set(claims) == set(MLP_CLAIMS)
    assert max(claims["xor-tanh-2"]) < 0.9 and min(claims["xor-tanh-4"]) >= 0.95
    assert max(claims["circles-relu-2"]) < 0.85
    good = [seed for seed, acc in zip(MLP_CLAIM_SEEDS, claims["circles-relu-3"]) if acc >= 0.98]
    assert good == [1, 3, 7, 8]
    assert all(acc < 0.85 for seed, acc in zip(MLP_CLAIM_SEEDS, claims["circles-relu-3"]) if seed not in good)
    text = (ROOT / "docs/dl/mlp.md").read_text(encoding="utf-8")
    for phrase in [
        "都不到 90%",
        "10 次都不低于 95%",
        "种子 1～10 都不到 85%",
        "种子 1、3、7、8 到了 98% 以上",
        "训练 100 轮",
    ]:
        assert phrase in text, phrase


def epochs(case):
    """走 50 步要几轮（每轮 ⌈200 / 批量大小⌉ 步）。"""
    return -(-50 // -(-MLP_N // case["batch"]))


@pytest.mark.browser
def test_mlp_data_init_and_batch_order_are_pythons(mlp_page):
    """数据（Box–Muller 用到 log、cos：允许最后一位不同）、初始权重和每轮的访问顺序（逐位相同）。"""
    for key, (x, t) in fixture("mlp")["datasets"].items():
        name, noise, seed = key.split("-")
        js = mlp_page.evaluate("a => cvDemos.mlp.makePoints(...a)", [name, float(noise), int(seed), len(x)])
        assert js["t"] == t, key
        assert torch.allclose(torch.tensor(js["x"]), torch.tensor(x), rtol=1e-12, atol=1e-12), key
    for case in fixture("mlp")["cases"]:
        init = mlp_page.evaluate("a => cvDemos.mlp.initNet(...a)", [case["units"], case["seed"]])
        assert [[layer["W"], layer["b"]] for layer in init] == case["init"]
        order = mlp_page.evaluate(
            "a => cvDemos.mlp.batchOrder(...a)", [MLP_N, case["batch"], epochs(case), case["seed"], case["units"]]
        )
        assert len(order) >= 50 and order[:50] == case["batches"]
        data = mlp_page.evaluate("a => cvDemos.mlp.makeData(...a)", case["data"])
        assert data["t"] == case["t"]
        assert torch.allclose(torch.tensor(data["x"]), torch.tensor(case["x"]), rtol=1e-12, atol=1e-12)


@pytest.mark.browser
@pytest.mark.parametrize(
    "case",
    fixture("mlp")["cases"],
    ids=lambda c: f"{c['data'][0]}-{'x'.join(map(str, c['units']))}-{c['activation']}-wd{c['wd']}",
)
def test_mlp_weights_after_50_steps_match_pytorch(mlp_page, case):
    """从同一组初始权重、按同样的 50 个批次训练：每个权重与 PyTorch（float64）相差不到 1e-6（相对）；
    判别区域在 17×17 个网格点上的预测与 PyTorch 完全相同。"""
    layers = [{"W": w, "b": b} for w, b in case["init"]]
    args = [layers, case["activation"], case["x"], case["t"], case["batches"], case["lr"], case["wd"]]
    result = mlp_page.evaluate("a => cvDemos.mlp.train(...a)", args)
    for (w, b), layer in zip(case["weights"], result):
        for mine, expected in [(layer["W"], w), (layer["b"], b)]:
            assert torch.allclose(torch.tensor(mine), torch.tensor(expected), rtol=1e-6, atol=1e-12)
    moved = max(abs(a - b) for (w0, _), (w1, _) in zip(case["init"], case["weights"]) for a, b in zip(w0[0], w1[0]))
    assert moved > 1e-3  # 权重确实动了
    grid = mlp_page.evaluate(
        "a => cvDemos.mlp.gridPredictions(...a)", [result, case["activation"], fixture("mlp")["grid"]]
    )
    assert grid == case["grid"]
    assert 0 < sum(grid) < len(grid)  # 网格上两类都有


@pytest.mark.browser
def test_mlp_page_claims_reproduce_in_the_browser(mlp_page):
    """演示自己（界面用的 createSession）训练 100 轮，测试集准确率与 PyTorch 的完全相同。"""
    for key, (name, activation, units) in MLP_CLAIMS.items():
        for seed, expected in zip(MLP_CLAIM_SEEDS, fixture("mlp")["claims"][key]):
            settings = {"data": name, "activation": activation, "units": units, "seed": seed}
            record = mlp_page.evaluate("a => cvDemos.mlp.run(...a)", [settings, MLP_CLAIM_EPOCHS])
            assert record[-1][3] == expected, (key, seed)


# ---- 多层感知机：读者 --------------------

MLP_DEFAULT = {
    "data": ("xor", 0.1, 1),
    "units": [4],
    "activation": "tanh",
    "lr": 0.3,
    "batch": 10,
    "wd": 0.0,
    "seed": 1,
}


def python_history(epochs, **changes):
    settings = MLP_DEFAULT | changes
    config = mlp_config(
        settings["data"],
        settings["units"],
        settings["activation"],
        settings["lr"],
        settings["batch"],
        settings["wd"],
        settings["seed"],
    )
    return mlp_train(config, epochs=epochs)[2]


def shown_losses(page):
    """显示的 (轮数, 训练集损失, 测试集损失, 训练准确率, 测试准确率)。"""
    return (
        int(shown(page, "epoch")),
        numbers(shown(page, "train"))[0],
        numbers(shown(page, "test"))[0],
        numbers(shown(page, "train-acc"))[0] / 100,
        numbers(shown(page, "test-acc"))[0] / 100,
    )


def matches(displayed, history):
    epoch, train, test, train_acc, test_acc = displayed
    expected = history[epoch]
    assert (round(expected[0], 4), round(expected[1], 4)) == (train, test), (displayed, expected)
    assert (round(expected[2], 3), round(expected[3], 3)) == (round(train_acc, 3), round(test_acc, 3))


@pytest.mark.browser
def test_mlp_by_touch_on_a_phone(chromium, server):
    """390 像素宽的触屏：选两个圆、ReLU、3 个单元，点“单步”再点两次“一轮”，显示的轮数和损失与 PyTorch 相同；
    点第 2 个单元的小图放大，再点一下收起。"""
    with Visit(chromium, PHONE, has_touch=True, is_mobile=True) as visit:
        page = open_demo(visit, server + MLP_PAGE)
        demo = page.locator(".cv-demo")
        for label, value in [("数据集", "circles"), ("激活函数", "relu"), ("第 1 层单元数", "3")]:
            demo.get_by_label(label).tap()
            demo.get_by_label(label).select_option(value)
        demo.get_by_role("button", name="单步").tap()
        assert shown(page, "steps") == "1" and shown(page, "epoch") == "0"
        demo.get_by_role("button", name="一轮").tap()
        demo.get_by_role("button", name="一轮").tap()
        history = python_history(2, data=("circles", 0.1, 1), activation="relu", units=[3])
        assert shown(page, "steps") == "40"
        matches(shown_losses(page), history)
        unit = demo.get_by_role("button", name="第 1 层第 2 个单元")
        unit.tap()
        assert shown(page, "zoomed") == "放大：第 1 层第 2 个单元"
        assert demo.get_by_role("button", name="第 1 层第 2 个单元").get_attribute("aria-pressed") == "true"
        demo.get_by_role("button", name="第 1 层第 2 个单元").tap()
        assert page.locator(".cv-demo [data-out=zoomed]").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert "act=relu" in page.url and "data=circles" in page.url
        assert visit.errors == []


@pytest.mark.browser
def test_mlp_with_the_keyboard_alone(chromium, server):
    """只用键盘：数据集换成两个半月，按 3 次“一轮”，损失与 PyTorch 相同；
    “重置”回到同一组初始权重，再按 3 次结果一样。"""
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + MLP_PAGE)
        tab_to(page, ".cv-demo select")
        page.keyboard.press("ArrowDown")  # XOR → 两个半月
        assert page.evaluate("document.activeElement.value") == "moons"
        tab_to(page, ".cv-demo button", "一轮")
        for _ in range(3):
            page.keyboard.press("Enter")
        history = python_history(3, data=("moons", 0.1, 1))
        first = shown_losses(page)
        assert first[0] == 3
        matches(first, history)
        tab_to(page, ".cv-demo button", "重置")
        page.keyboard.press("Enter")
        matches(shown_losses(page), history)  # 第 0 轮：训练前
        assert shown_losses(page)[0] == 0
        page.keyboard.press("Shift+Tab")  # 播放
        page.keyboard.press("Shift+Tab")  # 一轮
        for _ in range(3):
            page.keyboard.press("Enter")
        assert shown_losses(page) == first
        tab_to(page, ".cv-demo__unit")
        page.keyboard.press("Enter")
        assert shown(page, "zoomed") == "放大：第 1 层第 1 个单元"
        assert visit.errors == []


@pytest.mark.browser
def test_mlp_settings_come_from_the_url(chromium, server):
    """老师发来的链接：打开后控件显示链接里的设置，训练结果就是这组设置在 PyTorch 里的结果；改一个控件，地址跟着变。"""
    query = "?data=circles&noise=0.2&data-seed=3&units=6-3&act=relu&lr=0.1&batch=25&wd=0.001&seed=7"
    with Visit(chromium, DESKTOP) as visit:
        page = open_demo(visit, server + MLP_PAGE + query)
        demo = page.locator(".cv-demo")
        values = {
            label: demo.get_by_label(label).input_value()
            for label in [
                "数据集",
                "噪声",
                "数据种子",
                "隐藏层",
                "第 1 层单元数",
                "第 2 层单元数",
                "激活函数",
                "学习率",
                "批量大小",
                "权重衰减",
                "初始化种子",
            ]
        }
        assert values == {
            "数据集": "circles",
            "噪声": "0.2",
            "数据种子": "3",
            "隐藏层": "2",
            "第 1 层单元数": "6",
            "第 2 层单元数": "3",
            "激活函数": "relu",
            "学习率": "0.1",
            "批量大小": "25",
            "权重衰减": "0.001",
            "初始化种子": "7",
        }
        assert not demo.get_by_label("第 3 层单元数").is_visible()
        assert demo.get_by_role("button", name="第 2 层第 3 个单元").count() == 1
        demo.get_by_role("button", name="一轮").click()
        history = python_history(
            1, data=("circles", 0.2, 3), units=[6, 3], activation="relu", lr=0.1, batch=25, wd=0.001, seed=7
        )
        matches(shown_losses(page), history)
        demo.get_by_label("权重衰减").select_option("0")
        assert "wd=0&" in page.url and "units=6-3" in page.url
        assert page.url.endswith(demo.get_by_role("link", name="这组设置的链接").get_attribute("href"))
        # 不合法的值不用，换成默认值
        page = open_demo(visit, server + MLP_PAGE + "?units=9&act=gelu&lr=7")
        assert [demo.get_by_label(x).input_value() for x in ["第 1 层单元数", "激活函数", "学习率"]] == [
            "4",
            "tanh",
            "0.3",
        ]
        assert visit.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_mlp_play_is_slow_with_reduced_motion_and_pauses_off_screen(chromium, server, motion):
    with Visit(chromium, DESKTOP, reduced_motion=motion) as visit:
        page = open_demo(visit, server + MLP_PAGE)
        demo = page.locator(".cv-demo")
        demo.get_by_role("button", name="播放").click()
        page.wait_for_timeout(1500)
        played = int(shown(page, "epoch"))
        assert (played <= 4) == (motion == "reduce"), played
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(700)
        hidden_at = int(shown(page, "epoch"))
        page.wait_for_timeout(1200)
        assert int(shown(page, "epoch")) == hidden_at
        demo.scroll_into_view_if_needed()
        page.wait_for_timeout(1200)
        assert int(shown(page, "epoch")) > hidden_at
        assert visit.errors == []
