"""贡献者常犯的错误必须让构建或测试失败，并且错误信息要指出出错的文件。

每个测试在临时目录里复制一份站点，故意犯错，再检查构建失败、信息里有文件名。
"""

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from mkdocs.config import load_config

from tests.conftest import ROOT, build_site

# 并行运行测试时，本文件的测试都在同一个进程里：module 级的 fixture（昂贵的运行或构建）只做一次
pytestmark = pytest.mark.xdist_group("bad-input")
GLOSSARY_LINES = len((ROOT / "includes" / "glossary.md").read_text(encoding="utf-8").splitlines())
SITE_SOURCES = ["docs", "figs", "snippets", "includes", "overrides", "hooks.py", "site_hooks", "mkdocs.yml"]


def copy_site(dest):
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def build_with_pages(tmp_path, pages: dict[str, str], in_nav: list[str], glossary_lines: str = ""):
    """在站点副本里加入页面 ``pages``（路径 → 内容），把 ``in_nav`` 里的加进导航，然后构建。"""
    site = copy_site(tmp_path / "repo")
    with (site / "includes" / "glossary.md").open("a", encoding="utf-8") as glossary:
        glossary.write(glossary_lines)
    for path, text in pages.items():
        (site / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "docs" / path).write_text(text, encoding="utf-8")
    nav = load_config(str(site / "mkdocs.yml"))["nav"] + [{"错误示例": in_nav}]
    config = site / "bad.yml"
    config.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "nav": nav}, allow_unicode=True), encoding="utf-8")
    result = build_site(config, tmp_path / "out")
    return result.returncode, result.stdout


BAD_PAGE = """# 错误示例

[坏链接](../nope.md)

[坏锚点](../dl/perceptron.md#不存在的小节)

![一张不存在的图](../figs/nope.svg)

![](../figs/perceptron_xor.svg)

```python
print("手写在页面里的代码")
```

![站外的图](https://example.com/cat.png)

写错的公式 $\\notacommand{x}$ 和写对的 $x^2$。
"""


# 引入不存在的代码文件、不存在的分段：各放在一页里，好检查报告的行号
MISSING_FILE = '# 引入代码\n\n```python\n--8<-- "snippets/no_such_module.py:demo"\n```\n'
MISSING_SECTION = '# 引入代码\n\n```python\n--8<-- "snippets/perceptron.py:no-such-section"\n```\n'


@pytest.fixture(scope="module")
def many_mistakes(tmp_path_factory):
    """一次构建里同时犯多个不会中止构建的错误（省时间），下面的测试分别检查各自的信息。"""
    pages = {
        "bad/mistakes.md": BAD_PAGE,
        "bad/orphan.md": "# 没放进导航的页面\n",
        "bad/missing-file.md": MISSING_FILE,
        "bad/missing-section.md": MISSING_SECTION,
    }
    in_nav = ["bad/mistakes.md", "bad/missing-file.md", "bad/missing-section.md"]
    duplicate = "*[XOR]: 又定义了一次\n"
    return build_with_pages(tmp_path_factory.mktemp("mistakes"), pages, in_nav, glossary_lines=duplicate)


def test_mistakes_fail_the_build(many_mistakes):
    returncode, log = many_mistakes
    assert returncode != 0, log
    assert "Aborted" in log and "strict mode" in log, log


@pytest.mark.parametrize(
    "expected",
    [
        pytest.param(["bad/mistakes.md", "'../nope.md'", "not found"], id="broken-link"),
        pytest.param(["bad/mistakes.md", "#不存在的小节", "anchor"], id="broken-anchor"),
        pytest.param(["bad/mistakes.md", "'../figs/nope.svg'", "not found"], id="missing-image"),
        pytest.param(["docs/bad/mistakes.md", "../figs/perceptron_xor.svg", "没有替代文本"], id="image-without-alt"),
        pytest.param(["docs/bad/mistakes.md:11", "直接写了 Python 代码"], id="typed-python"),
        pytest.param(["docs/bad/mistakes.md:15", "从站外加载 https://example.com/cat.png"], id="external-resource"),
        pytest.param(
            ["docs/bad/mistakes.md", r"公式 \notacommand{x} 排不出来", "Undefined control sequence"], id="bad-tex"
        ),
        pytest.param(['not included in the "nav"', "bad/orphan.md"], id="page-not-in-nav"),
        pytest.param(
            [f"includes/glossary.md:{GLOSSARY_LINES + 1}:", "术语 XOR 重复定义"], id="glossary-term-defined-twice"
        ),
        pytest.param(["docs/bad/missing-file.md:4: snippets/no_such_module.py 不存在"], id="missing-snippet-file"),
        pytest.param(
            ["docs/bad/missing-section.md:4: snippets/perceptron.py 里没有分段 no-such-section"],
            id="missing-snippet-section",
        ),
    ],
)
def test_mistake_is_reported_with_its_file(many_mistakes, expected):
    _, log = many_mistakes
    # 一条日志可能占多行（导航遗漏的页面列在下一行），按 "WARNING -" 这样的开头切分
    records = re.split(r"\n(?=[A-Z]+ +- )", log)
    assert any(all(part in record for part in expected) for record in records), (
        f"没有找到提到 {expected} 的警告：\n{log}"
    )


def test_missing_snippet_is_a_clear_warning_not_a_traceback(many_mistakes):
    _, log = many_mistakes
    assert "Traceback" not in log, "引入的代码不存在时，应当是一条清楚的警告，而不是一大段异常堆栈"


def test_stale_figure_is_reported_with_the_fix(tmp_path):
    repo = copy_site(tmp_path)
    figure = repo / "figs" / "perceptron_xor.svg"
    figure.write_bytes(figure.read_bytes().replace(b"</svg>", b"<!-- hand edit --></svg>"))
    result = subprocess.run(
        [sys.executable, "-m", "snippets", "--check", "perceptron"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "figs/perceptron_xor.svg" in result.stderr and "python -m snippets" in result.stderr, result.stderr


def test_cjk_spacing_error_is_reported_with_file_and_line(tmp_path):
    repo = copy_site(tmp_path)
    shutil.copytree(ROOT / "tools", repo / "tools")
    page = repo / "docs" / "dl" / "perceptron.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n感知机是1957年提出的,用PyTorch实现.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "tools/typography.py"], cwd=repo, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert result.returncode == 1
    assert f"docs/dl/perceptron.md:{line}:" in result.stdout, result.stdout
    assert "感知机是 1957 年提出的，用 PyTorch 实现" in result.stdout, result.stdout


def test_notebook_without_its_executed_result_fails_the_build_naming_file_and_command(tmp_path):
    notebook = "# %% [markdown]\n# # 新的 notebook\n\n# %%\nx = 1\n"
    returncode, log = build_with_pages(tmp_path, {"notebooks/new.py": notebook}, in_nav=["notebooks/new.py"])
    assert returncode != 0, log
    assert "docs/notebooks/new.ipynb 不存在" in log and "python -m snippets notebooks" in log, log


def test_editing_a_notebook_source_without_regenerating_fails_the_build_and_says_so_on_the_page(tmp_path):
    """改了 notebook 的源文件却没有重新生成 .ipynb：严格构建失败，警告指出文件和命令；
    页面照常生成（mkdocs serve 时读者能看到），顶上写着结果不是最新的。"""
    site = copy_site(tmp_path / "repo")
    source = site / "docs" / "notebooks" / "perceptron-mlp.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# %%\nprint('新加的一格')\n", encoding="utf-8")
    result = build_site(site / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0, result.stdout
    assert "docs/notebooks/perceptron-mlp.py 改过了，docs/notebooks/perceptron-mlp.ipynb 还是旧的" in result.stdout
    assert "python -m snippets notebooks" in result.stdout, result.stdout
    page = (tmp_path / "out" / "notebooks" / "perceptron-mlp" / "index.html").read_text(encoding="utf-8")
    assert "运行结果不是最新的" in page and "python -m snippets notebooks" in page


def test_stale_notebook_message_says_what_to_install_first(tmp_path, monkeypatch):
    """只装了 requirements-site.txt 的人看到的提示：先装完整环境；装好了的人：直接运行命令。"""
    from site_hooks import notebook_pages

    source = tmp_path / "x.py"
    source.write_text("# %% [markdown]\n# # 标题\n", encoding="utf-8")

    def executed(digest: str) -> dict:
        return {"metadata": {"generated_from": {"sha256": digest}}}

    monkeypatch.setattr(notebook_pages, "find_spec", lambda name: None)
    assert "先装好完整环境（pip install -r requirements.txt），再运行 python -m snippets notebooks" in (
        notebook_pages.stale_notebook(source, executed("旧的"))
    )
    monkeypatch.setattr(notebook_pages, "find_spec", lambda name: object())
    assert "运行 python -m snippets notebooks（本机已经装好了" in notebook_pages.stale_notebook(
        source, executed("旧的")
    )
    assert notebook_pages.stale_notebook(source, executed(notebook_pages.source_digest(source))) is None
