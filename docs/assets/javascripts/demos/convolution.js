// 卷积演示（docs/dl/convolution.md）：改输入大小、卷积核、填充、步幅、空洞，点一个输出格看它的窗口和乘加算式。
// 计算部分（conv2d、outputSize、windowTerms）与 F.conv2d 逐位相同（整数输入），tests/test_demos.py 用
// snippets/outputs/demo_convolution.json 比较。公共部分和挂载方式见 core.js 开头的说明。
(window.cvDemoQueue = window.cvDemoQueue || []).push(function (D) {
  "use strict";
  const { h, num } = D;

  // 与 snippets/demos.py 相同（测试逐个比较）：页面图 1 的输入和卷积核、页面上的手工卷积核、合成图像缩成 10×10
  const DEMO_IMAGE = [[3, 0, 1, 2, 4], [1, 2, 0, 1, 3], [0, 1, 3, 2, 1], [2, 4, 1, 0, 2], [1, 0, 2, 3, 1]];
  const SHAPES = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 3, 4, 4, 2, 0, 0, 0, 0, 0], [0, 6, 9, 9, 4, 0, 0, 0, 0, 0],
    [0, 6, 9, 9, 4, 0, 0, 0, 0, 0], [0, 5, 6, 6, 3, 2, 3, 2, 0, 0], [0, 0, 0, 0, 2, 5, 5, 5, 3, 0],
    [0, 0, 0, 0, 3, 5, 5, 5, 5, 0], [0, 0, 0, 0, 2, 5, 5, 5, 4, 0], [0, 0, 0, 0, 0, 3, 5, 4, 1, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ];
  // 预设卷积核：权重都是整数；均值模糊写成“9 个 1，和再除以 9”（divisor），页面上的 KERNELS["均值模糊"] 是 1/9
  const KERNELS = {
    "图 1 的卷积核": { weights: [[1, 0, 2], [0, 1, 0], [-1, 0, 0]] },
    "Sobel x": { weights: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]] },
    "Sobel y": { weights: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]] },
    "拉普拉斯": { weights: [[0, 1, 0], [1, -4, 1], [0, 1, 0]] },
    "均值模糊": { weights: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], divisor: 9 },
    "锐化": { weights: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] }, // snippets/demos.py：单位卷积核减去拉普拉斯
  };
  const SOURCES = [["demo", "图 1 的输入（5×5）"], ["random", "随机整数 0～9"], ["shapes", "合成图像（方块和圆盘，10×10）"]];
  const RANDOM_SEED = 2023;
  const MAX_N = 10;

  // ---- 计算（纯函数，测试直接调用） --------------------------------------------------------------------------------

  // 输出边长：⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1。卷积核（含空洞）比补零后的输入还大时，PyTorch 报错，这里返回 error
  function outputSize(h, k, p, s, d) {
    const padded = h + 2 * p;
    const span = d * (k - 1) + 1; // 卷积核盖住的范围（空洞把它撑大）
    const numerator = padded - span; // 即 H + 2P − D·(K − 1) − 1
    if (numerator < 0) return { size: null, padded: padded, span: span, numerator: numerator, error: true };
    return { size: Math.floor(numerator / s) + 1, padded: padded, span: span, numerator: numerator, error: false };
  }

  // 输出 (i, j) 用到的输入：逐个给出 [输入行, 输入列（都在补零之前的坐标里，可以是负数或越界）, 输入值, 权重]
  function windowTerms(x, kernel, p, s, d, i, j) {
    const terms = [];
    kernel.forEach((row, u) =>
      row.forEach((weight, v) => {
        const r = i * s + u * d - p;
        const c = j * s + v * d - p;
        const inside = r >= 0 && r < x.length && c >= 0 && c < x[0].length;
        terms.push([r, c, inside ? x[r][c] : 0, weight]);
      })
    );
    return terms;
  }

  // 二维互相关（深度学习里的“卷积”，与 F.conv2d 相同），补零、步幅、空洞；divisor 给均值模糊用：和再除以它
  function conv2d(x, kernel, p, s, d, divisor) {
    const rows = outputSize(x.length, kernel.length, p, s, d);
    const cols = outputSize(x[0].length, kernel[0].length, p, s, d);
    if (rows.error || cols.error) return null;
    return Array.from({ length: rows.size }, (_, i) =>
      Array.from({ length: cols.size }, (_, j) => {
        let sum = 0;
        for (const [, , value, weight] of windowTerms(x, kernel, p, s, d, i, j)) sum += value * weight;
        return divisor ? sum / divisor : sum;
      })
    );
  }

  // 补零后的输入里，没有被任何窗口用到的行（列相同）：步幅跳过的、以及最后一个窗口之后剩下的
  function unusedRows(n, k, p, s, d) {
    const out = outputSize(n, k, p, s, d);
    const used = new Array(out.padded).fill(false);
    for (let i = 0; i < (out.size || 0); i++) for (let u = 0; u < k; u++) used[i * s + u * d] = true;
    return used.map((u, r) => (u ? null : r)).filter((r) => r !== null);
  }

  function randomInput(n) {
    const next = D.mulberry32(RANDOM_SEED);
    const grid = Array.from({ length: MAX_N }, () => Array.from({ length: MAX_N }, () => Math.floor((next() * 10) / 4294967296)));
    return grid.slice(0, n).map((row) => row.slice(0, n));
  }

  // ---- 界面 ---------------------------------------------------------------------------------------------------------

  function mount(root, life) {
    const ui = {};
    const state = { source: "demo", n: 5, k: 3, p: 0, s: 1, d: 1, preset: "图 1 的卷积核", divisor: 0, kernel: KERNELS["图 1 的卷积核"].weights.map((r) => r.slice()), pick: [1, 2] };
    let layout = null;

    const input = () => (state.source === "demo" ? DEMO_IMAGE : state.source === "shapes" ? SHAPES : randomInput(state.n));

    // -- 控件 --
    function slider(key, text, min, max) {
      const control = h("input", { type: "range", min: min, max: max, step: 1, value: state[key] });
      const field = D.field("", control);
      const label = field.querySelector("label");
      control.addEventListener("input", () => {
        state[key] = Number(control.value);
        if (key === "k") setKernel(null);
        update();
      });
      const show = () => (label.textContent = `${text} = ${control.value}`);
      show();
      control.addEventListener("input", show);
      ui[key] = { control: control, show: show };
      return field;
    }
    function setSlider(key, value) {
      ui[key].control.value = value;
      ui[key].show();
    }
    // 换卷积核：选了预设就用它（K 变成 3）；name 为 null 时按新的 K 换成一个“单位”卷积核（中心是 1），自己编辑
    function setKernel(name) {
      if (name && KERNELS[name]) {
        state.kernel = KERNELS[name].weights.map((r) => r.slice());
        state.divisor = KERNELS[name].divisor || 0;
        state.k = 3;
        setSlider("k", 3);
      } else if (name === null) {
        const c = Math.floor((state.k - 1) / 2);
        state.kernel = Array.from({ length: state.k }, (_, r) => Array.from({ length: state.k }, (_, q) => (r === c && q === c ? 1 : 0)));
        state.divisor = 0;
      }
      state.preset = name && KERNELS[name] ? name : "";
      ui.preset.value = state.preset;
      buildKernelEditor();
    }

    ui.source = D.select(SOURCES, state.source, () => {
      state.source = ui.source.value;
      state.n = state.source === "demo" ? 5 : state.source === "shapes" ? 10 : Number(ui.n.control.value);
      setSlider("n", state.n);
      ui.n.control.disabled = state.source !== "random";
      update();
    });
    const sizeField = slider("n", "输入大小 N", 3, MAX_N);
    ui.n.control.disabled = true;
    ui.preset = D.select([...Object.keys(KERNELS).map((name) => [name, name === "均值模糊" ? "均值模糊（和 ÷ 9）" : name]), ["", "自定义"]], state.preset, () => {
      setKernel(ui.preset.value || null);
      update();
    });
    ui.kernelGrid = h("div", { class: "cv-demo__kernel" });
    ui.divisorNote = h("p", {});

    function buildKernelEditor() {
      ui.kernelGrid.style.gridTemplateColumns = `repeat(${state.k}, max-content)`;
      ui.kernelGrid.replaceChildren(
        ...state.kernel.flatMap((row, r) =>
          row.map((w, c) => {
            const cell = h("input", { type: "number", step: 1, min: -9, max: 9, value: w, inputmode: "numeric" });
            cell.addEventListener("input", () => {
              const value = Math.round(Number(cell.value));
              if (!Number.isFinite(value)) return;
              // 手动改了一个权重：变成“自定义”（不重建输入框，焦点留在这一格）
              state.kernel[r][c] = value;
              state.divisor = 0;
              state.preset = ui.preset.value = "";
              ui.divisorNote.textContent = "";
              update();
            });
            cell.id = D.uid("cv-kernel");
            return h("span", {}, h("label", { for: cell.id, class: "cv-demo__sr" }, `卷积核第 ${r + 1} 行第 ${c + 1} 列`), cell);
          })
        )
      );
      ui.divisorNote.textContent = state.divisor ? `乘加的和再除以 ${state.divisor}（均值模糊：9 个像素取平均）` : "";
    }

    ui.canvas = h("canvas", { class: "cv-demo__canvas", tabindex: "0", role: "application", "aria-roledescription": "卷积示意图" });
    ui.formula = h("div", {});
    ui.detail = h("div", { "aria-live": "polite" });
    ui.tables = h("div", {});
    root.append(
      h(
        "div",
        { class: "cv-demo__controls" },
        h("fieldset", { class: "cv-demo__group cv-demo__group--wide" }, h("legend", {}, "输入与卷积"), D.field("输入", ui.source),
          h("div", { class: "cv-demo__sliders" }, sizeField, slider("k", "卷积核 K", 1, 5), slider("p", "填充 P", 0, 3), slider("s", "步幅 S", 1, 4), slider("d", "空洞率 D", 1, 3))),
        h("fieldset", { class: "cv-demo__group" }, h("legend", {}, "卷积核的权重"), D.field("预设", ui.preset), h("div", { class: "cv-demo__row" }, ui.kernelGrid), ui.divisorNote)
      ),
      h("div", { class: "cv-demo__figure cv-demo__stage" }, ui.canvas),
      ui.formula,
      ui.detail,
      h("details", { class: "cv-demo__details info" }, h("summary", {}, "数值表：输入和输出的每一个数"), ui.tables)
    );
    buildKernelEditor();

    // -- 选一个输出格：点按，或聚焦画布后用方向键 --
    ui.canvas.addEventListener("pointerup", (event) => {
      if (!layout || !layout.size) return;
      const rect = ui.canvas.getBoundingClientRect();
      const x = event.clientX - rect.left - layout.out.x;
      const y = event.clientY - rect.top - layout.out.y;
      const [i, j] = [Math.floor(y / layout.cell), Math.floor(x / layout.cell)];
      if (i >= 0 && j >= 0 && i < layout.size && j < layout.size) {
        state.pick = [i, j];
        update();
      }
    });
    ui.canvas.addEventListener("keydown", (event) => {
      const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
      if (!step || !layout || !layout.size) return;
      event.preventDefault();
      const clamp = (v) => Math.max(0, Math.min(layout.size - 1, v));
      state.pick = [clamp(state.pick[0] + step[0]), clamp(state.pick[1] + step[1])];
      update();
    });
    life.onResize(root, () => draw());
    life.onTheme(() => draw());

    // -- 显示 --
    const fmt = (v) => (state.divisor ? num(v, 2) : num(v));
    const out = (name, ...children) => h("span", { "data-out": name }, ...children);
    function update() {
      const x = input();
      const { n, k, p, s, d, kernel, divisor } = state;
      const size = outputSize(n, k, p, s, d);
      const y = conv2d(x, kernel, p, s, d, divisor);
      if (y) state.pick = state.pick.map((v) => Math.min(v, size.size - 1));
      state.x = x;
      state.y = y;
      state.size = size;

      // 输出尺寸公式：代入数字，向下取整那一步单独写出来
      const ratio = size.numerator / s;
      const floorText = Number.isInteger(ratio)
        ? `${num(ratio)} + 1 = `
        : `⌊${num(ratio, 2)}${Number.isInteger(ratio * 100) ? "" : "…"}⌋ + 1 = ${Math.floor(ratio)} + 1 = `;
      ui.formula.replaceChildren(
        h("p", { class: "cv-demo__formula" }, "H_out = ⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1"),
        h(
          "p",
          { class: "cv-demo__formula" },
          `= ⌊(${n} + 2×${p} − ${d}×(${k} − 1) − 1) / ${s}⌋ + 1 = ⌊${num(size.numerator)} / ${s}⌋ + 1${size.error ? "" : " = "}`,
          size.error ? ["：括号里是负数，", out("size", "没有输出")] : [floorText, out("size", String(size.size))]
        ),
        size.error
          ? h("p", { class: "cv-demo__note", "data-out": "error" }, `补零后的输入只有 ${size.padded}×${size.padded}，卷积核（含空洞）却要盖住 ${size.span}×${size.span}：放不下，PyTorch 会报错（Kernel size can't be greater than actual input size）。`)
          : h("p", { "data-out": "skipped" }, skippedText(n, k, p, s, d))
      );

      if (y) {
        const [i, j] = state.pick;
        const terms = windowTerms(x, kernel, p, s, d, i, j);
        const total = terms.reduce((acc, [, , v, w]) => acc + v * w, 0);
        const products = terms.map(([, , v, w]) => `${num(v)}×${w < 0 ? `(${num(w)})` : num(w)}`).join(" + ");
        ui.detail.replaceChildren(
          h("p", { class: "cv-demo__strong" }, `输出第 ${i + 1} 行第 ${j + 1} 列（out[${i}, ${j}]）：`),
          h("p", { class: "cv-demo__formula" }, out("terms", divisor ? `(${products}) ÷ ${divisor}` : products), " = ", divisor ? `${num(total)} ÷ ${divisor} ≈ ` : "", out("value", fmt(y[i][j]))),
          h("p", {}, "窗口里落在补零区域的格子取 0。点输出的格子，或者聚焦示意图后按方向键，换一个输出看。")
        );
      } else {
        ui.detail.replaceChildren(h("p", {}, "没有输出。"));
      }
      ui.tables.replaceChildren(table("输入", x), ...(y ? [table("输出", y.map((row) => row.map(fmt)))] : []));
      draw();
    }

    function skippedText(n, k, p, s, d) {
      const real = unusedRows(n, k, p, s, d).filter((r) => r >= p && r < p + n).map((r) => r - p + 1);
      if (!real.length) return "输入的每一行、每一列都至少被一个窗口用到。";
      const list = real.map((r) => `第 ${r} 行`).join("、");
      return `阴影：输入的${list}（和同样序号的列）没有被任何窗口用到${s > 1 ? `，步幅 ${s} 跳过了它们` : ""}。`;
    }

    function table(caption, grid) {
      return h(
        "div",
        { class: "cv-demo__scroll", tabindex: "0", role: "region", "aria-label": `${caption}数值表` },
        h("table", { class: "cv-demo__table", "data-table": caption }, h("caption", {}, caption), h("tbody", {}, grid.map((row) => h("tr", {}, row.map((v) => h("td", {}, typeof v === "number" ? num(v) : v))))))
      );
    }

    function draw() {
      if (!state.x) return;
      const c = D.palette(root);
      const { n, k, p, s, d } = state;
      const size = state.size;
      const padded = size.padded;
      const outN = size.size || 0;
      const width = Math.max(200, ui.canvas.parentElement.clientWidth);
      const label = 22;
      // 放得下就左右并排（输入在左，输出在右），否则上下排
      let cell = Math.floor((width - 24) / (padded + outN));
      const sideBySide = cell >= 24;
      if (!sideBySide) cell = Math.floor(width / Math.max(padded, outN));
      cell = Math.max(14, Math.min(40, cell));
      const inBox = { x: 0, y: label };
      const outBox = sideBySide ? { x: padded * cell + 24, y: label } : { x: 0, y: label + padded * cell + 12 + label };
      const height = Math.max(inBox.y + padded * cell, outBox.y + outN * cell) + 4;
      const canvasWidth = sideBySide ? outBox.x + outN * cell + 2 : Math.max(padded, outN) * cell + 2;
      layout = { cell: cell, out: outBox, size: outN };
      ui.canvas.dataset.output = JSON.stringify({ x: outBox.x, y: outBox.y, cell: cell, size: outN }); // 输出网格的位置（测试按它点格子）
      const ctx = D.fitCanvas(ui.canvas, canvasWidth, height);
      ctx.fillStyle = c.bg;
      ctx.fillRect(0, 0, canvasWidth, height);
      ctx.font = `12px ${c.font}`;
      ctx.textBaseline = "alphabetic";
      ctx.textAlign = "left";
      ctx.fillStyle = c.fg;
      ctx.fillText(p ? `输入 ${n}×${n}，补零后 ${padded}×${padded}` : `输入 ${n}×${n}`, inBox.x, label - 7);
      if (outN) ctx.fillText(`输出 ${outN}×${outN}`, outBox.x, outBox.y - 7);

      const unused = new Set(unusedRows(n, k, p, s, d));
      const terms = state.y ? windowTerms(state.x, state.kernel, p, s, d, ...state.pick) : [];
      const inWindow = new Map(terms.map(([r, q, , w]) => [`${r + p},${q + p}`, w]));
      const text = (value, x, y, size, color) => {
        ctx.fillStyle = color;
        ctx.font = `${size}px ${c.font}`;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(value, x, y);
      };
      for (let r = 0; r < padded; r++) {
        for (let q = 0; q < padded; q++) {
          const [x0, y0] = [inBox.x + q * cell, inBox.y + r * cell];
          const ghost = r < p || r >= p + n || q < p || q >= p + n;
          const value = ghost ? 0 : state.x[r - p][q - p];
          if (!ghost && value > 0) {
            ctx.globalAlpha = Math.min(1, value / 9) * 0.3; // 亮度越高底色越深，像一张小图
            ctx.fillStyle = c.fg;
            ctx.fillRect(x0, y0, cell, cell);
            ctx.globalAlpha = 1;
          }
          if (unused.has(r) || unused.has(q)) {
            // 没有窗口用到的行和列：斜线阴影
            ctx.save();
            ctx.beginPath();
            ctx.rect(x0, y0, cell, cell);
            ctx.clip();
            ctx.strokeStyle = c.skip || c.lighter;
            ctx.lineWidth = 1;
            for (let t = -cell; t < cell; t += 5) {
              ctx.moveTo(x0 + t, y0 + cell);
              ctx.lineTo(x0 + t + cell, y0);
            }
            ctx.stroke();
            ctx.restore();
          }
          const key = `${r},${q}`;
          if (inWindow.has(key)) {
            ctx.fillStyle = c.pickArea;
            ctx.fillRect(x0, y0, cell, cell);
          }
          ctx.strokeStyle = ghost ? c.lighter : c.lightest;
          ctx.setLineDash(ghost ? [3, 3] : []);
          ctx.lineWidth = 1;
          ctx.strokeRect(x0 + 0.5, y0 + 0.5, cell - 1, cell - 1);
          ctx.setLineDash([]);
          text(num(value), x0 + cell / 2, y0 + cell / 2, Math.round(cell * 0.42), ghost ? c.lighter : c.fg);
          if (inWindow.has(key) && cell >= 28) text(`×${num(inWindow.get(key))}`, x0 + cell - 9, y0 + cell - 6, 9, c.pick);
        }
      }
      if (terms.length) {
        // 窗口的外框：从第一个到最后一个被用到的格子（有空洞时中间隔着没用到的格子）
        const [r0, q0] = [terms[0][0] + p, terms[0][1] + p];
        const [r1, q1] = [terms[terms.length - 1][0] + p, terms[terms.length - 1][1] + p];
        ctx.strokeStyle = c.pick;
        ctx.lineWidth = 2.5;
        ctx.strokeRect(inBox.x + q0 * cell + 1, inBox.y + r0 * cell + 1, (q1 - q0 + 1) * cell - 2, (r1 - r0 + 1) * cell - 2);
      }
      if (state.y) {
        state.y.forEach((row, i) =>
          row.forEach((v, j) => {
            const [x0, y0] = [outBox.x + j * cell, outBox.y + i * cell];
            const picked = i === state.pick[0] && j === state.pick[1];
            if (picked) {
              ctx.fillStyle = c.pickArea;
              ctx.fillRect(x0, y0, cell, cell);
            }
            ctx.strokeStyle = picked ? c.pick : c.lighter;
            ctx.lineWidth = picked ? 2.5 : 1;
            ctx.strokeRect(x0 + 1, y0 + 1, cell - 2, cell - 2);
            const shown = fmt(v);
            text(shown, x0 + cell / 2, y0 + cell / 2, Math.round(Math.min(cell * 0.42, (cell * 1.5) / Math.max(2, shown.length))), c.fg);
          })
        );
      }
      const [i, j] = state.pick;
      ui.canvas.setAttribute(
        "aria-label",
        `卷积示意图：输入 ${n}×${n}，卷积核 ${k}×${k}，填充 ${p}，步幅 ${s}，空洞率 ${d}；` +
          (state.y ? `输出 ${outN}×${outN}，选中第 ${i + 1} 行第 ${j + 1} 列，值为 ${fmt(state.y[i][j])}。方向键换一个输出格。` : "卷积核比补零后的输入还大，没有输出。")
      );
    }

    update();
  }

  D.define("convolution", { mount: mount, conv2d: conv2d, outputSize: outputSize, windowTerms: windowTerms, unusedRows: unusedRows, KERNELS: KERNELS, DEMO_IMAGE: DEMO_IMAGE, SHAPES: SHAPES });
});
