// Writes the Keras models that TfjsImporterTest imports: each built and saved by TensorFlow.js itself (a Keras
// implementation independent of LayerCanvas), with random weights, an input and TensorFlow.js's output for it.
//
//     cd modules/formats/src/test/tfjs && npm ci && node make_keras_models.js
//
// For each model, under src/test/resources/org/layercanvas/formats/keras/models/<name>/: model.json and weights.bin
// (what tf.io's file handler writes), in_<k>.f32 (batch of 3, Keras's layout: images [N, H, W, C]) and out.f32 with
// out.json ({"inputs": [shapes], "output": shape}). Deterministic: the same seed gives the same files.
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");

const OUT = path.join(__dirname, "../resources/org/layercanvas/formats/keras/models");
const BATCH = 3;
let seed = 1;

function random(shape, low = -1, high = 1) {
  return tf.randomUniform(shape, low, high, "float32", seed++);
}

const models = {
  "sequential-mlp": () => tf.sequential({name: "mlp", layers: [
    tf.layers.dense({inputShape: [4], units: 5, activation: "relu", name: "hidden"}),
    tf.layers.dropout({rate: 0.3, name: "drop"}),
    tf.layers.dense({units: 3, activation: "softmax", name: "out"}),
  ]}),
  "sequential-cnn": () => tf.sequential({name: "cnn", layers: [
    tf.layers.conv2d({inputShape: [9, 8, 2], filters: 4, kernelSize: 3, padding: "same", activation: "relu", name: "c1"}),
    tf.layers.batchNormalization({name: "bn", epsilon: 0.01, momentum: 0.9}),
    tf.layers.maxPooling2d({poolSize: 2, name: "p1"}),
    tf.layers.conv2d({filters: 3, kernelSize: 2, strides: 1, activation: "sigmoid", useBias: false, name: "c2"}),
    tf.layers.averagePooling2d({poolSize: 2, strides: 1, name: "p2"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.activation({activation: "tanh", name: "squash"}),
    tf.layers.dense({units: 4, name: "logits"}),
  ]}),
  "sequential-rnn": () => tf.sequential({name: "rnn", layers: [
    tf.layers.simpleRNN({inputShape: [5, 3], units: 4, returnSequences: true, name: "rnn"}),
    tf.layers.lstm({units: 3, recurrentActivation: "sigmoid", name: "lstm"}),
    tf.layers.leakyReLU({alpha: 0.01, name: "leaky"}),
  ]}),
  "functional-merge": () => {
    const a = tf.input({shape: [6], name: "a"});
    const b = tf.input({shape: [6], name: "b"});
    const da = tf.layers.dense({units: 4, activation: "elu", name: "da"}).apply(a);
    const db = tf.layers.dense({units: 4, useBias: false, name: "db"}).apply(b);
    const sum = tf.layers.add({name: "sum"}).apply([da, db]);
    const noisy = tf.layers.gaussianNoise({stddev: 0.5, name: "noisy"}).apply(sum);
    const both = tf.layers.concatenate({name: "both"}).apply([noisy, da]);
    const grid = tf.layers.reshape({targetShape: [2, 4], name: "grid"}).apply(both);
    const soft = tf.layers.softmax({axis: -1, name: "soft"}).apply(grid);
    const flat = tf.layers.flatten({name: "flat"}).apply(soft);
    const out = tf.layers.dense({units: 2, activation: "sigmoid", name: "out"}).apply(flat);
    return tf.model({inputs: [a, b], outputs: out, name: "merge"});
  },
  "functional-cnn": () => {
    const image = tf.input({shape: [7, 7, 1], name: "image"});
    const padded = tf.layers.zeroPadding2d({padding: 1, name: "pad"}).apply(image);
    const c1 = tf.layers.conv2d({filters: 2, kernelSize: 3, strides: 2, name: "c1"}).apply(padded);
    const c2 = tf.layers.conv2d({filters: 2, kernelSize: 1, activation: "softplus", name: "c2"}).apply(c1);
    const sum = tf.layers.add({name: "sum"}).apply([c1, c2]);
    const joined = tf.layers.concatenate({axis: -1, name: "joined"}).apply([sum, c1]);
    const act = tf.layers.activation({activation: "relu", name: "act"}).apply(joined);
    const flat = tf.layers.flatten({name: "flat"}).apply(act);
    const drop = tf.layers.dropout({rate: 0.2, name: "drop"}).apply(flat);
    const out = tf.layers.dense({units: 3, activation: "softmax", name: "out"}).apply(drop);
    return tf.model({inputs: image, outputs: out, name: "cnn2"});
  },
  "functional-global-pools": () => {
    const image = tf.input({shape: [6, 5, 2], name: "image"});
    const maps = tf.layers.conv2d({filters: 3, kernelSize: 2, activation: "tanh", name: "maps"}).apply(image);
    const mean = tf.layers.globalAveragePooling2d({name: "mean"}).apply(maps);
    const peak = tf.layers.globalMaxPooling2d({name: "peak"}).apply(maps);
    const both = tf.layers.concatenate({name: "both"}).apply([mean, peak]);
    const out = tf.layers.dense({units: 2, name: "out"}).apply(both);
    return tf.model({inputs: image, outputs: out, name: "global_pools"});
  },
  // rectangular kernels, strides and pools, dilation, "same" pools (padding neither wins a max nor counts in a mean)
  "sequential-windows": () => tf.sequential({name: "windows", layers: [
    tf.layers.conv2d({inputShape: [11, 9, 2], filters: 3, kernelSize: [3, 2], strides: [2, 1], name: "oblong"}),
    tf.layers.conv2d({filters: 2, kernelSize: 3, dilationRate: 2, padding: "same", activation: "tanh", name: "dilated"}),
    tf.layers.maxPooling2d({poolSize: 3, strides: 2, padding: "same", name: "max"}),
    tf.layers.averagePooling2d({poolSize: [2, 1], padding: "same", name: "mean"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.dense({units: 3, name: "out"}),
  ]}),
  // sequences: 1-D convolutions and pools, a Permute
  "sequential-conv1d": () => tf.sequential({name: "conv1d", layers: [
    tf.layers.conv1d({inputShape: [12, 3], filters: 4, kernelSize: 3, padding: "same", activation: "relu", name: "c1"}),
    tf.layers.maxPooling1d({poolSize: 2, name: "p1"}),
    tf.layers.conv1d({filters: 3, kernelSize: 2, dilationRate: 2, activation: "tanh", name: "c2"}),
    tf.layers.averagePooling1d({poolSize: 2, strides: 1, padding: "same", name: "p2"}),
    tf.layers.permute({dims: [2, 1], name: "swap"}),
    tf.layers.conv1d({filters: 2, kernelSize: 2, strides: 2, name: "c3"}),
    tf.layers.globalAveragePooling1d({name: "mean"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // a sequence decoder's start: a code repeated over the steps
  "sequential-repeat": () => tf.sequential({name: "repeat", layers: [
    tf.layers.dense({inputShape: [5], units: 3, activation: "tanh", name: "code"}),
    tf.layers.repeatVector({n: 4, name: "steps"}),
    tf.layers.simpleRNN({units: 2, returnSequences: true, name: "decoder"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // the element-wise merges TensorFlow.js has (it has no Subtract)
  "functional-merges": () => {
    const a = tf.input({shape: [5], name: "a"});
    const b = tf.input({shape: [5], name: "b"});
    const da = tf.layers.dense({units: 4, activation: "tanh", name: "da"}).apply(a);
    const db = tf.layers.dense({units: 4, name: "db"}).apply(b);
    const dc = tf.layers.dense({units: 4, activation: "sigmoid", name: "dc"}).apply(a);
    const product = tf.layers.multiply({name: "product"}).apply([da, db]);
    const mean = tf.layers.average({name: "mean"}).apply([da, db, dc]);
    const high = tf.layers.maximum({name: "high"}).apply([da, db, dc]);
    const low = tf.layers.minimum({name: "low"}).apply([db, dc]);
    const all = tf.layers.concatenate({name: "all"}).apply([product, mean, high, low]);
    const out = tf.layers.dense({units: 2, name: "out"}).apply(all);
    return tf.model({inputs: [a, b], outputs: out, name: "merges"});
  },
  // a decoder's upsampling: transposed convolutions, zero padding on uneven sides, cropping, nearest upsampling
  "functional-decoder": () => {
    const code = tf.input({shape: [3, 4, 2], name: "code"});
    const t1 = tf.layers.conv2dTranspose({filters: 3, kernelSize: 3, strides: 2, padding: "same", activation: "relu", name: "t1"}).apply(code);
    const t2 = tf.layers.conv2dTranspose({filters: 2, kernelSize: [2, 3], strides: [1, 2], name: "t2"}).apply(t1);
    const pad = tf.layers.zeroPadding2d({padding: [[1, 0], [2, 1]], name: "pad"}).apply(t2);
    const crop = tf.layers.cropping2D({cropping: [[0, 2], [1, 1]], name: "crop"}).apply(pad);
    const up = tf.layers.upSampling2d({size: [2, 1], name: "up"}).apply(crop);
    const c = tf.layers.conv2d({filters: 2, kernelSize: 3, activation: "sigmoid", name: "c"}).apply(up);
    const flat = tf.layers.flatten({name: "flat"}).apply(c);
    const out = tf.layers.dense({units: 3, name: "out"}).apply(flat);
    return tf.model({inputs: code, outputs: out, name: "decoder"});
  },
  // layers LayerCanvas's catalogue cannot express: refused, each named
  "unsupported": () => tf.sequential({name: "unsupported", layers: [
    tf.layers.upSampling2d({inputShape: [6, 6, 1], size: [2, 2], interpolation: "bilinear", name: "up"}),
    tf.layers.separableConv2d({filters: 2, kernelSize: 3, name: "separable"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // TensorFlow.js's LSTM defaults to hard_sigmoid gates, LayerCanvas's are sigmoid; its GRU has no reset_after, which
  // LayerCanvas's (PyTorch's, Keras's default) GRU is
  "unsupported-rnn": () => {
    const steps = tf.input({shape: [4, 3], name: "steps"});
    const hard = tf.layers.lstm({units: 2, name: "hard"}).apply(steps);
    const gru = tf.layers.gru({units: 2, name: "gru"}).apply(steps);
    const both = tf.layers.concatenate({name: "both"}).apply([hard, gru]);
    return tf.model({inputs: steps, outputs: both, name: "unsupported_rnn"});
  },
  // PReLU as Keras CNNs use it: a slope per channel of a channels-last image (shared_axes [1, 2]), per value of the image
  // and of its flattened (channels-last) vector
  "sequential-prelu": () => tf.sequential({name: "prelu", layers: [
    tf.layers.conv2d({inputShape: [5, 4, 2], filters: 3, kernelSize: 2, name: "c"}),
    tf.layers.prelu({sharedAxes: [1, 2], name: "per_channel"}),
    tf.layers.prelu({name: "per_value"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.prelu({name: "flat_slopes"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // a depthwise-separable block written out: DepthwiseConv2D (two filters per channel), then a 1×1 Conv2D
  "sequential-depthwise": () => tf.sequential({name: "depthwise", layers: [
    tf.layers.depthwiseConv2d({inputShape: [6, 5, 2], kernelSize: 3, depthMultiplier: 2, padding: "same", activation: "relu", name: "dw"}),
    tf.layers.conv2d({filters: 3, kernelSize: 1, name: "pointwise"}),
    tf.layers.depthwiseConv2d({kernelSize: [2, 3], strides: 2, useBias: false, name: "strided"}),
    tf.layers.flatten({name: "flat"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // word vectors into a recurrent layer: its input is whole-number indices below inputDim
  "sequential-embedding": () => tf.sequential({name: "embedding", layers: [
    tf.layers.embedding({inputShape: [5], inputDim: 9, outputDim: 3, name: "words"}),
    tf.layers.simpleRNN({units: 4, name: "rnn"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
  // both directions of a sequence: a Bidirectional LSTM (sigmoid gates) returning sequences, summed, then a Bidirectional
  // SimpleRNN's last states, concatenated
  "sequential-bidirectional": () => tf.sequential({name: "bidirectional", layers: [
    tf.layers.bidirectional({inputShape: [5, 3], layer: tf.layers.lstm({units: 3, recurrentActivation: "sigmoid", returnSequences: true, name: "lstm"}),
      mergeMode: "sum", name: "both_ways"}),
    tf.layers.bidirectional({layer: tf.layers.simpleRNN({units: 2, name: "rnn"}), name: "summary"}),
    tf.layers.dense({units: 2, name: "out"}),
  ]}),
};

async function save(name, model) {
  // random weights everywhere, moving variances positive, so that every weight shows in the output
  model.setWeights(model.weights.map(w => w.name.includes("moving_variance") ? random(w.shape, 0.5, 1.5) : random(w.shape)));
  const dir = path.join(OUT, name);
  fs.mkdirSync(dir, {recursive: true});
  await model.save(tf.io.withSaveHandler(async artifacts => {
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: ["weights.bin"], weights: artifacts.weightSpecs}],
    }, null, 1));
    fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(artifacts.weightData));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}};
  }));
  const first = model.layers[0];
  const inputs = model.inputs.map(i => first.getClassName() === "Embedding"
    ? tf.floor(random([BATCH, ...i.shape.slice(1)], 0, first.inputDim)) : random([BATCH, ...i.shape.slice(1)], -2, 2));
  inputs.forEach((x, k) => fs.writeFileSync(path.join(dir, `in_${k}.f32`), Buffer.from(x.dataSync().buffer)));
  const y = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  fs.writeFileSync(path.join(dir, "out.f32"), Buffer.from(y.dataSync().buffer));
  fs.writeFileSync(path.join(dir, "out.json"), JSON.stringify({inputs: model.inputs.map(i => i.shape.slice(1)), output: y.shape.slice(1)}) + "\n");
}

(async () => {
  await tf.setBackend("cpu");
  for (const [name, build] of Object.entries(models)) {
    await save(name, build());
    console.log("wrote", name);
  }
})();
