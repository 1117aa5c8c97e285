#!/usr/bin/env bash
# 更新站内自带的 KaTeX（数学公式渲染）。只有升级 KaTeX 时才需要运行，需要 npm。
# 只保留 woff2 字体：所有现代浏览器都支持它，woff/ttf 只会让站点变大。
#   用法：bash tools/vendor_katex.sh 0.19.1
set -euo pipefail
version="${1:?用法: bash tools/vendor_katex.sh <katex 版本号>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/docs/assets/katex"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "katex@$version" --silent >/dev/null && tar xzf "katex-$version.tgz")
rm -rf "$dest" && mkdir -p "$dest/fonts"
cp "$work/package/dist/katex.min.js" "$work/package/LICENSE" "$dest/"
cp "$work"/package/dist/fonts/*.woff2 "$dest/fonts/"
# 去掉 CSS 里对 woff/ttf 的引用，只留 woff2
sed -E 's/,url\(fonts\/[^)]*\.(woff|ttf)\) format\("(woff|truetype)"\)//g' \
  "$work/package/dist/katex.min.css" > "$dest/katex.min.css"
echo "$version" > "$dest/VERSION"
echo "KaTeX $version -> $dest"
