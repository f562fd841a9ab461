#!/usr/bin/python3
"""Writes the PyTorch fixture that OnnxWindowEncoderTest checks ONNX Runtime against.

A small 1-D CNN with the built-in encoder's architecture, initialised from a fixed seed,
exported to ONNX with a dynamic batch axis, plus fixed input windows and PyTorch's own
float32 outputs for them as JSON. Regenerate with (Debian: apt-get install python3-torch):

    /usr/bin/python3 encoder-runtime/src/test/python/export_fixture.py \
        encoder-runtime/src/test/resources/fixtures

Windows in the JSON are flattened channel-major ([c * window_length + t]), the layout
OnnxWindowEncoder.embed takes.
"""
import json
import os
import sys

import torch
from torch import nn

CHANNELS = 4
WINDOW_LENGTH = 64
EMBEDDING_DIM = 32
SEED = 4242
OPSET = 17
NAME = f"torch_cnn_c{CHANNELS}_t{WINDOW_LENGTH}"


def encoder(channels: int) -> nn.Module:
    """Conv(k3) + ReLU + MaxPool(2), twice, then Conv(k3) + ReLU, mean over time, two linears."""
    return nn.Sequential(
        nn.Conv1d(channels, 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool1d(kernel_size=2, stride=2),
        nn.Conv1d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool1d(kernel_size=2, stride=2),
        nn.Conv1d(32, 64, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool1d(1),
        nn.Flatten(start_dim=1),
        nn.Linear(64, 64),
        nn.ReLU(),
        nn.Linear(64, EMBEDDING_DIM),
    )


def fixed_windows(generator: torch.Generator) -> torch.Tensor:
    """Six random windows plus three with structure: all zeros, a ramp, a spike."""
    random = torch.randn(6, CHANNELS, WINDOW_LENGTH, generator=generator)
    zeros = torch.zeros(1, CHANNELS, WINDOW_LENGTH)
    ramp = torch.linspace(-2.0, 2.0, CHANNELS * WINDOW_LENGTH).reshape(1, CHANNELS, WINDOW_LENGTH)
    spike = torch.zeros(1, CHANNELS, WINDOW_LENGTH)
    spike[0, :, WINDOW_LENGTH // 2] = 5.0
    return torch.cat([random, zeros, ramp, spike]).to(torch.float32)


def main(out_dir: str) -> None:
    torch.manual_seed(SEED)
    model = encoder(CHANNELS).eval()
    windows = fixed_windows(torch.Generator().manual_seed(SEED + 1))
    with torch.no_grad():
        outputs = model(windows)

    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, NAME + ".onnx")
    torch.onnx.export(
        model,
        windows[:1],
        onnx_path,
        input_names=["window"],
        output_names=["embedding"],
        dynamic_axes={"window": {0: "batch"}, "embedding": {0: "batch"}},
        opset_version=OPSET,
    )

    fixture = {
        "model": NAME + ".onnx",
        "channels": CHANNELS,
        "window_length": WINDOW_LENGTH,
        "embedding_dim": EMBEDDING_DIM,
        "seed": SEED,
        "opset": OPSET,
        "torch_version": torch.__version__,
        # float32 values widened to double: each one parses back to the same float32.
        "windows": windows.reshape(len(windows), -1).tolist(),
        "embeddings": outputs.tolist(),
    }
    json_path = os.path.join(out_dir, NAME + ".json")
    with open(json_path, "w") as f:
        json.dump(fixture, f)
        f.write("\n")
    print("wrote", onnx_path, "and", json_path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
