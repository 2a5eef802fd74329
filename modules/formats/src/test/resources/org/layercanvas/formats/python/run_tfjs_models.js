// Runs LayerCanvas's TensorFlow.js exports for TfjsExporterTest:
//
//     NODE_PATH=modules/formats/src/test/tfjs/node_modules node run_tfjs_models.js MANIFEST.json
//
// For every case of the manifest (as PythonRunner writes it): loads <dir>/model.json and its weights with
// tf.loadLayersModel, exactly as a browser would from a URL, feeds in_<batch>_<k>.f32 and writes the output as
// out_<batch>.f32 and its shape as out_<batch>.shape; a failure goes to <dir>/error.txt.
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");

function floats(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

// tf.io's handler for a model in memory, read from the export's two files as fetch() would deliver them
function handler(dir) {
  return {
    load: async () => {
      const model = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
      const specs = [];
      const buffers = [];
      for (const group of model.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const b = fs.readFileSync(path.join(dir, p));
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        }
      }
      return {modelTopology: model.modelTopology, format: model.format, generatedBy: model.generatedBy,
        weightSpecs: specs, weightData: tf.io.concatenateArrayBuffers(buffers)};
    },
  };
}

async function run(c) {
  const model = await tf.loadLayersModel(handler(c.dir));
  for (const batch of c.batches) {
    const inputs = c.inputs.map((shape, k) => tf.tensor(floats(path.join(c.dir, `in_${batch}_${k}.f32`)), [batch, ...shape]));
    const y = model.predict(inputs.length === 1 ? inputs[0] : inputs);
    const out = Array.isArray(y) ? y[0] : y;
    fs.writeFileSync(path.join(c.dir, `out_${batch}.f32`), Buffer.from(out.dataSync().buffer, out.dataSync().byteOffset, out.dataSync().byteLength));
    fs.writeFileSync(path.join(c.dir, `out_${batch}.shape`), JSON.stringify(out.shape));
  }
}

async function main() {
  await tf.setBackend("cpu");
  const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  for (const c of cases) {
    try {
      await run(c);
    } catch (e) {
      fs.writeFileSync(path.join(c.dir, "error.txt"), String(e && e.stack || e));
    }
  }
}

main().catch(e => { console.error(e); process.exit(1); });
