package org.layercanvas.formats.python;

/** The fixed parts of the generated Python: weight readers and small helpers. */
public final class PythonSources {
    private PythonSources() {
    }

    /** {@code load_weights(path)} into torch tensors, with or without the safetensors package. */
    static final String TORCH_LOAD_WEIGHTS = """
            _TORCH_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                             "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
                             "BOOL": torch.bool}


            def load_weights(path):
                \"""The tensors of a safetensors file by name, as torch tensors.

                Uses the safetensors package when it is installed; otherwise reads the format itself: an
                8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
                then the tensors' raw little-endian bytes.
                \"""
                try:
                    from safetensors.torch import load_file
                except ImportError:
                    load_file = None
                if load_file is not None:
                    return load_file(path)
                if sys.byteorder != "little":
                    raise NotImplementedError("reading safetensors without the safetensors package needs a little-endian machine")
                with open(path, "rb") as f:
                    data = f.read()
                (length,) = struct.unpack("<Q", data[:8])
                header = json.loads(data[8:8 + length])
                start = 8 + length
                tensors = {}
                for name, info in header.items():
                    if name == "__metadata__":
                        continue
                    begin, end = info["data_offsets"]
                    dtype = _TORCH_DTYPES[info["dtype"]]
                    if end > begin:
                        flat = torch.frombuffer(bytearray(data[start + begin:start + end]), dtype=dtype)
                    else:
                        flat = torch.empty(0, dtype=dtype)
                    tensors[name] = flat.reshape(info["shape"])
                return tensors
            """;

    /** {@code load_weights(path)} into numpy arrays, with or without the safetensors package. */
    static final String NUMPY_LOAD_WEIGHTS = """
            _NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
                             "U8": "u1", "BOOL": "?"}


            def load_weights(path):
                \"""The tensors of a safetensors file by name, as numpy arrays.

                Uses the safetensors package when it is installed; otherwise reads the format itself: an
                8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
                then the tensors' raw little-endian bytes.
                \"""
                try:
                    from safetensors.numpy import load_file
                except ImportError:
                    load_file = None
                if load_file is not None:
                    return load_file(path)
                with open(path, "rb") as f:
                    data = f.read()
                (length,) = struct.unpack("<Q", data[:8])
                header = json.loads(data[8:8 + length])
                start = 8 + length
                tensors = {}
                for name, info in header.items():
                    if name == "__metadata__":
                        continue
                    begin, end = info["data_offsets"]
                    flat = np.frombuffer(data[start + begin:start + end], dtype=_NUMPY_DTYPES[info["dtype"]])
                    tensors[name] = flat.reshape(info["shape"]).astype(flat.dtype.newbyteorder("="))
                return tensors
            """;

    /** A helper the PyTorch module defines when it uses it. */
    public static String torchHelper(String name) {
        return switch (name) {
            case "step" -> """
                    def step(x):
                        \"""1 where x >= 0, else 0 (LayerCanvas's step).\"""
                        return (x >= 0).to(x.dtype)
                    """;
            case "sign" -> """
                    def sign(x):
                        \"""1 where x >= 0, else -1 (LayerCanvas's sign; torch.sign is 0 at 0).\"""
                        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))
                    """;
            case "Elementwise" -> """
                    class Elementwise(nn.Module):
                        \"""An element-wise function as a layer.\"""

                        def __init__(self, function):
                            super().__init__()
                            self.function = function

                        def forward(self, x):
                            return self.function(x)

                        def extra_repr(self):
                            return getattr(self.function, "__name__", repr(self.function))
                    """;
            case "ElementwiseRNN" -> """
                    class ElementwiseRNN(nn.Module):
                        \"""nn.RNN (one layer, batch_first, zero initial state, same parameter names) with any activation:
                        h_t = activation(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh).\"""

                        def __init__(self, input_size, hidden_size, activation):
                            super().__init__()
                            self.hidden_size = hidden_size
                            self.activation = activation
                            self.weight_ih_l0 = nn.Parameter(torch.zeros(hidden_size, input_size))
                            self.weight_hh_l0 = nn.Parameter(torch.zeros(hidden_size, hidden_size))
                            self.bias_ih_l0 = nn.Parameter(torch.zeros(hidden_size))
                            self.bias_hh_l0 = nn.Parameter(torch.zeros(hidden_size))

                        def forward(self, x):
                            h = x.new_zeros(x.shape[0], self.hidden_size)
                            steps = []
                            for t in range(x.shape[1]):
                                h = self.activation(F.linear(x[:, t], self.weight_ih_l0, self.bias_ih_l0)
                                                    + F.linear(h, self.weight_hh_l0, self.bias_hh_l0))
                                steps.append(h)
                            return torch.stack(steps, 1), h.unsqueeze(0)
                    """;
            case "ElementwiseLSTM" -> """
                    class ElementwiseLSTM(nn.Module):
                        \"""nn.LSTM (one layer, batch_first, zero initial state, same parameter names and gate order i, f, g, o)
                        with any activation in place of tanh for the candidate g and the cell output.\"""

                        def __init__(self, input_size, hidden_size, activation):
                            super().__init__()
                            self.hidden_size = hidden_size
                            self.activation = activation
                            self.weight_ih_l0 = nn.Parameter(torch.zeros(4 * hidden_size, input_size))
                            self.weight_hh_l0 = nn.Parameter(torch.zeros(4 * hidden_size, hidden_size))
                            self.bias_ih_l0 = nn.Parameter(torch.zeros(4 * hidden_size))
                            self.bias_hh_l0 = nn.Parameter(torch.zeros(4 * hidden_size))

                        def forward(self, x):
                            h = x.new_zeros(x.shape[0], self.hidden_size)
                            c = x.new_zeros(x.shape[0], self.hidden_size)
                            steps = []
                            for t in range(x.shape[1]):
                                z = F.linear(x[:, t], self.weight_ih_l0, self.bias_ih_l0) + F.linear(h, self.weight_hh_l0, self.bias_hh_l0)
                                i, f, g, o = z.chunk(4, dim=1)
                                c = torch.sigmoid(f) * c + torch.sigmoid(i) * self.activation(g)
                                h = torch.sigmoid(o) * self.activation(c)
                                steps.append(h)
                            return torch.stack(steps, 1), (h.unsqueeze(0), c.unsqueeze(0))
                    """;
            case "ElementwiseGRU" -> """
                    class ElementwiseGRU(nn.Module):
                        \"""nn.GRU (one layer, batch_first, zero initial state, same parameter names and gate order r, z, n)
                        with any activation in place of tanh for the candidate n.\"""

                        def __init__(self, input_size, hidden_size, activation):
                            super().__init__()
                            self.hidden_size = hidden_size
                            self.activation = activation
                            self.weight_ih_l0 = nn.Parameter(torch.zeros(3 * hidden_size, input_size))
                            self.weight_hh_l0 = nn.Parameter(torch.zeros(3 * hidden_size, hidden_size))
                            self.bias_ih_l0 = nn.Parameter(torch.zeros(3 * hidden_size))
                            self.bias_hh_l0 = nn.Parameter(torch.zeros(3 * hidden_size))

                        def forward(self, x):
                            h = x.new_zeros(x.shape[0], self.hidden_size)
                            steps = []
                            for t in range(x.shape[1]):
                                a_r, a_z, a_n = F.linear(x[:, t], self.weight_ih_l0, self.bias_ih_l0).chunk(3, dim=1)
                                b_r, b_z, b_n = F.linear(h, self.weight_hh_l0, self.bias_hh_l0).chunk(3, dim=1)
                                r, z = torch.sigmoid(a_r + b_r), torch.sigmoid(a_z + b_z)
                                n = self.activation(a_n + r * b_n)
                                h = (1 - z) * n + z * h
                                steps.append(h)
                            return torch.stack(steps, 1), h.unsqueeze(0)
                    """;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
