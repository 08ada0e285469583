// Samples text from a model that `rnn export --web` wrote, with onnxruntime-web (the global `ort`).
// The same steps as `rnn sample`: warm the state up on the whole seed in one run, then draw each
// character from softmax(logits / temperature) (only among the top k when k > 0; the argmax, lowest
// id first on ties, at temperature 0) and feed it back with the state carried.
//
//   const rnn = await RnnSampler.load('.');      // model.onnx and model.json in that folder
//   const text = await rnn.sample({seed: 'ROMEO:', length: 200, temperature: 0.8, topK: 0, randomSeed: 1});
'use strict';

class RnnSampler {
  /** Loads model.onnx and model.json from the folder at `base` (a URL, '.' for the page's own). */
  static async load(base = '.') {
    const root = new URL(base.endsWith('/') ? base : base + '/', location.href);
    ort.env.wasm.numThreads = 1;  // a plain static host gives no SharedArrayBuffer
    ort.env.wasm.wasmPaths = new URL('ort/', root).href;
    const config = await (await fetch(new URL('model.json', root))).json();
    const session = await ort.InferenceSession.create(new URL('model.onnx', root).href, {executionProviders: ['wasm']});
    return new RnnSampler(session, config);
  }

  constructor(session, config) {
    this.session = session;
    this.vocab = config.vocab;                 // one string (code point) per id
    this.ids = new Map(this.vocab.map((s, i) => [s, i]));
    this.layers = config.num_layers;
    this.hidden = config.hidden_size;
    this.cell = config.cell;                   // lstm, gru or rnn
    this.lstm = config.cell === 'lstm';
  }

  /** The ids of `text`, one per code point; throws naming the characters the model does not know. */
  encode(text) {
    const chars = Array.from(text);
    const unknown = [...new Set(chars.filter((c) => !this.ids.has(c)))];
    if (unknown.length > 0) {
      throw new Error('the seed has characters the model does not know: ' + unknown.map((c) => JSON.stringify(c)).join(' '));
    }
    return chars.map((c) => this.ids.get(c));
  }

  /** A zero state for one stream: h (and c) of shape (L, 1, H). */
  zeroState() {
    const dims = [this.layers, 1, this.hidden];
    const zeros = () => new ort.Tensor('float32', new Float32Array(this.layers * this.hidden), dims);
    return this.lstm ? {h0: zeros(), c0: zeros()} : {h0: zeros()};
  }

  /** Runs ids (1, T) from `state`; returns the last step's logits (V) and the next state. */
  async run(ids, state) {
    const feeds = {ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]), ...state};
    const out = await this.session.run(feeds);
    const v = this.vocab.length;
    const logits = out.logits.data.subarray((ids.length - 1) * v, ids.length * v);
    return {logits, state: this.lstm ? {h0: out.hT, c0: out.cT} : {h0: out.hT}};
  }

  /** Seed plus `length` sampled characters; `onText(text)` is called after each character. */
  async sample({seed, length, temperature = 1, topK = 0, randomSeed = 1, onText = () => {}}) {
    const random = mulberry32(randomSeed);
    let {logits, state} = await this.run(this.encode(seed), this.zeroState());
    let text = seed;
    for (let i = 0; i < length; i++) {
      const id = draw(logits, temperature, topK, random);
      text += this.vocab[id];
      onText(text);
      ({logits, state} = await this.run([id], state));
    }
    return text;
  }
}

/** One id drawn from the logits after temperature and top-k (ties at the k-th logit kept). */
function draw(logits, temperature, topK, random) {
  const v = logits.length;
  if (temperature === 0) {
    let best = 0;
    for (let j = 1; j < v; j++) {
      if (logits[j] > logits[best]) best = j;
    }
    return best;
  }
  let max = -Infinity;
  for (let j = 0; j < v; j++) max = Math.max(max, logits[j]);
  const cutoff = topK > 0 && topK < v ? Array.from(logits).sort((a, b) => b - a)[topK - 1] : -Infinity;
  const weights = Array.from(logits, (x) => (x >= cutoff ? Math.exp((x - max) / temperature) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const u = random() * total;
  let acc = 0;
  let last = 0;
  for (let j = 0; j < v; j++) {
    if (weights[j] > 0) {
      acc += weights[j];
      last = j;
      if (u < acc) return j;
    }
  }
  return last;
}

/** A small seeded generator (uniform in [0, 1)); the browser's Math.random cannot be seeded. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
