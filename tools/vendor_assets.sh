#!/usr/bin/env bash
# 更新站内自带的第三方前端文件（本站不从 CDN 加载任何东西）。只在升级它们时运行，需要 npm。
#   bash tools/vendor_assets.sh
# 版本钉在下面；每个目录里的 VERSION 文件记录当前版本，LICENSE 是原许可证。
set -euo pipefail
KATEX_VERSION=0.19.1        # 数学公式渲染 → docs/assets/katex/
IFRAME_WORKER_VERSION=1.0.4 # 离线版（file://）的搜索需要的垫片 → docs/assets/javascripts/iframe-worker/
AXE_VERSION=4.14.1          # 浏览器测试里的无障碍检查 → tests/vendor/axe-core/

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch <包名> <版本>：把 npm 包解到 $work/<包名>/
  mkdir -p "$work/$1"
  (cd "$work" && npm pack "$1@$2" --silent >/dev/null && tar xzf "$1-$2.tgz" -C "$1" --strip-components=1)
}

fetch katex "$KATEX_VERSION"
dest="$root/docs/assets/katex"
rm -rf "$dest" && mkdir -p "$dest/fonts"
cp "$work/katex/dist/katex.min.js" "$work/katex/LICENSE" "$dest/"
cp "$work"/katex/dist/fonts/*.woff2 "$dest/fonts/"
# 只保留 woff2 字体：所有现代浏览器都支持它，woff/ttf 只会让站点变大
sed -E 's/,url\(fonts\/[^)]*\.(woff|ttf)\) format\("(woff|truetype)"\)//g' \
  "$work/katex/dist/katex.min.css" > "$dest/katex.min.css"
echo "$KATEX_VERSION" > "$dest/VERSION"

fetch iframe-worker "$IFRAME_WORKER_VERSION"
dest="$root/docs/assets/javascripts/iframe-worker"
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/iframe-worker/shim/index.js" "$dest/shim.js"
cp "$work/iframe-worker/LICENSE" "$dest/"
echo "$IFRAME_WORKER_VERSION" > "$dest/VERSION"

fetch axe-core "$AXE_VERSION"
dest="$root/tests/vendor/axe-core"
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/axe-core/axe.min.js" "$work/axe-core/LICENSE" "$dest/"
echo "$AXE_VERSION" > "$dest/VERSION"

echo "vendored: katex $KATEX_VERSION, iframe-worker $IFRAME_WORKER_VERSION, axe-core $AXE_VERSION"
