// 中文搜索：构建时 jieba 把中文切成词，词与词之间用零宽空格（U+200B）隔开，好让浏览器里的搜索按词匹配。
// 这些零宽空格会原样出现在搜索结果的文字里（看不见，但复制出来会带着）。这里在结果显示出来时把它们去掉。
(function () {
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
