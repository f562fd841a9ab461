#!/usr/bin/env bash
# Checks the encoder on an NVIDIA GPU: builds encoder-runtime with the CUDA build of ONNX Runtime
# (Maven profile `gpu`, needs CUDA 12 and cuDNN 9), then embeds the same 4096 seeded windows on
# CUDA and on CPU and prints the largest difference and the throughput at batch 256/1024/4096.
#
# Usage: scripts/gpu-check.sh   (from anywhere; extra arguments go to Maven)
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu-check: nvidia-smi not found, so this machine has no usable NVIDIA GPU/driver." >&2
    echo "gpu-check: run this script on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9." >&2
    exit 2
fi
if ! nvidia-smi -L >/dev/null 2>&1; then
    echo "gpu-check: nvidia-smi is present but lists no GPU (driver not loaded?):" >&2
    nvidia-smi -L >&2 || true
    exit 2
fi
nvidia-smi -L

cd "$(dirname "$0")/.."
./mvnw -B -pl encoder-runtime -Pgpu -DskipTests install "$@"
./mvnw -B -q -pl encoder-runtime -Pgpu test-compile exec:exec "$@" \
    -Dexec.executable=java \
    -Dexec.classpathScope=test \
    -Dexec.args="-classpath %classpath io.hardneg.encoder.GpuCheck"
