"""图：把仓库顶层的 ``figs/`` 发布进站点；页面里的图片写上宽高，第一屏以下的图延迟加载。

``figs/x.svg`` 在站点里也是 ``figs/x.svg``，页面用普通的图片语法引用它；图片不存在时 ``--strict`` 构建失败并指出页面。
"""

import html
import posixpath
import re
import struct

from mkdocs.structure.files import File, Files

from site_hooks import ROOT, log, source_path

FIGS_DIR = ROOT / "figs"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.IGNORECASE)


def publish_figs(files: Files, config) -> None:
    """把 figs/ 下的每个文件当作 docs/figs/ 下的文件加入构建。"""
    for path in sorted(FIGS_DIR.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            files.append(File.generated(config, f"figs/{path.name}", abs_src_path=str(path)))


# 图片的宽高写进 <img>：图还没下载完，浏览器就按宽高比留好位置，正文不会在图到达时往下跳（布局偏移，CLS）。
# 显示大小不变：CSS 里 max-width: 100%、height: auto，宽度只是上限，和图片本身的大小一样。
# 第一个二级标题之后的图 loading="lazy"：读者往下翻到附近才下载，手机上打开页面时不和正文抢带宽。
# 页首导语（第一个二级标题之前）里的图多半在第一屏，照常立即加载。
# PNG 有给手机的一份（figs/x-phone.png，见 snippets/generated.py）时加上 srcset：浏览器按“图的显示宽度 × 屏幕的像素密度”
# 挑够用的最小一份。sizes 按页面的版式写：宽 60em 以下（手机、平板）图最宽占满屏幕，更宽时正文不超过 720 像素。
PHONE_SUFFIX = "-phone.png"
SIZES = "(max-width: 60em) 100vw, 720px"
IMG_WIDTH = re.compile(r"\bwidth\s*=", re.IGNORECASE)
SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
SVG_LENGTH = {side: re.compile(rb'\b%s="([\d.]+)(pt|px)?"' % side) for side in (b"width", b"height")}
CSS_PX_PER_UNIT = {b"pt": 96 / 72, b"px": 1, None: 1}


def image_size(data: bytes) -> tuple[int, int] | None:
    """图片文件的显示尺寸（CSS 像素）：PNG 读文件头，SVG 读根元素的 width、height（matplotlib 用 pt）。"""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    root = SVG_ROOT.search(data[:2000])
    lengths = [pattern.search(root.group()) for pattern in SVG_LENGTH.values()] if root else [None]
    if not all(lengths):
        return None
    width, height = (round(float(value) * CSS_PX_PER_UNIT[unit]) for value, unit in (m.groups() for m in lengths))
    return width, height


def sized_and_lazy_images(content: str, page, files) -> str:
    first_section = content.find("<h2")

    def rewrite(tag):
        sized = with_image_size(tag.group(), page, files)
        if 0 <= first_section < tag.start() and "loading=" not in sized:
            sized = sized.replace("<img", '<img loading="lazy"', 1)
        return sized

    return IMG_TAG.sub(rewrite, content)


def with_image_size(tag: str, page, files) -> str:
    src = IMG_SRC.search(tag)
    if IMG_WIDTH.search(tag) or not src or "//" in src.group(1) or src.group(1).startswith("data:"):
        return tag
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), html.unescape(src.group(1))))  # 页面地址的目录
    file = files.get_file_from_path(uri)
    size = image_size(file.content_bytes) if file else None
    if size is None:
        log.warning(f"{source_path(page)}: 读不出图片 {uri} 的宽高（只认 PNG 和带 width、height 的 SVG）")
        return tag
    attributes = f'width="{size[0]}" height="{size[1]}"'
    phone = files.get_file_from_path(uri.removesuffix(".png") + PHONE_SUFFIX) if uri.endswith(".png") else None
    if phone is not None and "srcset=" not in tag:
        phone_src = src.group(1).removesuffix(".png") + PHONE_SUFFIX
        phone_width = image_size(phone.content_bytes)[0]
        attributes += f' srcset="{phone_src} {phone_width}w, {src.group(1)} {size[0]}w" sizes="{SIZES}"'
    return tag.replace("<img", f"<img {attributes}", 1)
