"""Runs the batch a `layercanvas step` wrote through the network `layercanvas export --format pytorch` wrote, forward and
backward in float32 under the project's loss, and compares every node's output and output gradient, and every
parameter gradient whose name and shape the two share, with LayerCanvas's.

Usage: step_in_pytorch.py MODEL_DIR STEP.safetensors LOSS
Prints one line per tensor compared ("name max_abs_diff scale") and exits 1 when one differs by more than
1e-5 relative to the tensor's largest value."""
import sys

import torch

model_dir, step_file, loss_kind = sys.argv[1:4]
sys.path.insert(0, model_dir)
from model import Net, load_weights  # noqa: E402

step = load_weights(step_file)
net = Net()
net.load_state_dict(load_weights(model_dir + "/weights.safetensors"))
net.train()

# The forward pass's locals are the nodes' outputs, named after the node ids (a Python keyword gets a trailing _).
captured = {}


def keep_locals(frame, event, arg):
    if event == "return" and frame.f_code is Net.forward.__code__:
        captured.update(frame.f_locals)


sys.setprofile(keep_locals)
prediction = net(step["inputs"].requires_grad_())  # so that a node right after the input has a gradient too
sys.setprofile(None)


def node_id(python_name):
    return python_name[:-1] if python_name.endswith("_") else python_name


nodes = {}
for name, value in captured.items():
    node = node_id(name)
    if torch.is_tensor(value) and node + "/output" in step and value.requires_grad:
        value.retain_grad()
        nodes[node] = value

targets = step["targets"]
if loss_kind == "categorical_crossentropy":
    loss = -(targets * torch.log(prediction.clamp(1e-7, 1 - 1e-7))).sum(1).mean()
elif loss_kind == "mse":
    loss = ((prediction - targets) ** 2).mean(1).mean()
else:
    sys.exit("no check for loss " + loss_kind)
loss.backward()

worst = 0.0


def compare(name, ours, theirs):
    global worst
    scale = float(ours.abs().max()) or 1.0
    diff = float((ours.double() - theirs.double().reshape(ours.shape)).abs().max()) / scale
    worst = max(worst, diff)
    print(name, diff, scale)


for node, value in nodes.items():
    compare(node + "/output", step[node + "/output"], value.detach())
    if node + "/grad_output" in step:  # LayerCanvas keeps no gradient for an Input
        compare(node + "/grad_output", step[node + "/grad_output"], value.grad)
for name, parameter in net.named_parameters():
    module, _, tensor = name.rpartition(".")
    ours = step.get(node_id(module) + "/" + tensor + ".grad")
    if ours is not None and tuple(ours.shape) == tuple(parameter.shape):
        compare(name + ".grad", ours, parameter.grad)
print("loss", float(loss))
sys.exit(1 if worst > 1e-5 else 0)
