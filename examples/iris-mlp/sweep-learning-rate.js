// Trains the Iris network with four learning rates and prints the best by test accuracy.
// Run: layercanvas run examples/iris-mlp/sweep-learning-rate.js [EPOCHS]
const project = lc.open("iris-mlp.lcproj.json");
const epochs = lc.args.length > 0 ? Number(lc.args[0]) : 30;
const runs = lc.sweep(project, {"training.optimizer.learning_rate": [0.001, 0.003, 0.01, 0.03]}, {epochs: epochs, seeds: [1]});
let best = runs[0];
for (const run of runs) {
    print(`learning rate ${run.params["training.optimizer.learning_rate"]}: test accuracy ${run.test.accuracy.toFixed(3)}, loss ${run.final.loss.toFixed(4)}`);
    if (run.test.accuracy > best.test.accuracy) best = run;
}
print(`best: learning rate ${best.params["training.optimizer.learning_rate"]} (test accuracy ${best.test.accuracy.toFixed(3)}) in ${best.folder}`);
