"""图表和页面背后的事实数据（年份、数字、名称），每条都带着来源。

数据只放在这里一处：画图的代码和测试都从这里读，页面上的数字由代码生成。
每个模块对应一个主题（例如 ``ilsvrc.py``：ImageNet 挑战赛的历年冠军），
每条数据都带一个 :class:`Source`，写明出处，方便读者核对。
"""

from typing import NamedTuple


class Source(NamedTuple):
    """一条出处：给人看的引用，以及可以打开的地址（没有就留空）。"""

    citation: str
    url: str = ""

    def __str__(self) -> str:
        return f"{self.citation} {self.url}".strip()
