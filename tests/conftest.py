"""测试共用的工具：构建站点、定位仓库。"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """用 --strict 构建站点；返回的 ``.stdout`` 是合并了 stderr 的完整日志。

    故意不加 -q：安静模式下警告不会被计数，--strict 就形同虚设。
    """
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """把真实站点构建到临时目录（整个测试会话只构建一次）。"""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, f"mkdocs build --strict 失败：\n{result.stdout}"
    assert "WARNING" not in result.stdout, f"构建有警告：\n{result.stdout}"
    return site
