"""每页底部显示最后更新日期（取自 git 历史）；没有 git 时（例如从压缩包构建）不显示，构建照常进行。"""

import subprocess

from site_hooks import ROOT

_dates: dict[str, str] = {}


def load() -> None:
    _dates.clear()
    _dates.update(git_revision_dates())


def set_revision_date(page, source: str) -> None:
    """``source`` 是仓库里的路径（docs/…）；有日期时 Material 在正文末尾显示为“最后更新”。"""
    if date := _dates.get(source):
        page.meta["revision_date"] = date


def git_revision_dates() -> dict[str, str]:
    """docs/ 下每个文件最后一次提交的日期（YYYY-MM-DD）。没有 git 或不在 git 仓库里时返回空表。"""
    command = ["git", "-c", "core.quotepath=off", "log", "--format=%x00%cs", "--name-only", "--", "docs"]
    try:
        log_text = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for commit in log_text.split("\0")[1:]:
        date, *paths = commit.strip().splitlines()
        for path in paths:
            dates.setdefault(path.strip(), date)  # 日志从新到旧，第一次出现的就是最后修改的日期
    return dates
