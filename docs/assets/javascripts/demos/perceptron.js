// 感知机演示（docs/dl/perceptron.md）：在平面上点出两类样本，一步一步看感知机学习算法怎样移动分界线。
// 计算部分（createTrainer、run）逐行对应 snippets/perceptron.py 的 train_perceptron；tests/test_demos.py 用
// snippets/outputs/demo_perceptron.json 比较整条 (w, b) 轨迹。公共部分和挂载方式见 core.js 开头的说明。
(window.cvDemoQueue = window.cvDemoQueue || []).push(function (D) {
  "use strict";
  const { h, num } = D;

  // 预设数据 [x1, x2, y]，与 snippets/demos.py 的 perceptron_presets() 相同（测试逐个比较）
  const PRESETS = {
    separable: [
      [0, 1, 1], [-1.75, -1.5, -1], [0, 1.5, 1], [-0.5, -0.5, -1], [-2, -1.25, -1], [-0.75, 0, -1], [0.75, 1.25, 1],
      [-1.25, -0.75, -1], [0.75, 1.75, 1], [-0.5, 1.5, 1], [1.75, -1.75, -1], [-1.25, -0.5, -1], [-0.75, 1.75, 1],
      [-1.25, -1, -1], [-1.5, -1.75, -1], [-1.25, 1.75, 1],
    ],
    margin: [
      [-1.25, 1, 1], [0.5, -0.25, -1], [-2, 1.5, 1], [-1, 1, 1], [0.75, -0.25, -1], [-0.75, 1, 1], [-1.5, 1, 1],
      [-0.5, 0, -1], [-0.5, 0.5, 1], [0.75, 0.25, 1], [0.25, 0, -1], [1.5, -0.5, 1], [0.25, 0.25, 1], [1.5, -1, -1],
    ],
    xor: [[0, 0, -1], [0, 1, 1], [1, 0, 1], [1, 1, -1]],
  };
  const PRESET_NAMES = [["separable", "线性可分"], ["margin", "小间隔"], ["xor", "XOR（异或）"], ["empty", "空白（自己点）"]];
  const RATES = [0.25, 0.5, 1, 2]; // 2 的幂：网格上的点乘上它仍是精确的二进制小数，没有舍入误差
  const GRID = 0.25; // 点按到哪里，就取最近的网格点
  const LIMIT = 2; // 点的坐标范围 [-2, 2]
  const VIEW = 2.25; // 画出的范围 [-2.25, 2.25]
  const MAX_EPOCHS = 100; // 与 train_perceptron 的 max_epochs 默认值相同
  const STEP_MS = 300; // 播放时每一步的间隔

  // ---- 计算（纯函数，测试直接调用） --------------------------------------------------------------------------------

  // 感知机学习算法的一个训练器：x 是 [[x1, x2], …]，y 是 ±1；options = {lr, shuffle, seed}。
  // step() 处理一个样本，和 train_perceptron 内层循环的一次迭代一样：
  //   if yi * (xi @ w + b) <= 0:  w = w + lr * yi * xi;  b = b + lr * yi
  // 每一轮开始时定下访问顺序：按顺序，或用 mulberry32(seed) 打乱；一整轮没有分错就停下（收敛）。
  function createTrainer(x, y, options) {
    const n = x.length;
    const next = D.mulberry32(options.seed);
    const state = { w: [0, 0], b: 0, epoch: 0, position: 0, order: [], mistakes: [], thisEpoch: 0, converged: false };
    state.step = function () {
      if (state.converged || n === 0) return null;
      if (state.position === 0) {
        state.order = options.shuffle ? D.shuffled(n, next) : x.map((_, i) => i);
        state.thisEpoch = 0;
      }
      const i = state.order[state.position];
      const [xi, yi] = [x[i], y[i]];
      const score = xi[0] * state.w[0] + xi[1] * state.w[1] + state.b; // w·x + b
      const info = { index: i, x: xi, y: yi, score: score, wrong: yi * score <= 0, w: state.w, b: state.b };
      if (info.wrong) {
        const step = options.lr * yi; // η·y：与 Python 的 lr * yi * xi 相同的运算顺序
        info.dw = [step * xi[0], step * xi[1]];
        info.db = step;
        state.w = [state.w[0] + info.dw[0], state.w[1] + info.dw[1]];
        state.b = state.b + info.db;
        state.thisEpoch += 1;
      }
      state.position += 1;
      info.position = state.position;
      info.epoch = state.epoch + 1;
      if (state.position === n) {
        state.mistakes.push(state.thisEpoch);
        state.epoch += 1;
        state.position = 0;
        state.converged = state.thisEpoch === 0;
      }
      return info;
    };
    // 走完当前这一轮（已经走了一半的，走完剩下的）
    state.finishEpoch = function () {
      let info = null;
      do info = state.step() || info;
      while (state.position !== 0 && !state.converged);
      return info;
    };
    return state;
  }

  // 训练到收敛或 maxEpochs 轮：每一步之后的 [w1, w2, b]、访问的样本、每轮分错的个数（测试与 Python 比较）
  function run(x, y, options, maxEpochs) {
    const trainer = createTrainer(x, y, options);
    const result = { steps: [], trajectory: [], mistakes: trainer.mistakes };
    while (!trainer.converged && trainer.epoch < maxEpochs) {
      const info = trainer.step();
      result.steps.push(info.index);
      result.trajectory.push([trainer.w[0], trainer.w[1], trainer.b]);
    }
    return result;
  }

  const predict = (w, b, p) => (p[0] * w[0] + p[1] * w[1] + b > 0 ? 1 : -1);
  const snap = (v) => Math.min(LIMIT, Math.max(-LIMIT, Math.round(v / GRID) * GRID)) + 0;

  // 直线 w·x + b = 0 与正方形 [-r, r]² 相交后，w·x + b > 0 那一侧的多边形（把正方形按直线切一刀）
  function positiveSide(w, b, r) {
    const square = [[-r, -r], [r, -r], [r, r], [-r, r]];
    const f = (p) => p[0] * w[0] + p[1] * w[1] + b;
    const polygon = [];
    square.forEach((p, k) => {
      const q = square[(k + 1) % 4];
      if (f(p) > 0) polygon.push(p);
      if (f(p) > 0 !== f(q) > 0) {
        const t = f(p) / (f(p) - f(q));
        polygon.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    });
    return polygon;
  }

  // ---- 界面 ---------------------------------------------------------------------------------------------------------

  function mount(root, life, links) {
    const ui = {};
    let points = PRESETS.separable.map(([a, b, c]) => ({ x: [a, b], y: c }));
    let preset = "separable";
    let trainer = null;
    let last = null; // 最近一步的信息
    let shown = null; // 画出来的 (w, b)：播放动画时从旧值渐变到新值
    let animation = null;

    const options = () => ({ lr: Number(ui.rate.value), shuffle: ui.order.value === "shuffle", seed: Number(ui.seed.value) || 0 });

    function reset() {
      trainer = createTrainer(
        points.map((p) => p.x),
        points.map((p) => p.y),
        options()
      );
      last = null;
      shown = { w: [0, 0], b: 0 };
      stop();
      render();
    }

    function advance(kind) {
      if (trainer.converged || trainer.epoch >= MAX_EPOCHS || points.length === 0) return stop();
      const from = { w: trainer.w, b: trainer.b };
      last = (kind === "epoch" ? trainer.finishEpoch() : trainer.step()) || last;
      animate(from);
      render();
      if (trainer.converged || trainer.epoch >= MAX_EPOCHS) stop();
    }

    // 分界线从旧位置滑到新位置（prefers-reduced-motion 时直接跳过去）
    function animate(from) {
      cancelAnimationFrame(animation);
      const to = { w: trainer.w, b: trainer.b };
      if (D.reducedMotion() || (from.w[0] === to.w[0] && from.w[1] === to.w[1] && from.b === to.b)) {
        shown = to;
        return;
      }
      const start = performance.now();
      const frame = (now) => {
        const t = Math.min(1, (now - start) / 180);
        const mix = (a, b) => a + (b - a) * t;
        shown = { w: [mix(from.w[0], to.w[0]), mix(from.w[1], to.w[1])], b: mix(from.b, to.b) };
        draw();
        if (t < 1) animation = requestAnimationFrame(frame);
      };
      animation = requestAnimationFrame(frame);
    }

    // 播放：每 STEP_MS 走一步，演示移出屏幕就暂停
    const player = D.player(life, () => advance("step"), () => STEP_MS);
    const stop = () => player.set(false);
    function play() {
      const start = !player.playing();
      if (start && (trainer.converged || trainer.epoch >= MAX_EPOCHS)) reset(); // 已经停了：从头再放一遍
      player.set(start);
    }
    life.onDestroy(() => cancelAnimationFrame(animation));

    function setPoints(next, name) {
      points = next;
      preset = name || (points.length ? "" : "empty"); // ""：读者自己改过的数据
      ui.preset.value = preset;
      reset();
    }
    function loadPreset() {
      const name = ui.preset.value;
      if (name === "") return;
      setPoints((PRESETS[name] || []).map(([a, b, c]) => ({ x: [a, b], y: c })), name);
    }
    function addPoint(x1, x2) {
      const p = [snap(x1), snap(x2)];
      const existing = points.findIndex((q) => q.x[0] === p[0] && q.x[1] === p[1]);
      if (existing >= 0) return setPoints(points.filter((_, i) => i !== existing));
      setPoints([...points, { x: p, y: Number(root.querySelector("input[name$=-class]:checked").value) }]);
    }

    // -- 控件 --
    const classGroup = D.uid("cv-perceptron") + "-class";
    const classRadio = (value, text, checked) =>
      h("label", { class: "cv-demo__choice" }, h("input", { type: "radio", name: classGroup, value: value, checked: checked }), text);
    ui.preset = D.select([...PRESET_NAMES, ["", "（自己改过的数据）"]], preset, loadPreset);
    ui.preset.lastChild.hidden = true;
    ui.x1 = h("input", { type: "number", min: -LIMIT, max: LIMIT, step: GRID, value: 0.5, inputmode: "decimal" });
    ui.x2 = h("input", { type: "number", min: -LIMIT, max: LIMIT, step: GRID, value: 0.5, inputmode: "decimal" });
    ui.rate = D.select(RATES.map((r) => [r, String(r)]), 1, reset);
    ui.order = D.select([["inorder", "按顺序"], ["shuffle", "每轮打乱"]], "inorder", () => ((ui.seedField.hidden = ui.order.value !== "shuffle"), reset()));
    ui.seed = h("input", { type: "number", min: 0, max: 9999, step: 1, value: 1, onchange: reset });
    ui.seedField = D.field("随机种子", ui.seed);
    ui.seedField.hidden = true;
    ui.play = D.button("播放", play, { "aria-pressed": "false" });

    const dataControls = h(
      "fieldset",
      { class: "cv-demo__group" },
      h("legend", {}, "数据"),
      D.field("预设", ui.preset),
      h("div", { class: "cv-demo__field", role: "radiogroup", "aria-label": "点平面时添加的类别" }, h("span", {}, "点平面添加："),
        classRadio("1", "+1 类（蓝色圆点）", true), classRadio("-1", "\u22121 类（橙色方块）", false)),
      h("div", { class: "cv-demo__row" }, D.field("x\u2081", ui.x1, "cv-demo__narrow"), D.field("x\u2082", ui.x2, "cv-demo__narrow"),
        D.button("添加（已有就删除）", () => addPoint(Number(ui.x1.value), Number(ui.x2.value))),
        D.button("清空", () => setPoints([])))
    );
    const trainControls = h(
      "fieldset",
      { class: "cv-demo__group" },
      h("legend", {}, "训练"),
      h("div", { class: "cv-demo__row" }, D.field("学习率 η", ui.rate), D.field("访问顺序", ui.order), ui.seedField),
      h("div", { class: "cv-demo__row" }, D.button("单步", () => advance("step")), D.button("一轮", () => advance("epoch")), ui.play, D.button("重置", reset))
    );

    ui.canvas = h("canvas", { class: "cv-demo__canvas cv-demo__canvas--draw", role: "img" });
    ui.readout = h("div", { class: "cv-demo__readout", "aria-live": "polite" });
    player.attach(ui.play, ui.readout);
    ui.note = h("p", { class: "cv-demo__note" });
    ui.table = h("tbody");
    const details = h(
      "details",
      { class: "cv-demo__details info" },
      h("summary", {}, "数据表：每个点的坐标、标签和现在的预测"),
      h("div", { class: "cv-demo__scroll", tabindex: "0", role: "region", "aria-label": "数据表" }, h("table", { class: "cv-demo__table" }, h("thead", {}, h("tr", {}, ["#", "x\u2081", "x\u2082", "标签 y", "w·x + b", "预测"].map((t) => h("th", { scope: "col" }, t)))), ui.table))
    );
    root.append(
      h("div", { class: "cv-demo__controls" }, dataControls, trainControls),
      h("div", { class: "cv-demo__stage" }, h("div", { class: "cv-demo__figure" }, ui.canvas), ui.readout),
      ui.note,
      details
    );

    // -- 平面上的点按 / 拖动（Pointer Events：鼠标、触屏、手写笔同一套） --
    let size = 300;
    const toPlane = (event) => {
      const rect = ui.canvas.getBoundingClientRect();
      return [((event.clientX - rect.left) / rect.width) * 2 * VIEW - VIEW, VIEW - ((event.clientY - rect.top) / rect.height) * 2 * VIEW];
    };
    let press = null;
    ui.canvas.addEventListener("pointerdown", (event) => {
      const p = toPlane(event);
      const tolerance = (12 / size) * 2 * VIEW; // 手指按在点附近 12 像素以内，就算按住了这个点
      const hit = points.findIndex((q) => Math.hypot(q.x[0] - p[0], q.x[1] - p[1]) < tolerance);
      press = { hit: hit, moved: false, start: p };
      ui.canvas.setPointerCapture(event.pointerId);
    });
    ui.canvas.addEventListener("pointermove", (event) => {
      if (!press || press.hit < 0) return;
      const p = toPlane(event).map(snap);
      const point = points[press.hit];
      if (p[0] === point.x[0] && p[1] === point.x[1]) return;
      if (points.some((q) => q.x[0] === p[0] && q.x[1] === p[1])) return;
      press.moved = true;
      point.x = p; // 拖动一个点：数据变了，训练从头开始
      setPoints(points);
    });
    ui.canvas.addEventListener("pointerup", (event) => {
      if (!press) return;
      if (!press.moved) {
        const p = press.hit >= 0 ? points[press.hit].x : toPlane(event);
        addPoint(p[0], p[1]);
      }
      press = null;
    });
    ui.canvas.addEventListener("pointercancel", () => (press = null));

    // -- 显示 --
    function resize() {
      size = Math.min(ui.canvas.parentElement.clientWidth, 420);
      draw();
    }
    life.onResize(root, resize);
    life.onTheme(draw);

    function draw() {
      const ctx = D.fitCanvas(ui.canvas, size, size);
      const c = D.palette(root);
      const px = (v) => ((v + VIEW) / (2 * VIEW)) * size;
      const py = (v) => ((VIEW - v) / (2 * VIEW)) * size;
      ctx.fillStyle = c.bg;
      ctx.fillRect(0, 0, size, size);
      const { w, b } = shown;
      if (w[0] !== 0 || w[1] !== 0) {
        // 两侧涂上浅色：判为 +1 的一侧蓝，判为 −1 的一侧橙
        ctx.fillStyle = c.negArea;
        ctx.fillRect(0, 0, size, size);
        const side = positiveSide(w, b, VIEW);
        if (side.length) {
          ctx.fillStyle = c.posArea;
          ctx.beginPath();
          side.forEach(([a, q], k) => (k ? ctx.lineTo(px(a), py(q)) : ctx.moveTo(px(a), py(q))));
          ctx.fill();
        }
      }
      // 网格和坐标轴
      ctx.lineWidth = 1;
      for (let v = -2; v <= 2; v += 0.5) {
        ctx.strokeStyle = v === 0 ? c.lighter : c.lightest;
        ctx.beginPath();
        ctx.moveTo(px(v), 0);
        ctx.lineTo(px(v), size);
        ctx.moveTo(0, py(v));
        ctx.lineTo(size, py(v));
        ctx.stroke();
      }
      ctx.fillStyle = c.light;
      ctx.font = `11px ${c.font}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (const v of [-2, -1, 1, 2]) ctx.fillText(num(v), px(v), py(0) + 3);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      for (const v of [-2, -1, 1, 2]) ctx.fillText(num(v), px(0) - 4, py(v));
      // 分界线 w·x + b = 0，以及从线上离原点最近的点出发、指向 w 的箭头
      const norm = Math.hypot(w[0], w[1]);
      if (norm > 0) {
        const d = [-w[1] / norm, w[0] / norm];
        const o = [(-b * w[0]) / norm ** 2, (-b * w[1]) / norm ** 2];
        ctx.strokeStyle = c.fg;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(px(o[0] - 10 * d[0]), py(o[1] - 10 * d[1]));
        ctx.lineTo(px(o[0] + 10 * d[0]), py(o[1] + 10 * d[1]));
        ctx.stroke();
        const tip = [o[0] + (0.6 * w[0]) / norm, o[1] + (0.6 * w[1]) / norm];
        ctx.beginPath();
        ctx.moveTo(px(o[0]), py(o[1]));
        ctx.lineTo(px(tip[0]), py(tip[1]));
        ctx.stroke();
        const back = [(-0.15 * w[0]) / norm, (-0.15 * w[1]) / norm];
        ctx.beginPath();
        for (const s of [1, -1]) {
          ctx.moveTo(px(tip[0]), py(tip[1]));
          ctx.lineTo(px(tip[0] + back[0] + s * 0.08 * d[0]), py(tip[1] + back[1] + s * 0.08 * d[1]));
        }
        ctx.stroke();
        ctx.fillStyle = c.fg;
        ctx.textAlign = "left";
        ctx.fillText("w", px(tip[0]) + 4, py(tip[1]));
      }
      // 样本：+1 蓝色圆点，−1 橙色方块；按现在的 (w, b) 分错的加红圈，刚处理的样本加一个粗圈
      const current = trainer ? { w: trainer.w, b: trainer.b } : shown;
      const started = trainer && (trainer.epoch > 0 || trainer.position > 0); // 开始训练前 w = 0，谈不上分对分错
      const r = Math.max(5, size / 60);
      points.forEach((p, i) => {
        const [x, y] = [px(p.x[0]), py(p.x[1])];
        ctx.fillStyle = p.y > 0 ? c.pos : c.neg;
        ctx.strokeStyle = c.fg;
        ctx.lineWidth = 1;
        ctx.beginPath();
        if (p.y > 0) ctx.arc(x, y, r, 0, 2 * Math.PI);
        else ctx.rect(x - r, y - r, 2 * r, 2 * r);
        ctx.fill();
        ctx.stroke();
        if (started && p.y * (p.x[0] * current.w[0] + p.x[1] * current.w[1] + current.b) <= 0) {
          ctx.strokeStyle = c.wrong;
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.arc(x, y, r + 4, 0, 2 * Math.PI);
          ctx.stroke();
        }
        if (last && last.index === i) {
          ctx.strokeStyle = c.pick;
          ctx.lineWidth = 3;
          ctx.beginPath();
          ctx.arc(x, y, r + 8, 0, 2 * Math.PI);
          ctx.stroke();
        }
      });
    }

    // 读数：当前样本、预测、Δw = η·y·x、(w, b)、每轮分错的个数
    const vec = (v) => `(${num(v[0])}, ${num(v[1])})`;
    const sign = (v) => (v > 0 ? "+1" : "\u22121");
    const out = (name, text) => h("span", { "data-out": name }, text);
    function render() {
      draw();
      const t = trainer;
      const wrongNow = points.filter((p) => p.y * (p.x[0] * t.w[0] + p.x[1] * t.w[1] + t.b) <= 0).length;
      const lines = [];
      if (last) {
        const total = points.length;
        lines.push(h("p", {}, `第 ${last.epoch} 轮，第 ${last.position} / ${total} 个样本：`, out("sample", `#${last.index + 1}，x = ${vec(last.x)}，y = ${sign(last.y)}`)));
        lines.push(h("p", {}, "w·x + b = ", out("score", num(last.score)), "，预测 ŷ = ", out("prediction", sign(last.score > 0 ? 1 : -1)),
          `；y·(w·x + b) = ${num(last.y * last.score)} `, last.wrong ? (last.score === 0 ? "≤ 0：恰好为 0 也算分错，更新" : "≤ 0：分错，更新") : "> 0：分对，不更新"));
        if (last.wrong) lines.push(h("p", {}, "Δw = η·y·x = ", out("dw", vec(last.dw)), "，Δb = η·y = ", out("db", num(last.db))));
      } else {
        lines.push(h("p", {}, points.length ? "按“单步”处理一个样本，按“一轮”把所有样本各看一遍。" : "点平面添加样本，或选一组预设数据。"));
      }
      lines.push(h("p", { class: "cv-demo__strong" }, "w = ", out("w", vec(t.w)), "，b = ", out("b", num(t.b)), `；现在分错 ${wrongNow} 个`));
      lines.push(h("p", {}, "每轮分错的个数：", out("mistakes", t.mistakes.length ? t.mistakes.join("、") : "（还没走完一轮）")));
      let status = "";
      if (t.converged) status = `第 ${t.epoch} 轮一个都没分错：收敛了，训练停止。`;
      else if (t.epoch >= MAX_EPOCHS) status = `走了 ${MAX_EPOCHS} 轮仍有分错（train_perceptron 默认最多 ${MAX_EPOCHS} 轮），停止。`;
      lines.push(h("p", { "data-out": "status" }, status));
      ui.readout.replaceChildren(...lines);
      // XOR（以及走了很多轮仍不收敛的数据）：一条直线分不开，指向多层感知机
      const stuck = preset === "xor" || (!t.converged && t.epoch >= 20);
      ui.note.hidden = !stuck;
      if (stuck) {
        const mlp = links[0] ? links[0].cloneNode(true) : "多层感知机";
        ui.note.replaceChildren(
          preset === "xor" ? "XOR 线性不可分：不论学习率和顺序，每一轮都至少分错一个，感知机永远不会收敛。" : "走了很多轮仍有分错：数据可能线性不可分（像 XOR 那样），感知机就永远不会收敛。",
          "加一层隐藏层就能解决，见",
          mlp,
          "。"
        );
      }
      ui.canvas.setAttribute(
        "aria-label",
        `感知机平面：${points.length} 个样本（+1 类 ${points.filter((p) => p.y > 0).length} 个）；` +
          (t.w[0] || t.w[1] ? `分界线 ${num(t.w[0])}·x₁ + ${num(t.w[1])}·x₂ + ${num(t.b)} = 0` : "还没有分界线（w = 0）") +
          `；现在分错 ${wrongNow} 个。`
      );
      ui.table.replaceChildren(
        ...points.map((p, i) => {
          const s = p.x[0] * t.w[0] + p.x[1] * t.w[1] + t.b;
          const ok = p.y * s > 0;
          return h("tr", {}, [`${i + 1}`, num(p.x[0]), num(p.x[1]), sign(p.y), num(s), `${sign(predict(t.w, t.b, p.x))}${ok ? "" : s === 0 ? "（在线上，算分错）" : "（分错）"}`].map((v) => h("td", {}, v)));
        })
      );
    }

    reset();
    resize();
  }

  D.define("perceptron", { mount: mount, createTrainer: createTrainer, run: run, predict: predict, PRESETS: PRESETS, RATES: RATES, GRID: GRID, VIEW: VIEW });
});
