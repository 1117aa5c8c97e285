"""仓库本身的约定：依赖钉死、README 的命令就是 CI 运行的命令、代码风格、每个示例模块都有测试。"""

import re
import subprocess
import sys

import pytest

from site_hooks.checks import SNIPPET_INCLUDE, broken_snippet_includes, typed_python_blocks
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci/run").read_text(encoding="utf-8")


REQUIREMENTS = ("requirements-site.txt", "requirements.txt")
INCLUDE_SITE = "-r requirements-site.txt"


def requirement_lines(name):
    """文件里去掉注释和空行后的每一条要求。"""
    lines = (line.split("#")[0].strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def canonical_name(name):
    """按 PEP 503 规范化的包名：大小写、_ 和 . 都等同于 -。"""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_names(name):
    """文件里钉死的包名（规范化之后）。"""
    return [canonical_name(line.split("==")[0]) for line in requirement_lines(name) if "==" in line]


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_every_requirement_is_pinned(name):
    for requirement in requirement_lines(name):
        if name == "requirements.txt" and requirement == INCLUDE_SITE:
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+]+", requirement), f"{name} 没有钉死版本：{requirement}"


def test_requirements_txt_is_the_site_set_plus_the_rest():
    """requirements.txt 先引入网站所需的 requirements-site.txt，再列出其余的包；一个包只在一个文件里钉版本。"""
    assert requirement_lines("requirements.txt")[0] == INCLUDE_SITE
    assert requirement_lines("requirements.txt").count(INCLUDE_SITE) == 1
    assert requirement_lines("requirements-site.txt") != []
    assert not any(line.startswith("-") for line in requirement_lines("requirements-site.txt"))
    site, rest = pinned_names("requirements-site.txt"), pinned_names("requirements.txt")
    assert sorted(set(site) & set(rest)) == [], "这些包在两个文件里都钉了版本"
    for name in REQUIREMENTS:
        names = pinned_names(name)
        assert len(names) == len(set(names)), f"{name} 里有重复的包"


def test_site_requirements_leave_out_the_heavy_packages():
    """预览网站不必安装 torch 等示例代码、测试用的包。"""
    site = set(pinned_names("requirements-site.txt"))
    heavy = {"torch", "numpy", "matplotlib", "mplfonts", "sympy", "pillow", "pytest", "ruff", "playwright"}
    assert sorted(site & heavy) == []


def test_torch_is_the_pinned_cpu_release():
    assert re.search(r"^torch==2\.13\.0\b", (ROOT / "requirements.txt").read_text(), re.M)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    commands = [line for line in README.splitlines() if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2, commands
    serve, test = commands
    assert serve == "python3 -m venv .venv && .venv/bin/pip install -r requirements-site.txt && .venv/bin/mkdocs serve"
    assert test == "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python -m pytest"
    ci_commands = [line for line in CI_RUN.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_commands[-1] == test, ".ci/run 的最后一条命令必须与 README 里的测试命令一字不差"


def test_ci_builds_the_site_with_the_site_requirements_alone():
    """.ci/run 在只装了 requirements-site.txt 的全新虚拟环境里运行 mkdocs build --strict，证明预览命令装的包够用。"""
    venv = re.search(r'^(\w+)="\$\(mktemp -d\)"$', CI_RUN, re.M)
    assert venv, ".ci/run 应当用 mktemp -d 建一个全新的虚拟环境目录"
    var = venv[1]
    step = CI_RUN[venv.start() : CI_RUN.rindex("python3 -m venv .venv")]
    assert re.search(rf'^python3 -m venv "\${var}"$', step, re.M), step
    installs = re.findall(rf'^"\${var}/bin/pip" install (.*)$', step, re.M)
    assert installs == ["-q -r requirements-site.txt"], installs
    assert re.search(rf'^"\${var}/bin/mkdocs" build --strict -d "\$\(mktemp -d\)"$', step, re.M), step


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff(args):
    result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"ruff {' '.join(args)} 发现问题（运行 ruff format . 和 ruff check --fix . 修复）：\n"
        f"{result.stdout}{result.stderr}"
    )


def test_every_snippet_module_has_a_test():
    """snippets/ 里每个示例模块都被某个测试文件导入，页面上的代码才有人把关。"""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    infrastructure = {"__init__", "__main__", "generated", "plotting"}
    for module in sorted((ROOT / "snippets").glob("*.py")):
        if module.stem not in infrastructure:
            assert re.search(rf"\bsnippets\.{module.stem}\b", tests), f"snippets/{module.name} 没有对应的测试"


def test_no_page_has_typed_python_or_broken_includes():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert typed_python_blocks(text) == [], f"{page.relative_to(ROOT)} 里有手写的 Python 代码块"
        assert broken_snippet_includes(text) == [], f"{page.relative_to(ROOT)} 引入了不存在的代码"


def test_typed_python_detector():
    page = "\n".join(
        ["# 标题", "", "```python", '--8<-- "snippets/perceptron.py:demo"', "```", "", "~~~ py", "print(1)", "~~~"]
        + ["", "```text", "print(2)", "```"]
    )
    assert typed_python_blocks(page) == [7]


def test_snippet_include_pattern():
    assert SNIPPET_INCLUDE.match('--8<-- "snippets/perceptron.py:xor-lines"')["section"] == "xor-lines"
    assert SNIPPET_INCLUDE.match('    --8<-- "snippets/outputs/perceptron_demo.txt"')["section"] is None


def test_chinese_typography():
    """页面遵循中文文案排版指北（autocorrect 检查）；失败信息给出文件、行号和改法。"""
    result = subprocess.run(
        [sys.executable, "tools/typography.py"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def tracked_text_files():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    skip = (
        "figs/",
        "snippets/outputs/",
        "docs/assets/katex/",
        "tests/vendor/",
        "docs/assets/javascripts/iframe-worker/",
    )
    for name in files:
        path = ROOT / name
        if not name.startswith(skip) and path.is_file() and b"\0" not in path.read_bytes()[:1024]:
            yield name, path.read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="不在 git 仓库里")
def test_no_trailing_whitespace_and_one_final_newline():
    """与 pre-commit 的 trailing-whitespace / end-of-file-fixer 相同的规则。"""
    problems = []
    for name, text in tracked_text_files():
        problems += [f"{name}:{n}: 行尾有空格" for n, line in enumerate(text.splitlines(), 1) if line != line.rstrip()]
        if text and (not text.endswith("\n") or text.endswith("\n\n")):
            problems.append(f"{name}: 文件末尾应当恰好有一个换行")
    assert problems == [], "\n".join(problems) + "\n修复：pre-commit run --all-files（或手动删掉行尾空格）"
