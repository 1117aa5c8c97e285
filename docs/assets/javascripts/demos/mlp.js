// 多层感知机演示（docs/dl/mlp.md）：在 XOR、两个半月、两个圆上训练一个小 MLP，看判别区域、每个隐藏单元和损失曲线。
// 计算部分（makeData、initNet、batchOrder、sgdStep、forward、gridPredictions）逐行对应 snippets/demos.py 的
// mlp_points、mlp_init、mlp_batches 和 PyTorch 的 BCEWithLogitsLoss + SGD(weight_decay)；tests/test_demos.py 用
// snippets/outputs/demo_mlp.json 比较 50 步之后的权重和网格上的预测。公共部分和挂载方式见 core.js 开头的说明。
(window.cvDemoQueue = window.cvDemoQueue || []).push(function (D) {
  "use strict";
  const { h, num } = D;

  const N = 200; // 训练集、测试集各 200 个点
  const VIEW = 2; // 画出的范围 [-2, 2]²
  const GRID = 48; // 判别区域按 48×48 个格子算
  const MAX_EPOCHS = 2000;
  const DATASETS = [["xor", "XOR（异或）"], ["moons", "两个半月"], ["circles", "两个圆"]];
  const ACTIVATIONS = [["relu", "ReLU"], ["tanh", "tanh"], ["sigmoid", "sigmoid"]];
  const NOISES = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
  const RATES = [0.01, 0.03, 0.1, 0.3, 1, 3];
  const BATCHES = [1, 4, 10, 25, 50, 200];
  const DECAYS = [0, 0.0001, 0.001, 0.003, 0.01, 0.1];
  const DEFAULTS = { data: "xor", noise: 0.1, dataSeed: 1, units: [4], activation: "tanh", lr: 0.3, batch: 10, wd: 0, seed: 1 };

  // ---- 计算（纯函数，测试直接调用） --------------------------------------------------------------------------------

  const uniform = (next) => next() / 4294967296;
  // 标准正态分布（Box–Muller，只用 cos 那一个）：u₁ 取 (0, 1]，避免 log 0
  function gaussian(next) {
    const u1 = 1 - uniform(next);
    const u2 = uniform(next);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  // n 个点和标签（0 或 1），与 snippets/demos.py 的 mlp_points 逐行相同
  function makePoints(name, noise, seed, n) {
    const next = D.mulberry32(seed);
    const x = [];
    const t = [];
    for (let i = 0; i < n; i++) {
      let a, b, label;
      if (name === "xor") {
        a = 3 * uniform(next) - 1.5;
        b = 3 * uniform(next) - 1.5;
        a += a >= 0 ? 0.1 : -0.1;
        b += b >= 0 ? 0.1 : -0.1;
        label = a * b < 0 ? 1 : 0;
      } else if (name === "moons") {
        label = i % 2;
        const angle = Math.PI * uniform(next);
        if (label === 0) [a, b] = [Math.cos(angle) - 0.5, Math.sin(angle) - 0.25];
        else [a, b] = [0.5 - Math.cos(angle), 0.25 - Math.sin(angle)];
      } else {
        label = i % 2;
        const r = label === 1 ? 0.7 * uniform(next) : 1.1 + 0.4 * uniform(next);
        const angle = 2 * Math.PI * uniform(next);
        [a, b] = [r * Math.cos(angle), r * Math.sin(angle)];
      }
      x.push([a + noise * gaussian(next), b + noise * gaussian(next)]);
      t.push(label);
    }
    return { x: x, t: t };
  }

  // 前 200 个点训练，后 200 个测试
  function makeData(name, noise, seed) {
    const all = makePoints(name, noise, seed, 2 * N);
    return { x: all.x.slice(0, N), t: all.t.slice(0, N), xTest: all.x.slice(N), tTest: all.t.slice(N) };
  }

  // 初始权重：和 nn.Linear 的默认初始化同一个分布 U(−1/√fan_in, 1/√fan_in)，一层一层地先抽权重（按行）再抽偏置。
  // 返回 {layers: [{W, b}…], next}：next 接着给出每轮的打乱顺序（重置时从同一个种子重来，一切完全重演）
  function initNet(units, seed) {
    const next = D.mulberry32(seed);
    const sizes = [2, ...units, 1];
    const layers = [];
    for (let k = 0; k + 1 < sizes.length; k++) {
      const bound = 1 / Math.sqrt(sizes[k]);
      const draw = () => (2 * uniform(next) - 1) * bound;
      const W = Array.from({ length: sizes[k + 1] }, () => Array.from({ length: sizes[k] }, draw));
      layers.push({ W: W, b: Array.from({ length: sizes[k + 1] }, draw) });
    }
    return { layers: layers, next: next };
  }

  // 一轮的各个批次：0..n−1 打乱一次，按 batch 个一组切开（最后一组可以不满）
  function batchOrder(n, batch, next) {
    const order = D.shuffled(n, next);
    const batches = [];
    for (let k = 0; k < n; k += batch) batches.push(order.slice(k, k + batch));
    return batches;
  }

  const ACT = {
    relu: [(z) => (z > 0 ? z : 0), (z, a) => (z > 0 ? 1 : 0)],
    tanh: [Math.tanh, (z, a) => 1 - a * a],
    sigmoid: [sigmoid, (z, a) => a * (1 - a)],
  };
  function sigmoid(z) {
    if (z >= 0) return 1 / (1 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1 + e);
  }

  // 前向传播：返回每一层的 z（仿射变换的结果）和 a（激活后的值；最后一层 a = z，就是 logit）
  function forward(layers, activation, x) {
    const zs = [];
    const as = [x];
    let a = x;
    layers.forEach((layer, k) => {
      const z = layer.W.map((row, o) => {
        let s = layer.b[o];
        for (let i = 0; i < row.length; i++) s += row[i] * a[i];
        return s;
      });
      a = k === layers.length - 1 ? z : z.map(ACT[activation][0]);
      zs.push(z);
      as.push(a);
    });
    return { zs: zs, as: as, logit: a[0] };
  }

  // 二分类交叉熵（对 logit，数值稳定的写法，与 BCEWithLogitsLoss 相同）：max(z, 0) − z·t + log(1 + e^{−|z|})
  const bce = (z, t) => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));

  // 一步 SGD：这一批的平均损失对每个参数的梯度（每一步从 0 重新算，不留上一步的），再
  // p ← p − lr·(g + wd·p)，与 torch.optim.SGD(lr=lr, weight_decay=wd) 相同（偏置也衰减）。返回新的 layers
  function sgdStep(layers, activation, x, t, batch, lr, wd) {
    const grads = layers.map((l) => ({ W: l.W.map((row) => row.map(() => 0)), b: l.b.map(() => 0) }));
    const derivative = ACT[activation][1];
    for (const i of batch) {
      const f = forward(layers, activation, x[i]);
      let delta = [(sigmoid(f.logit) - t[i]) / batch.length]; // ∂(平均损失)/∂z
      for (let k = layers.length - 1; k >= 0; k--) {
        const input = f.as[k];
        const g = grads[k];
        delta.forEach((d, o) => {
          g.b[o] += d;
          for (let j = 0; j < input.length; j++) g.W[o][j] += d * input[j];
        });
        if (k === 0) break;
        const W = layers[k].W;
        delta = input.map((a, j) => {
          let s = 0;
          for (let o = 0; o < delta.length; o++) s += W[o][j] * delta[o];
          return s * derivative(f.zs[k - 1][j], a);
        });
      }
    }
    const update = (p, g) => p - lr * (g + wd * p);
    return layers.map((l, k) => ({ W: l.W.map((row, o) => row.map((p, j) => update(p, grads[k].W[o][j]))), b: l.b.map((p, o) => update(p, grads[k].b[o])) }));
  }

  // 从 init 出发，按给定的批次走完，返回最后的 layers（测试用它与 PyTorch 比较）
  function train(init, activation, x, t, batches, lr, wd) {
    return batches.reduce((layers, batch) => sgdStep(layers, activation, x, t, batch, lr, wd), init);
  }

  // 很多点一起前向传播，一层一层地算：返回每一层激活后的值，values[k][j][p] 是第 k 层第 j 个单元在第 p 个点上的值
  // （最后一层只有一个单元，是 logit）。每个点的加法顺序与 forward 相同，所以结果逐位相同；画图和统计用它，
  // 省去每个点都新建数组
  function forwardMany(layers, activation, points) {
    let a = [Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1])];
    const values = [];
    layers.forEach((layer, k) => {
      const f = k === layers.length - 1 ? (z) => z : ACT[activation][0];
      a = layer.W.map((row, o) => {
        const out = new Float64Array(points.length);
        for (let p = 0; p < points.length; p++) {
          let s = layer.b[o];
          for (let i = 0; i < row.length; i++) s += row[i] * a[i][p];
          out[p] = f(s);
        }
        return out;
      });
      values.push(a);
    });
    return values;
  }

  // 整个数据集上的平均损失和准确率（logit > 0 判为 1 类）
  function evaluate(layers, activation, x, t) {
    const logits = forwardMany(layers, activation, x).at(-1)[0];
    let loss = 0;
    let correct = 0;
    logits.forEach((z, i) => {
      loss += bce(z, t[i]);
      correct += (z > 0 ? 1 : 0) === t[i] ? 1 : 0;
    });
    return { loss: loss / x.length, accuracy: correct / x.length };
  }

  // 网格上的点（x₁ 变得快）
  const gridPoints = (grid) => grid.flatMap((b) => grid.map((a) => [a, b]));

  // 网格点上的预测：logit > 0 为 1
  function gridPredictions(layers, activation, grid) {
    return Array.from(forwardMany(layers, activation, gridPoints(grid)).at(-1)[0], (z) => (z > 0 ? 1 : 0));
  }

  // 一次训练：设置 → 数据、初始权重；step() 走一步（一批），每走完一轮在 record 里记下训练集、测试集的损失和准确率。
  // 界面和测试都用它（测试用 run 一次走很多轮，与 PyTorch 按同样设置训练的结果比较）
  function createSession(settings) {
    const data = makeData(settings.data, settings.noise, settings.dataSeed);
    const net = initNet(settings.units, settings.seed);
    const session = { data: data, layers: net.layers, batches: [], steps: 0, epoch: 0 };
    session.summary = () => ({
      train: evaluate(session.layers, settings.activation, data.x, data.t),
      test: evaluate(session.layers, settings.activation, data.xTest, data.tTest),
    });
    session.current = session.summary();
    session.record = [session.current];
    session.step = function () {
      if (!session.batches.length) session.batches = batchOrder(N, settings.batch, net.next);
      session.layers = sgdStep(session.layers, settings.activation, data.x, data.t, session.batches.shift(), settings.lr, settings.wd);
      session.steps += 1;
      if (!session.batches.length) {
        session.epoch += 1;
        session.record.push(session.summary());
      }
    };
    session.finishEpoch = function () {
      do session.step();
      while (session.batches.length);
    };
    return session;
  }

  // 按 settings 训练 epochs 轮，返回每轮结束时的 [训练损失, 测试损失, 训练准确率, 测试准确率]（第 0 项是训练前的）
  function run(settings, epochs) {
    const session = createSession(Object.assign({}, DEFAULTS, settings));
    while (session.epoch < epochs) session.step();
    return session.record.map((e) => [e.train.loss, e.test.loss, e.train.accuracy, e.test.accuracy]);
  }

  // ---- 设置与地址栏：?data=circles&noise=0.2&data-seed=3&units=6-3&act=relu&lr=0.1&batch=10&wd=0.001&seed=7 --------
  const KEYS = { data: "data", noise: "noise", dataSeed: "data-seed", units: "units", activation: "act", lr: "lr", batch: "batch", wd: "wd", seed: "seed" };
  const seedOf = (v) => (/^\d{1,9}$/.test(v) ? Number(v) : null);
  const PARSE = {
    data: (v) => (DATASETS.some(([k]) => k === v) ? v : null),
    noise: (v) => (NOISES.includes(Number(v)) ? Number(v) : null),
    dataSeed: seedOf,
    units: (v) => {
      const units = v.split("-").map(Number);
      return units.length >= 1 && units.length <= 3 && units.every((u) => Number.isInteger(u) && u >= 1 && u <= 8) ? units : null;
    },
    activation: (v) => (v in ACT ? v : null),
    lr: (v) => (RATES.includes(Number(v)) ? Number(v) : null),
    batch: (v) => (BATCHES.includes(Number(v)) ? Number(v) : null),
    wd: (v) => (DECAYS.includes(Number(v)) ? Number(v) : null),
    seed: seedOf,
  };
  function parseSettings(search) {
    const params = new URLSearchParams(search);
    const settings = Object.assign({}, DEFAULTS);
    for (const [key, name] of Object.entries(KEYS)) {
      const value = params.has(name) ? PARSE[key](params.get(name)) : null;
      if (value !== null) settings[key] = value;
    }
    return settings;
  }
  function settingsQuery(settings) {
    const params = new URLSearchParams();
    for (const [key, name] of Object.entries(KEYS)) params.set(name, key === "units" ? settings.units.join("-") : String(settings[key]));
    return "?" + params.toString();
  }

  // ---- 界面 ---------------------------------------------------------------------------------------------------------

  function mount(root, life) {
    const ui = {};
    let settings = parseSettings(location.search);
    let session = null; // 见 createSession
    let zoomed = null; // 放大的单元 [层, 单元]

    const axis = Array.from({ length: GRID }, (_, i) => -VIEW + ((i + 0.5) * 2 * VIEW) / GRID);

    // 重置：从同一个种子重新抽初始权重，访问顺序也从头重来
    function reset() {
      stop();
      session = createSession(settings);
      ui.table.replaceChildren();
      if (zoomed && (zoomed[0] >= settings.units.length || zoomed[1] >= settings.units[zoomed[0]])) zoomed = null;
      buildThumbs();
      render();
    }

    function advance(kind) {
      if (session.epoch >= MAX_EPOCHS) return stop();
      if (kind === "epoch") session.finishEpoch();
      else session.step();
      session.current = session.batches.length ? session.summary() : session.record[session.record.length - 1];
      render();
      if (session.epoch >= MAX_EPOCHS) stop();
    }

    // 播放：一轮一轮地走；减少动态效果时走得慢（每 0.5 秒一轮），移出屏幕时暂停
    const player = D.player(life, () => advance("epoch"), () => (D.reducedMotion() ? 500 : 40));
    const stop = () => player.set(false);

    // 控件改了设置：写进地址栏（老师可以把链接发给学生），从头开始（重新生成数据、重新初始化）
    function changed(key, value) {
      settings = Object.assign({}, settings, { [key]: value });
      const url = settingsQuery(settings) + location.hash;
      history.replaceState(history.state, "", url);
      ui.link.href = url;
      reset();
    }

    // -- 控件 --
    const pick = (options, key, text) =>
      D.select(options.map((o) => (Array.isArray(o) ? o : [o, text ? text(o) : num(o)])), settings[key], (event) => {
        const raw = event.target.value;
        changed(key, PARSE[key](raw) ?? DEFAULTS[key]);
      });
    const seedInput = (key) => h("input", { type: "number", min: 0, max: 999999999, step: 1, value: settings[key], inputmode: "numeric", onchange: (event) => changed(key, seedOf(event.target.value) ?? DEFAULTS[key]) });
    ui.data = pick(DATASETS, "data");
    ui.noise = pick(NOISES, "noise");
    ui.dataSeed = seedInput("dataSeed");
    ui.depth = D.select([1, 2, 3].map((k) => [k, `${k} 层`]), settings.units.length, () => {
      const k = Number(ui.depth.value);
      const units = Array.from({ length: k }, (_, i) => settings.units[i] || settings.units[settings.units.length - 1]);
      changed("units", units);
      syncUnits();
    });
    ui.units = [0, 1, 2].map((i) =>
      D.select([1, 2, 3, 4, 5, 6, 7, 8].map((u) => [u, String(u)]), settings.units[i] || 4, () => {
        const units = settings.units.map((u, k) => (k === i ? Number(ui.units[i].value) : u));
        changed("units", units);
      })
    );
    ui.unitFields = ui.units.map((control, i) => D.field(`第 ${i + 1} 层单元数`, control, "cv-demo__narrow"));
    function syncUnits() {
      ui.unitFields.forEach((f, i) => {
        f.hidden = i >= settings.units.length;
        if (i < settings.units.length) ui.units[i].value = String(settings.units[i]);
      });
      ui.depth.value = String(settings.units.length);
    }
    ui.activation = pick(ACTIVATIONS, "activation");
    ui.lr = pick(RATES, "lr");
    ui.batch = pick(BATCHES, "batch", (b) => (b === N ? `${b}（全部）` : String(b)));
    ui.wd = pick(DECAYS, "wd", (v) => String(v));
    ui.seed = seedInput("seed");
    ui.play = D.button("播放", () => player.set(!player.playing()), { "aria-pressed": "false" });
    ui.link = h("a", { href: settingsQuery(settings) }, "这组设置的链接");

    root.append(
      h(
        "div",
        { class: "cv-demo__controls" },
        h("fieldset", { class: "cv-demo__group" }, h("legend", {}, "数据"),
          h("div", { class: "cv-demo__row" }, D.field("数据集", ui.data), D.field("噪声", ui.noise), D.field("数据种子", ui.dataSeed))),
        h("fieldset", { class: "cv-demo__group" }, h("legend", {}, "网络"),
          h("div", { class: "cv-demo__row" }, D.field("隐藏层", ui.depth), ...ui.unitFields),
          h("div", { class: "cv-demo__row" }, D.field("激活函数", ui.activation), D.field("初始化种子", ui.seed))),
        h("fieldset", { class: "cv-demo__group cv-demo__group--wide" }, h("legend", {}, "训练（SGD，二分类交叉熵）"),
          h("div", { class: "cv-demo__row" }, D.field("学习率", ui.lr), D.field("批量大小", ui.batch), D.field("权重衰减", ui.wd)),
          h("div", { class: "cv-demo__row" }, D.button("单步", () => advance("step")), D.button("一轮", () => advance("epoch")), ui.play, D.button("重置", reset), ui.link))
      )
    );
    syncUnits();

    ui.canvas = h("canvas", { class: "cv-demo__canvas", role: "img" });
    ui.loss = h("canvas", { class: "cv-demo__canvas", role: "img", "data-canvas": "loss" });
    ui.readout = h("div", { class: "cv-demo__readout", "aria-live": "polite" });
    player.attach(ui.play, ui.readout);
    ui.thumbs = h("div", { class: "cv-demo__units" });
    ui.zoom = h("div", { class: "cv-demo__zoom" });
    ui.table = h("tbody");
    root.append(
      h("div", { class: "cv-demo__stage" },
        h("div", { class: "cv-demo__figure" }, ui.canvas, h("p", {}, "底色：网络判为蓝色类（圆点）或橙色类（方块）的区域，越深越有把握；空心的点是测试集。")),
        h("div", { class: "cv-demo__readout" }, ui.readout, ui.loss, h("p", {}, "实线：训练集损失；虚线：测试集损失（横轴是轮数）。"))),
      h("p", {}, "每个隐藏单元在平面上的输出（点一下放大，再点一下收起）："),
      ui.thumbs,
      ui.zoom,
      h("details", { class: "cv-demo__details info" }, h("summary", {}, "损失表：每一轮结束时的损失和准确率"),
        h("div", { class: "cv-demo__scroll cv-demo__tall", tabindex: "0", role: "region", "aria-label": "损失表" },
          h("table", { class: "cv-demo__table" }, h("thead", {}, h("tr", {}, ["轮", "训练损失", "测试损失", "训练准确率", "测试准确率"].map((t) => h("th", { scope: "col" }, t)))), ui.table)))
    );

    // 每个隐藏单元一个按钮（里面是小图），按下放大
    function buildThumbs() {
      ui.thumbs.replaceChildren(
        ...settings.units.map((count, k) =>
          h("div", { class: "cv-demo__layer" }, h("span", {}, `第 ${k + 1} 层`),
            ...Array.from({ length: count }, (_, j) =>
              h("button", { type: "button", class: "cv-demo__unit", "aria-label": `第 ${k + 1} 层第 ${j + 1} 个单元`, "aria-pressed": String(!!zoomed && zoomed[0] === k && zoomed[1] === j),
                onclick: () => ((zoomed = zoomed && zoomed[0] === k && zoomed[1] === j ? null : [k, j]), buildThumbs(), draw()) }, h("canvas", {}))))
        )
      );
    }

    // -- 画 --
    let size = 320;
    let lossWidth = 320;
    function resize() {
      size = Math.max(200, Math.min(ui.canvas.parentElement.clientWidth, 400));
      lossWidth = Math.max(200, Math.min(ui.readout.parentElement.clientWidth, 400));
      draw();
    }
    life.onResize(root, resize);
    // 颜色只在切换深浅色时重新读（读 CSS 变量要让浏览器先把样式算好，每一步都读就每一步都等它）
    let theme = null;
    function themeColors() {
      if (!theme) {
        const c = D.palette(root);
        theme = { c: c, colors: { pos: rgb(c.pos), neg: rgb(c.neg), bg: rgb(c.bg) } };
      }
      return theme;
    }
    life.onTheme(() => {
      theme = null;
      draw();
    });

    // CSS 颜色 → [r, g, b]（借一个 1×1 的画布让浏览器解析）
    const probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    function rgb(color) {
      probe.fillStyle = "#000";
      probe.fillStyle = color;
      probe.fillRect(0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data].slice(0, 3);
    }
    const off = h("canvas", { width: GRID, height: GRID }); // 先画到 GRID×GRID 的小画布上，再放大
    const image = new ImageData(GRID, GRID);
    // values（GRID×GRID，−1～1）画成图：正的偏蓝，负的偏橙，0 是背景色
    function field(ctx, values, px, colors) {
      const { pos, neg, bg } = colors;
      for (let k = 0; k < values.length; k++) {
        const target = values[k] > 0 ? pos : neg;
        const w = Math.min(1, Math.abs(values[k])) * 0.6;
        const row = GRID - 1 - Math.floor(k / GRID); // 画布的 y 向下，x₂ 向上
        const at = 4 * (row * GRID + (k % GRID));
        for (let c = 0; c < 3; c++) image.data[at + c] = bg[c] + (target[c] - bg[c]) * w;
        image.data[at + 3] = 255;
      }
      off.getContext("2d").putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(off, 0, 0, px, px);
    }

    // 网格上每个隐藏单元的输出和网络的输出（一次前向传播都有）
    const points = gridPoints(axis);
    function gridValues() {
      const values = forwardMany(session.layers, settings.activation, points);
      const out = Array.from(values.at(-1)[0], (z) => 2 * sigmoid(z) - 1);
      // 单元的输出换到 −1～1：tanh 原样，sigmoid 2a − 1，ReLU 除以这个单元在图上的最大值
      const scale = (v) => {
        if (settings.activation === "tanh") return v;
        if (settings.activation === "sigmoid") return v.map((a) => 2 * a - 1);
        const max = Math.max(...v);
        return v.map((a) => (max > 0 ? a / max : 0));
      };
      return { out: out, units: values.slice(0, -1).map((layer) => layer.map(scale)) };
    }

    function draw() {
      if (!session) return;
      const { c, colors } = themeColors();
      const values = gridValues();
      const ctx = D.fitCanvas(ui.canvas, size, size);
      field(ctx, values.out, size, colors);
      const px = (v) => ((v + VIEW) / (2 * VIEW)) * size;
      const py = (v) => ((VIEW - v) / (2 * VIEW)) * size;
      ctx.strokeStyle = c.lightest;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px(0), 0);
      ctx.lineTo(px(0), size);
      ctx.moveTo(0, py(0));
      ctx.lineTo(size, py(0));
      ctx.stroke();
      const r = Math.max(2.5, size / 110);
      const dot = (p, label, hollow) => {
        ctx.beginPath();
        if (label === 1) ctx.arc(px(p[0]), py(p[1]), r, 0, 2 * Math.PI);
        else ctx.rect(px(p[0]) - r, py(p[1]) - r, 2 * r, 2 * r);
        ctx.fillStyle = label === 1 ? c.pos : c.neg;
        ctx.strokeStyle = hollow ? (label === 1 ? c.pos : c.neg) : c.fg;
        ctx.lineWidth = hollow ? 1.5 : 0.8;
        if (!hollow) ctx.fill();
        ctx.stroke();
      };
      session.data.xTest.forEach((p, i) => dot(p, session.data.tTest[i], true));
      session.data.x.forEach((p, i) => dot(p, session.data.t[i], false));

      // 每个单元的小图；放大的那个另画一张大的
      const thumbs = [...ui.thumbs.querySelectorAll("canvas")];
      let n = 0;
      values.units.forEach((layer) => layer.forEach((v) => field(D.fitCanvas(thumbs[n++], 44, 44), v, 44, colors)));
      if (zoomed) {
        const big = Math.min(size, 240);
        const canvas = h("canvas", { class: "cv-demo__canvas", role: "img", "aria-label": `第 ${zoomed[0] + 1} 层第 ${zoomed[1] + 1} 个单元的输出：蓝色为正（ReLU 为大于 0），橙色为负，越深绝对值越大` });
        field(D.fitCanvas(canvas, big, big), values.units[zoomed[0]][zoomed[1]], big, colors);
        ui.zoom.replaceChildren(h("p", { "data-out": "zoomed" }, `放大：第 ${zoomed[0] + 1} 层第 ${zoomed[1] + 1} 个单元`), canvas);
      } else ui.zoom.replaceChildren();
      drawLoss(c);
    }

    function drawLoss(c) {
      const width = lossWidth;
      const height = 120;
      const ctx = D.fitCanvas(ui.loss, width, height);
      ctx.fillStyle = c.bg;
      ctx.fillRect(0, 0, width, height);
      const top = Math.max(0.8, ...session.record.map((e) => Math.max(e.train.loss, e.test.loss)));
      const span = Math.max(10, session.record.length - 1);
      const x = (k) => 30 + (k / span) * (width - 36);
      const y = (v) => 6 + (1 - Math.min(v, top) / top) * (height - 24);
      ctx.strokeStyle = c.lighter;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(30, 6);
      ctx.lineTo(30, height - 18);
      ctx.lineTo(width - 6, height - 18);
      ctx.stroke();
      ctx.fillStyle = c.light;
      ctx.font = `10px ${c.font}`;
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(num(top, 1), 26, y(top));
      ctx.fillText("0", 26, y(0));
      ctx.textAlign = "right";
      ctx.textBaseline = "top";
      ctx.fillText(`${span} 轮`, x(span), height - 15);
      for (const [key, dash, color] of [["train", [], c.pos], ["test", [5, 4], c.neg]]) {
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        ctx.setLineDash(dash);
        ctx.beginPath();
        session.record.forEach((e, k) => (k ? ctx.lineTo(x(k), y(e[key].loss)) : ctx.moveTo(x(k), y(e[key].loss))));
        ctx.stroke();
      }
      ctx.setLineDash([]);
    }

    const pct = (v) => `${num(100 * v, 1)}%`;
    const out = (name, text) => h("span", { "data-out": name }, text);
    function render() {
      draw();
      const { batches, steps, epoch, current } = session;
      const within = batches.length ? `，这一轮走了 ${Math.ceil(N / settings.batch) - batches.length} 步` : "";
      const arch = [2, ...settings.units, 1].join("-");
      ui.readout.replaceChildren(
        h("p", { class: "cv-demo__strong" }, "第 ", out("epoch", String(epoch)), " 轮", within, "（共 ", out("steps", String(steps)), " 步）"),
        h("p", {}, "训练集损失 ", out("train", num(current.train.loss)), "，准确率 ", out("train-acc", pct(current.train.accuracy))),
        h("p", {}, "测试集损失 ", out("test", num(current.test.loss)), "，准确率 ", out("test-acc", pct(current.test.accuracy))),
        h("p", {}, `网络 ${arch}，${settings.activation}，共 ${session.layers.reduce((s, l) => s + l.W.length * (l.W[0].length + 1), 0)} 个参数`)
      );
      ui.canvas.setAttribute(
        "aria-label",
        `判别区域：${DATASETS.find(([k]) => k === settings.data)[1]}，训练 ${N} 个点（实心）、测试 ${N} 个点（空心）；第 ${epoch} 轮，` +
          `训练集准确率 ${pct(current.train.accuracy)}，测试集准确率 ${pct(current.test.accuracy)}。`
      );
      ui.loss.setAttribute("aria-label", `损失曲线：训练前训练集损失 ${num(session.record[0].train.loss)}，现在 ${num(current.train.loss)}；测试集损失现在 ${num(current.test.loss)}。`);
      // 损失表只添上新的几轮（重置时清空），播放很多轮时不必每一步重建整张表
      const rows = session.record.slice(ui.table.rows.length);
      ui.table.append(
        ...rows.map((e, i) => h("tr", {}, [String(ui.table.rows.length + i), num(e.train.loss), num(e.test.loss), pct(e.train.accuracy), pct(e.test.accuracy)].map((v) => h("td", {}, v))))
      );
    }

    reset();
    resize();
  }

  D.define("mlp", {
    mount: mount,
    makePoints: makePoints,
    makeData: makeData,
    initNet: (units, seed) => initNet(units, seed).layers,
    batchOrder: (n, batch, epochs, seed, units) => {
      const next = initNet(units, seed).next;
      return Array.from({ length: epochs }, () => batchOrder(n, batch, next)).flat();
    },
    train: train,
    run: run,
    evaluate: evaluate,
    gridPredictions: gridPredictions,
    parseSettings: parseSettings,
    settingsQuery: settingsQuery,
    DEFAULTS: DEFAULTS,
    VIEW: VIEW,
  });
});
