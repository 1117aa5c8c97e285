"""Lighthouse 的手机测试（性能）：``python -m tests.bench --lighthouse`` 用它给每一页打分。

Lighthouse 12.2.3 的默认设置就是手机：模拟慢速 4G 和慢 4 倍的 CPU。站点用 gzip 提供，和真正的网站主机一样。
分数在嘈杂的机器上会上下浮动几分，所以测试里不断言分数，只断言稳定的东西（没有数学脚本、图片写了宽高……）；
这里报告的是同一台机器、同一次运行里本站和参照站点的对照。

Lighthouse 是 npm 包，不在 requirements.txt 里。装一次（放在 .cache/ 下，不进 git）：

    npm i --prefix .cache/lighthouse -E lighthouse@12.2.3
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import CHROMIUM, ROOT, StaticServer

INSTALL = "npm i --prefix .cache/lighthouse -E lighthouse@12.2.3"
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def lighthouse_command() -> str | None:
    """Lighthouse 的可执行文件：环境变量 LIGHTHOUSE、.cache/lighthouse 里装的、或 PATH 上的。"""
    local = ROOT / ".cache/lighthouse/node_modules/.bin/lighthouse"
    return os.environ.get("LIGHTHOUSE") or (str(local) if local.exists() else shutil.which("lighthouse"))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """静态文件服务器，文本类文件按浏览器的 Accept-Encoding 用 gzip 压缩后发送。"""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # 目录重定向、404 照旧
        content_type = self.guess_type(str(path))
        data = path.read_bytes()
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and content_type.startswith(COMPRESSED)
        if compress:
            data = gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(data)


def audit(command: str, url: str) -> dict[str, float]:
    """对一个地址跑一次 Lighthouse（手机、只看性能），返回分数、LCP（秒）、TBT（毫秒）、CLS、DOM 元素数。"""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                command,
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            check=True,
            capture_output=True,
            timeout=300,
        )
        result = json.loads(report.read_text(encoding="utf-8"))
    audits = result["audits"]
    return {
        "score": round(result["categories"]["performance"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "dom": audits["dom-size"]["numericValue"],
    }


def report(site: Path, reference_site: Path, pages: list[str], runs: int = 1) -> None:
    """本站和参照站点的每一页各跑 runs 次 Lighthouse（两边交替），打印每一项的中位数。

    同一页两次运行之间，TBT 能差到三倍（实测 训练神经网络 一页 1.0 s 与 3.2 s），一次运行的对照说明不了什么。
    """
    command = lighthouse_command()
    if command is None:
        print(f"\n没有找到 Lighthouse，跳过。安装：{INSTALL}")
        return
    ours, reference = StaticServer(site, GzipHandler), StaticServer(reference_site, GzipHandler)
    print(f"\n## Lighthouse 手机测试（性能；模拟慢速 4G、慢 4 倍的 CPU；gzip；{runs} 次的中位数）\n")
    print("| 页面 | 分数 | LCP (s) | TBT (ms) | CLS | DOM 元素 | 参照：分数 | LCP | TBT | CLS | DOM |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for page in pages:
            results = [[], []]
            for _ in range(runs):
                for result, server in zip(results, (ours, reference)):
                    result.append(audit(command, server.url + page))
            rows = [{key: statistics.median(r[key] for r in result) for key in result[0]} for result in results]
            cells = [
                f"{r['score']:.0f} | {r['lcp']:.1f} | {r['tbt']:.0f} | {r['cls']:.3f} | {r['dom']:.0f}" for r in rows
            ]
            print(f"| {page or '/'} | {cells[0]} | {cells[1]} |", flush=True)
    finally:
        ours.close()
        reference.close()
