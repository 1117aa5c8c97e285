"""测试共用的工具：构建站点、定位仓库。"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation

import snippets  # noqa: F401  先于任何 PyTorch 计算：它固定了 PyTorch 在各种 CPU 上的数值实现（见 snippets/__init__.py）

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(str(ROOT / "mkdocs.yml"))
# 像部署时一样设置“编辑此页”链接的前缀（部署工作流按所在仓库设置它）
EDIT_URI = "https://github.com/example/cv-notes/edit/main/docs/"
SCREENSHOT_DIR = ROOT / "screenshots"  # 浏览器测试的截图，供人查看


def pytest_sessionstart(session):
    """要运行浏览器测试时，先清掉上一次的截图（删掉的页面不留旧图）。

    只在主进程里做：pytest-xdist 的各个 worker 同时写截图，谁也不能清空别人刚写的。
    """
    config = session.config
    # 只跑别的测试文件时（例如 pytest tests/test_mlp.py）不碰截图：那次不会写新的
    runs_browser_file = any(Path(arg.split("::")[0]).is_dir() or "test_browser" in arg for arg in config.args)
    if (
        not hasattr(config, "workerinput")
        and runs_browser_file
        and "not browser" not in (config.getoption("markexpr") or "")
    ):
        shutil.rmtree(SCREENSHOT_DIR, ignore_errors=True)


def nav_pages():
    """导航里的全部页面（mkdocs 的 File 对象，按导航顺序）。

    动手实验的 notebook（docs/notebooks/*.py）由 mkdocs-jupyter 插件在构建时变成页面：
    先让它处理一遍文件列表，这些页面的地址（notebooks/x/）才和构建出来的一致。
    """
    # 执行好的 .ipynb 不是页面：构建时 site_hooks/notebook_pages.py 先把它们从文件列表里换掉
    files = Files([f for f in get_files(CONFIG) if not f.src_uri.endswith(".ipynb")])
    if jupyter := CONFIG.plugins.get("mkdocs-jupyter"):
        files = jupyter.on_files(files, config=CONFIG)
    return [page.file for page in get_navigation(files, CONFIG).pages]


def build_site(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """用 --strict 构建站点；返回的 ``.stdout`` 是合并了 stderr 的完整日志。

    故意不加 -q：安静模式下警告不会被计数，--strict 就形同虚设。
    在输出目录旁边（而不是仓库里）运行 mkdocs，证明从别的目录用 -f 构建也能找到 snippets 等文件。
    """
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=site_dir.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(autouse=True, scope="session")
def single_torch_thread():
    """与 python -m snippets 生成图和输出时相同：PyTorch 只用一个线程。

    本站的张量都很小，多线程的调度开销比计算本身还大；在忙碌的 2 核机器上能慢十倍以上。
    """
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """把真实站点构建到临时目录（整个测试会话只构建一次）。"""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", site, env={"EDIT_URI": EDIT_URI})
    assert result.returncode == 0, f"mkdocs build --strict 失败：\n{result.stdout}"
    assert "WARNING" not in result.stdout, f"构建有警告：\n{result.stdout}"
    return site


# ---- 浏览器测试共用（tests/test_browser.py 等；fixture 只能定义在这里一次：每个进程只能开一个 Playwright） ----------

CHROMIUM = Path("/usr/bin/chromium")  # Debian 的 chromium 包；从不下载浏览器
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = "没有 /usr/bin/chromium：apt-get install chromium chromium-driver fonts-noto-cjk"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI 上必须运行浏览器测试
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def load_every_image(page) -> None:
    """把 loading="lazy" 的图改成立即加载，等所有图加载完（或失败）：检查图片、量尺寸、截整页图之前用。"""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(image => image.complete)", timeout=30_000)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """在 127.0.0.1 的随机端口上（后台线程里）提供一个目录；``handler`` 换成 GzipHandler 就像真正的主机那样压缩。"""

    def __init__(self, directory: Path, handler=QuietHandler):
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()


@pytest.fixture(scope="session")
def server(built_site):
    """构建好的站点的地址。"""
    static = StaticServer(built_site)
    yield static.url
    static.close()
