"""Writes the small PyTorch exports OnnxImporterTest imports (run once with torch 1.13: python3 make_torch_models.py).

torch_lstm.onnx: nn.LSTM(3, 4, batch_first=True) without h0 (torch writes initial_h/initial_c as
ConstantOfShape of Concat(Unsqueeze(Gather(Shape(x)))), ...), the last step, nn.Linear(4, 2); input [N, 5, 3].
torch_cnn.onnx: Conv2d(1, 2, 3) + ReLU + MaxPool2d(2) + nn.Flatten + Linear(18, 3); input [N, 1, 8, 8].
torch_bilstm.onnx: nn.LSTM(3, 4, batch_first=True, bidirectional=True), every step flattened, nn.Linear(40, 2); input [N, 5, 3].
torch_gru_time_major.onnx: nn.GRU(3, 4) (time-major: input [5, N, 3]), h[-1], nn.Linear(4, 2).
torch_embedding.onnx: nn.Embedding(10, 4) + nn.Flatten + Linear(20, 2); input int64 indices [N, 5].
"""
import os
import torch
from torch import nn

torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))


class LastStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1, :])


class LastState(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


class BiLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(40, 2)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y.flatten(1))


class TimeMajorGru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        _, h = self.gru(x)
        return self.fc(h[-1])


cnn = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(18, 3))


def export(model, example, name):
    model.eval()
    torch.onnx.export(model, example, os.path.join(here, name), input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}}, opset_version=17)


export(LastStep(), torch.randn(2, 5, 3), "torch_lstm_last_step.onnx")
export(LastState(), torch.randn(2, 5, 3), "torch_lstm.onnx")
export(cnn, torch.randn(2, 1, 8, 8), "torch_cnn.onnx")
export(BiLSTM(), torch.randn(2, 5, 3), "torch_bilstm.onnx")
model = TimeMajorGru().eval()
torch.onnx.export(model, torch.randn(5, 2, 3), os.path.join(here, "torch_gru_time_major.onnx"), input_names=["x"], output_names=["y"],
                  dynamic_axes={"x": {1: "N"}, "y": {0: "N"}}, opset_version=17)
export(nn.Sequential(nn.Embedding(10, 4), nn.Flatten(), nn.Linear(20, 2)), torch.randint(0, 10, (2, 5)), "torch_embedding.onnx")
