// 用站内自带的 KaTeX 渲染本页公式。site_hooks/math_assets.py 只在有公式的页面加载本脚本和 KaTeX。
// pymdownx.arithmatex（generic 模式）把行内公式输出为 <span class="arithmatex">\(…\)</span>，
// 独立公式输出为 <div class="arithmatex">\[…\]</div>。
(function () {
  document.querySelectorAll(".arithmatex").forEach(function (el) {
    var tex = el.textContent.trim();
    var display = tex.startsWith("\\[");
    tex = tex.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, el, { displayMode: display, throwOnError: false });
    // 比正文宽、需要横向滚动的独立公式要能用键盘滚动（axe：scrollable-region-focusable）
    if (display && el.scrollWidth > el.clientWidth) {
      el.tabIndex = 0;
      el.setAttribute("role", "group");
      el.setAttribute("aria-label", "公式（可横向滚动）");
    }
  });
})();
