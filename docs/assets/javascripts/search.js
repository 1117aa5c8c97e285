// 对 Material 站内搜索的两处调整。这个文件在 Material 的 bundle.js 之前加载（见 overrides/main.html）。
(function () {
  // 1. 搜索索引按需下载。
  // Material 在每一页打开时就下载整个搜索索引（search/search_index.json，gzip 后一百多 KB，比页面本身还大）。
  // 大多数读者打开一页并不搜索，所以先把这个请求扣住，等读者要搜索时再发出：搜索框获得焦点（点击、Tab 键、
  // 快捷键 / 或 s），或在手机上点开搜索。Material 用 XMLHttpRequest 下载索引；索引到达之前，搜索框下显示
  // “正在初始化搜索引擎”。用 file:// 打开的离线版本用 <script> 加载索引（search_index.js），不经过这里。
  const INDEX = /\/search\/search_index\.json$/;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  let wanted;
  const intent = new Promise(function (resolve) {
    wanted = resolve;
  });
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.searchIndex) return send.apply(this, arguments);
    const request = this, args = arguments;
    intent.then(function () {
      send.apply(request, args);
    });
  };
  // 带着搜索词打开的链接（分享的搜索 ?q=、从搜索结果在新标签页打开的 ?h= 高亮）：马上要用索引
  if (/[?&][qh]=/.test(location.search)) wanted();
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) wanted();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") wanted();
  });

  // 2. 中文搜索：构建时 jieba 把中文切成词，词与词之间用零宽空格（U+200B）隔开，好让浏览器里的搜索按词匹配。
  // 这些零宽空格会原样出现在搜索结果的文字里（看不见，但复制出来会带着）。这里在结果显示出来时把它们去掉。
  function clean(node) {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.nodeValue.includes("\u200b")) text.nodeValue = text.nodeValue.replaceAll("\u200b", "");
    }
  }
  const results = document.querySelector(".md-search-result");
  if (!results) return;
  new MutationObserver(function (mutations) {
    for (const mutation of mutations) mutation.addedNodes.forEach(clean);
  }).observe(results, { childList: true, subtree: true });
})();
