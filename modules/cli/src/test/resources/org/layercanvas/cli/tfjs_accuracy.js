// The test accuracy of a TensorFlow.js export on IDX images, for FashionMnistEndToEndTest:
//
//     NODE_PATH=modules/formats/src/test/tfjs/node_modules node tfjs_accuracy.js MODEL_DIR IMAGES.gz LABELS.gz SCALE
//
// Loads MODEL_DIR/model.json and its weights with tf.loadLayersModel, feeds every image as [N, 1, H, W] (channels-first, as
// LayerCanvas exports them) times SCALE, and prints {"accuracy": …, "images": …} as one line of JSON.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const tf = require("@tensorflow/tfjs");

const [dir, imagesFile, labelsFile, scale] = process.argv.slice(2);

const handler = {
  load: async () => {
    const model = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    const group = model.weightsManifest[0];
    const b = fs.readFileSync(path.join(dir, group.paths[0]));
    return {modelTopology: model.modelTopology, weightSpecs: group.weights, weightData: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)};
  },
};

(async () => {
  await tf.setBackend("cpu");
  const model = await tf.loadLayersModel(handler);
  const images = zlib.gunzipSync(fs.readFileSync(imagesFile));
  const labels = zlib.gunzipSync(fs.readFileSync(labelsFile)).subarray(8);
  const n = images.readUInt32BE(4), h = images.readUInt32BE(8), w = images.readUInt32BE(12);
  const pixels = images.subarray(16);
  let right = 0;
  for (let start = 0; start < n; start += 500) {
    const count = Math.min(500, n - start);
    const x = new Float32Array(count * h * w);
    for (let i = 0; i < x.length; i++) {
      x[i] = pixels[start * h * w + i] * Number(scale);
    }
    const predicted = tf.tidy(() => model.predict(tf.tensor(x, [count, 1, h, w])).argMax(-1).dataSync());
    for (let i = 0; i < count; i++) {
      if (predicted[i] === labels[start + i]) {
        right++;
      }
    }
  }
  console.log(JSON.stringify({accuracy: right / n, images: n}));
})().catch(e => { console.error(e); process.exit(1); });
