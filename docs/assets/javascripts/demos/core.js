// 交互演示的公共部分：window.cvDemos。每个演示一个文件（perceptron.js、convolution.js……），都是普通的
// <script>（不是 ES 模块：离线版从 file:// 打开，浏览器不执行 file:// 上的模块脚本），不用任何框架和站外文件。
//
// 一个演示怎样出现在页面上：
// 1. 页面（Markdown）里放一个占位块 <div class="cv-demo" data-demo="名字" markdown>……</div>，里面写没有
//    JavaScript 时显示的话（图在页面别处，打印时也只有它：demos.css 在打印时隐藏占位块）。
// 2. 构建时 site_hooks/demos.py 看到 data-demo，就在这一页正文的末尾加上 demos.css、core.js 和 名字.js。
//    只有这些页面加载演示的代码；放在正文里，是因为 Material 的即时加载（navigation.instant）换页时只换正文，
//    并重新执行正文里的 <script>。
// 3. 名字.js 把自己交给 cvDemoQueue：(window.cvDemoQueue = window.cvDemoQueue || []).push(function (D) {…})，
//    里面调用 D.define("名字", {mount, ……计算函数})；mount(占位块, life, links) 把占位块换成演示。
//    为什么排队：即时加载换页时，Material 把正文里的脚本重新插入页面，这样插入的脚本谁先下载完谁先执行，
//    名字.js 可能跑在 core.js 前面。core.js 一执行就处理队列里已有的，之后再来的立即处理。
//    每次定义演示、每次 Material 换页（document$）都调用 cvDemos.mountAll()：新出现的占位块离屏幕一屏之内时挂载，
//    销毁已经不在页面上的演示（停掉计时器和各种 Observer）。
// 4. 计算函数（不碰 DOM 的纯函数）挂在 cvDemos.名字 上。tests/test_demos.py 在 Chromium 里打开构建好的页面，
//    用 snippets/demos.py 写出的 snippets/outputs/demo_名字.json 调用它们，与 Python（页面上的代码）逐个比较；
//    演示的界面也只通过这些函数计算，所以测试过的就是读者看到的。
(function () {
  "use strict";
  if (window.cvDemos) {
    // 即时加载换到另一页时，正文里的脚本会再执行一次：公共部分已经在了，只需挂载新页面上的演示
    window.cvDemos.mountAll();
    return;
  }
  const registry = {};
  let mounted = [];

  function define(name, api) {
    registry[name] = api;
    cvDemos[name] = api;
    mountAll();
  }

  // 演示在离屏幕一屏之内时才挂载。挂载要建控件、量尺寸、画第一帧：页面一打开就做，会在加载时逼浏览器给
  // 整页（几千个元素）多排一次版，手机上是一秒多的长任务；而大多数读者打开页面时，演示还在好几屏以下。
  // 先交给 IntersectionObserver，它的回调在浏览器自己排好版之后才执行，量尺寸不必再排一次。
  const NEAR = "100% 0px";
  let unmounted = []; // 已登记、还没挂载的占位块
  const approach = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) mount(entry.target);
      });
    },
    { rootMargin: NEAR }
  );

  function mountAll() {
    mounted = mounted.filter(function (demo) {
      if (demo.root.isConnected) return true;
      demo.life.destroy();
      return false;
    });
    unmounted = unmounted.filter(function (root) {
      if (root.isConnected) return true;
      approach.unobserve(root);
      return false;
    });
    document.querySelectorAll("[data-demo]").forEach(function (root) {
      if (!registry[root.dataset.demo] || root.dataset.demoMounted || unmounted.includes(root)) return;
      unmounted.push(root);
      approach.observe(root);
    });
  }

  function mount(root) {
    approach.unobserve(root);
    unmounted = unmounted.filter((other) => other !== root);
    if (root.dataset.demoMounted || !root.isConnected) return;
    root.dataset.demoMounted = "true";
    // 占位块的顶端已在屏幕上方时才挂载（从链接跳到演示下面的小节，或往回滚）：演示一变高，就把正在读的内容
    // 往下推。浏览器的滚动锚定（overflow-anchor）会把视口里的内容留在原处（demos.css 让它不拿占位块当锚点，
    // 因为占位块的内容马上要换掉）；没有滚动锚定的浏览器（Safari）在这里手动补偿：记下后面那个元素的位置，
    // 挂载后滚回原处
    const next = root.nextElementSibling;
    const anchoring = getComputedStyle(document.documentElement).overflowAnchor === "auto";
    const above = !anchoring && next && root.getBoundingClientRect().top < 0;
    const before = above && next.getBoundingClientRect().top;
    const life = lifecycle(root);
    const links = [...root.querySelectorAll("a[href]")]; // 占位块里的链接（由 MkDocs 按构建方式改写过）
    root.replaceChildren();
    registry[root.dataset.demo].mount(root, life, links);
    mounted.push({ root: root, life: life });
    if (above) window.scrollBy(0, next.getBoundingClientRect().top - before);
  }

  // 一个演示的生命周期：登记的清理函数在演示离开页面时执行
  function lifecycle(root) {
    const cleanups = [];
    const life = {
      onDestroy: function (fn) {
        cleanups.push(fn);
      },
      destroy: function () {
        cleanups.splice(0).forEach(function (fn) {
          fn();
        });
      },
      // 浅色 / 深色切换：Material 改的是 <body> 的 data-md-color-scheme
      onTheme: function (fn) {
        const observer = new MutationObserver(fn);
        observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
        life.onDestroy(() => observer.disconnect());
      },
      onResize: function (element, fn) {
        let width = 0;
        const observer = new ResizeObserver(function () {
          if (element.clientWidth !== width) {
            width = element.clientWidth;
            fn();
          }
        });
        observer.observe(element);
        life.onDestroy(() => observer.disconnect());
      },
      // 演示是否在屏幕上（播放时移出屏幕就暂停）
      onVisible: function (fn) {
        const observer = new IntersectionObserver((entries) => fn(entries[entries.length - 1].isIntersecting));
        observer.observe(root);
        life.onDestroy(() => observer.disconnect());
      },
    };
    return life;
  }

  // ---- DOM 小工具 ----------------------------------------------------------------------------------------------
  let counter = 0;
  function uid(prefix) {
    counter += 1;
    return `${prefix}-${counter}`;
  }

  // h("button", {class: "x", onclick: f}, "文字", 子元素……)
  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else if (value === true) element.setAttribute(key, "");
      else if (value !== false && value !== null && value !== undefined) element.setAttribute(key, value);
    }
    element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return element;
  }

  // 带 <label> 的表单控件：<label for=…>文字</label> + 控件（控件上要有 id，field 会补上）
  function field(text, control, extraClass) {
    if (!control.id) control.id = uid("cv-demo");
    return h("div", { class: "cv-demo__field" + (extraClass ? " " + extraClass : "") }, h("label", { for: control.id }, text), control);
  }

  function select(options, value, onchange) {
    const element = h(
      "select",
      { onchange: onchange },
      options.map(([v, text]) => h("option", { value: v }, text))
    );
    element.value = String(value);
    return element;
  }

  function button(text, onclick, attrs) {
    return h("button", Object.assign({ type: "button", class: "md-button cv-demo__button", onclick: onclick }, attrs), text);
  }

  // 数字的显示：最多 4 位小数（网格上的点、2 的幂的学习率算出来的数，4 位小数是精确的），负号用真正的减号
  function num(x, digits) {
    if (!Number.isFinite(x)) return String(x);
    let text = Number.isInteger(x) ? String(x) : x.toFixed(digits === undefined ? 4 : digits).replace(/\.?0+$/, "");
    if (text === "-0") text = "0";
    return text.replace("-", "\u2212");
  }

  // ---- 画布 -----------------------------------------------------------------------------------------------------
  // 把画布的像素设成显示大小 × devicePixelRatio（2 倍屏上清晰），返回按 CSS 像素作画的、状态已复位的空白 context。
  // 尺寸没变时不重设 width / height（那会重新分配画布的内存，演示每走一步都要画一次），用 reset() 清空
  function fitCanvas(canvas, width, height) {
    const ratio = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    if (canvas.width === pixelWidth && canvas.height === pixelHeight && ctx.reset) {
      ctx.reset();
    } else {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return ctx;
  }

  // 画图用的颜色：读 Material 的 CSS 变量和 demos.css 里的 --cv-*（浅色、深色各一组），切换主题后重新读
  function palette(element) {
    const style = getComputedStyle(element);
    const get = (name) => style.getPropertyValue(name).trim();
    return {
      fg: get("--md-default-fg-color"),
      light: get("--md-default-fg-color--light"),
      lighter: get("--md-default-fg-color--lighter"),
      lightest: get("--md-default-fg-color--lightest"),
      bg: get("--md-default-bg-color"),
      accent: get("--md-accent-fg-color"),
      pos: get("--cv-pos"),
      neg: get("--cv-neg"),
      posArea: get("--cv-pos-area"),
      negArea: get("--cv-neg-area"),
      wrong: get("--cv-wrong"),
      pick: get("--cv-pick"),
      pickArea: get("--cv-pick-area"),
      skip: get("--cv-skip"),
      font: get("--md-text-font-family") || "sans-serif",
    };
  }

  // 播放 / 暂停：播放时每隔 delay() 毫秒调用一次 tick()；演示移出屏幕就暂停，回到屏幕上再接着走。
  // attach(按钮, 读数) 之后，按钮的文字和 aria-pressed 跟着变，播放时读数区域不逐步朗读
  function player(life, tick, delay) {
    let playing = false;
    let visible = true;
    let timer = null;
    let button = null;
    let readout = null;
    function schedule() {
      clearTimeout(timer);
      if (playing && visible) timer = setTimeout(() => (tick(), schedule()), delay());
      if (button) {
        button.textContent = playing ? "暂停" : "播放";
        button.setAttribute("aria-pressed", String(playing));
      }
      if (readout) readout.setAttribute("aria-live", playing ? "off" : "polite");
    }
    life.onVisible((isVisible) => {
      visible = isVisible;
      schedule();
    });
    life.onDestroy(() => clearTimeout(timer));
    return {
      playing: () => playing,
      set: (value) => {
        playing = value;
        schedule();
      },
      attach: (playButton, liveRegion) => {
        button = playButton;
        readout = liveRegion;
        schedule();
      },
    };
  }

  function reducedMotion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // ---- 伪随机数：mulberry32，snippets/demos.py 有一份相同的 Python 版 ---------------------------------------------
  // 返回一个函数，每次给出下一个 32 位无符号整数
  function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (t ^ (t >>> 14)) >>> 0;
    };
  }

  // 0..n-1 的随机排列（Fisher–Yates，从后往前）：j = ⌊u / 2³² · (i + 1)⌋
  function shuffled(n, next) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((next() * (i + 1)) / 4294967296);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  const cvDemos = {
    define: define,
    mountAll: mountAll,
    live: () => mounted.map((demo) => demo.root.dataset.demo), // 页面上正在运行的演示（测试用它查哪些演示已经挂载）
    h: h,
    field: field,
    select: select,
    button: button,
    uid: uid,
    num: num,
    fitCanvas: fitCanvas,
    palette: palette,
    reducedMotion: reducedMotion,
    player: player,
    mulberry32: mulberry32,
    shuffled: shuffled,
  };
  window.cvDemos = cvDemos;
  const waiting = window.cvDemoQueue || [];
  window.cvDemoQueue = { push: (setup) => setup(cvDemos) };
  waiting.forEach((setup) => setup(cvDemos));

  // Material 的 document$：第一次打开页面时和每次即时加载换页之后各发出一次。完整加载时本脚本在 Material 的
  // bundle.js 之前执行，document$ 还不存在，等 DOMContentLoaded 再订阅；即时加载换页时它已经在了。
  function subscribe() {
    if (window.document$) window.document$.subscribe(mountAll);
  }
  if (window.document$) subscribe();
  else document.addEventListener("DOMContentLoaded", subscribe, { once: true });
})();
