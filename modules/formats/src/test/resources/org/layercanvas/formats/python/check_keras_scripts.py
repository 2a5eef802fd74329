"""Checks exported Keras scripts without TensorFlow, for KerasExporterTest.

    python3 -B check_keras_scripts.py MANIFEST.json

For every case: the script compiles (py_compile); importing it needs numpy only; its
keras_weights(load_weights(...)) gives, for each weighted layer, the arrays Keras's layer expects.
For a single Dense, Conv2D, BatchNormalization, SimpleRNN, LSTM or GRU layer ("info": {"type", "params"})
this then computes the layer's output from those arrays with numpy, following the formulas Keras
documents for the layer (channels-last kernels [kh, kw, in, out], LSTM gates i, f, c, o, one bias),
and writes it as out_<batch>.f32 / out_<batch>.shape for comparison with LayerCanvas. This checks the
weight conversion under those formulas; TfjsExporterTest runs the same model configuration in TensorFlow.js.
"""
import importlib.util
import json
import math
import py_compile
import struct
import sys
import traceback

import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


ACTIVATIONS = {
    "linear": lambda x: x,
    "step": lambda x: (x >= 0).astype(x.dtype),
    "sign": lambda x: np.where(x >= 0, 1.0, -1.0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.01 * x),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "abs": np.abs,
    "softplus": lambda x: np.logaddexp(0, x),
    "softmax": softmax,
    "log_softmax": lambda x: np.log(softmax(x)),
    "exponential": np.exp,
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0))),
    "gelu": lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2))),
    "swish": lambda x: x / (1 + np.exp(-x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
}


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def conv2d_nhwc(x, kernel, bias, strides, padding, dilation):
    """Keras's Conv2D on [N, H, W, C] with kernel [kh, kw, in, out]; padding "valid", "same" (TF's) or pixels."""
    kh, kw = kernel.shape[:2]
    (sh, sw), (dh, dw) = pair(strides), pair(dilation)
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    n, h, w, _ = x.shape
    if padding == "same":
        oh, ow = -(-h // sh), -(-w // sw)
        ph, pw = max((oh - 1) * sh + eh - h, 0), max((ow - 1) * sw + ew - w, 0)
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    elif isinstance(padding, int):
        x = np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    h, w = x.shape[1:3]
    oh, ow = (h - eh) // sh + 1, (w - ew) // sw + 1
    y = np.zeros((n, oh, ow, kernel.shape[3]))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * sh:i * sh + eh:dh, j * sw:j * sw + ew:dw, :]
            y[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return y if bias is None else y + bias


def emulate(kind, p, weights, x):
    if kind == "Dense":
        kernel, bias = weights[0], weights[1] if len(weights) > 1 else 0
        return ACTIVATIONS[p.get("activation", "linear")](x @ kernel + bias)
    if kind == "Conv2D":
        bias = weights[1] if len(weights) > 1 else None
        kernel, groups = weights[0], p.get("groups", 1)
        if groups > 1 and groups == x.shape[1]:  # exported as DepthwiseConv2D, [kh, kw, C, m]: groups of one channel, filter c·m + j
            kh, kw, c, m = kernel.shape
            kernel, groups = kernel.reshape(kh, kw, 1, c * m), c
        x_nhwc, per_in, per_out = x.transpose(0, 2, 3, 1), kernel.shape[2], kernel.shape[3] // groups
        y = np.concatenate([conv2d_nhwc(x_nhwc[..., g * per_in:(g + 1) * per_in], kernel[..., g * per_out:(g + 1) * per_out],
                                        None if bias is None else bias[g * per_out:(g + 1) * per_out], p.get("strides", 1),
                                        p.get("padding", "valid"), p.get("dilation_rate", 1)) for g in range(groups)], axis=3)
        f = p.get("activation", "linear")
        if f in ("softmax", "log_softmax"):  # over each filter's whole map
            n, oh, ow, c = y.shape
            y = softmax(y.reshape(n, oh * ow, c), axis=1).reshape(n, oh, ow, c)
            y = np.log(y) if f == "log_softmax" else y
        else:
            y = ACTIVATIONS[f](y)
        return y.transpose(0, 3, 1, 2)
    if kind == "BatchNormalization":
        gamma, beta, mean, var = weights
        shape = (1, -1) + (1,) * (x.ndim - 2)
        eps = p.get("epsilon", 0.001)
        return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * gamma.reshape(shape) + beta.reshape(shape)
    if kind in ("SimpleRNN", "LSTM"):
        kernel, recurrent, bias = weights
        f = ACTIVATIONS[p.get("activation", "tanh")]
        units = recurrent.shape[0]
        h = np.zeros((x.shape[0], units))
        c = np.zeros_like(h)
        sigmoid = ACTIVATIONS["sigmoid"]
        steps = []
        for t in range(x.shape[1]):
            z = x[:, t] @ kernel + h @ recurrent + bias
            if kind == "SimpleRNN":
                h = f(z)
            else:
                i, fo, cc, o = (z[:, k * units:(k + 1) * units] for k in range(4))
                c = sigmoid(fo) * c + sigmoid(i) * f(cc)
                h = sigmoid(o) * f(c)
            steps.append(h)
        return np.stack(steps, 1) if p.get("return_sequences", False) else h
    if kind == "Bidirectional":  # the wrapped layer forward and over the reversed steps (back in time order), merged
        inner, half = p.get("layer", "LSTM"), len(weights) // 2
        forward = emulate(inner, p, weights[:half], x)
        backward = emulate(inner, p, weights[half:], x[:, ::-1])
        if p.get("return_sequences", False):
            backward = backward[:, ::-1]
        merge = p.get("merge_mode", "concat")
        if merge == "concat":
            return np.concatenate([forward, backward], axis=-1)
        return forward + backward if merge == "sum" else forward * backward if merge == "mul" else (forward + backward) / 2
    if kind == "Embedding":  # the table's rows at the (whole-number) indices
        return weights[0][x.astype(int)]
    if kind == "PReLU":  # alpha has the sample's shape with 1 on the shared axes, the values channels-first
        return np.where(x > 0, x, weights[0] * x)
    if kind == "GRU":  # reset_after: gates z, r, h; the recurrent bias inside the reset gate's product
        kernel, recurrent, (b_in, b_rec) = weights
        f = ACTIVATIONS[p.get("activation", "tanh")]
        sigmoid = ACTIVATIONS["sigmoid"]
        units = recurrent.shape[0]
        h = np.zeros((x.shape[0], units))
        steps = []
        for t in range(x.shape[1]):
            xz, xr, xh = np.split(x[:, t] @ kernel + b_in, 3, axis=1)
            hz, hr, hh = np.split(h @ recurrent + b_rec, 3, axis=1)
            z, r = sigmoid(xz + hz), sigmoid(xr + hr)
            h = z * h + (1 - z) * f(xh + r * hh)
            steps.append(h)
        return np.stack(steps, 1) if p.get("return_sequences", False) else h
    return None


def run(index, case):
    folder = case["dir"]
    py_compile.compile(folder + "/keras_model.py", cfile=folder + "/keras_model.pyc", doraise=True)
    spec = importlib.util.spec_from_file_location("exported_keras_%d" % index, folder + "/keras_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if "tensorflow" in sys.modules:
        raise AssertionError("importing the script imported TensorFlow")
    tensors = module.load_weights(folder + "/weights.safetensors")
    weights = {name: [tensors[name + "/" + key] for key in keys] for name, keys in module.WEIGHTS.items()}
    info = case["info"]
    if not info:
        return
    layer = weights.get("layer", [])
    for batch in case["batches"]:
        with open("%s/in_%d_0.f32" % (folder, batch), "rb") as f:
            x = np.frombuffer(f.read(), dtype="<f4").astype(np.float64).reshape([batch] + case["inputs"][0])
        y = emulate(info["type"], info["params"], [np.asarray(w, dtype=np.float64) for w in layer], x)
        values = y.astype(np.float32).flatten().tolist()
        with open("%s/out_%d.f32" % (folder, batch), "wb") as f:
            f.write(struct.pack("<%df" % len(values), *values))
        with open("%s/out_%d.shape" % (folder, batch), "w") as f:
            f.write(json.dumps(list(y.shape)))


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    for index, case in enumerate(cases):
        try:
            run(index, case)
        except Exception:
            with open(case["dir"] + "/error.txt", "w") as f:
                f.write(traceback.format_exc())


if __name__ == "__main__":
    main()
