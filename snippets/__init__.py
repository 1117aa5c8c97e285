"""站点上每一段 Python 示例代码都在这个包里。

页面用 pymdownx.snippets 的分段标记（``# --8<-- [start:名字]`` / ``# --8<-- [end:名字]``）
把代码引入 Markdown；tests/ 里的测试运行同一份代码，检查页面上说的话是否成立。
``figs/`` 里的图和 ``snippets/outputs/`` 里的运行输出都由本包生成，见 :mod:`snippets.generated`。
"""
