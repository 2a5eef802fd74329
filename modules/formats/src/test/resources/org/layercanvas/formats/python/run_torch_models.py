"""Runs exported PyTorch modules on raw float32 inputs, for PyTorchExporterTest.

    python3 -B run_torch_models.py MANIFEST.json

The manifest lists cases {"dir", "inputs": [[dims without batch], ...], "batches": [...]}; each case's
folder holds model.py, weights.safetensors and in_<batch>_<k>.f32 (little-endian float32). For each
batch this writes out_<batch>.f32 and out_<batch>.shape, or error.txt with the traceback.
"""
import importlib.util
import json
import struct
import sys
import traceback

import torch


def run(index, case):
    folder = case["dir"]
    spec = importlib.util.spec_from_file_location("exported_%d" % index, folder + "/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.Net()
    model.load_state_dict(module.load_weights(folder + "/weights.safetensors"), strict=True)
    model.eval()
    for batch in case["batches"]:
        xs = []
        for k, dims in enumerate(case["inputs"]):
            with open("%s/in_%d_%d.f32" % (folder, batch, k), "rb") as f:
                xs.append(torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape([batch] + dims))
        with torch.no_grad():
            y = model(*xs)
        if isinstance(y, tuple):
            y = y[0]
        values = y.detach().to(torch.float32).flatten().tolist()
        with open("%s/out_%d.f32" % (folder, batch), "wb") as f:
            f.write(struct.pack("<%df" % len(values), *values))
        with open("%s/out_%d.shape" % (folder, batch), "w") as f:
            f.write(json.dumps(list(y.shape)))


def main():
    torch.set_num_threads(1)
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
