"""主题相关的配置：离线版的垫片用站内自带的一份；模板编译结果缓存。"""

from site_hooks import CACHE_DIR

IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"
JINJA_CACHE = CACHE_DIR / "jinja"


def use_local_iframe_worker(config) -> None:
    """离线版（Material 的 offline 插件）需要的 iframe-worker 垫片用站内自带的一份，而不是插件默认的 CDN 地址。"""
    polyfills = config.extra.get("polyfills", [])
    if any("iframe-worker" in str(script) for script in polyfills):
        others = [script for script in polyfills if "iframe-worker" not in str(script)]
        config.extra["polyfills"] = [*others, IFRAME_WORKER_SHIM]


def cache_compiled_templates(theme) -> None:
    """主题造出的每个 Jinja 环境都把模板编译结果存到 .cache/jinja。

    Material 的模板很多，每次构建（和 mkdocs serve 每次重建）都重新编译要几百毫秒；
    打印版插件另外向主题要一个环境来渲染打印页，所以缓存加在 ``theme.get_env`` 上，而不只是 on_env 拿到的那一个。
    """
    from jinja2 import FileSystemBytecodeCache

    make_env = theme.get_env
    JINJA_CACHE.mkdir(parents=True, exist_ok=True)

    def get_env():
        env = make_env()
        env.bytecode_cache = FileSystemBytecodeCache(str(JINJA_CACHE))
        return env

    theme.get_env = get_env
