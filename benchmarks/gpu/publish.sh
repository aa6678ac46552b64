#!/usr/bin/env bash
# Builds what benchmarks/gpu/run.sh needs on a GPU machine without the .NET SDK (docs/scale.md, "One GPU check"):
#   benchmarks/gpu/publish.sh [OUT]        (default artifacts/gpu-build; /artifacts/ is git-ignored)
# Publishes the memcontrol CLI and the memcontrol-bench programs self-contained for linux-x64 into OUT, deletes the
# CPU libtorch there (the GPU machine's PyTorch brings a CUDA one; TorchSharp's shim libLibTorchSharp.so stays), adds
# the CLIP vocabulary write-sd15 needs and the commit, and packs OUT.tar.xz (small enough to carry).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(realpath -m "${1:-$root/artifacts/gpu-build}")
case "$out" in
  "$root"|"$root/src"*|"$root/tests"*|"$root/benchmarks"*) echo "publish.sh: refusing to publish into $out (a source folder)" >&2; exit 2 ;;
esac

rm -rf "$out"
for project in src/MemControl.Cli benchmarks/MemControl.Benchmarks; do
  dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained -o "$out" --nologo -v quiet
done

# The CPU libtorch and its test/backend libraries; libLibTorchSharp.so binds to the CUDA libtorch at run time.
( cd "$out" && rm -f libtorch*.so libc10.so libgomp*.so* libshm.so libaoti_custom_ops.so libbackend_with_compiler.so \
    libjitbackend_test.so libnnapi_backend.so )
# The ONNX image-feature models serve evaluate's FD, not the GPU check; they would triple the archive.
rm -rf "$out/DnnImageModels"
# onnxruntime.dll is the Windows build of ONNX Runtime that its package copies into every publish; never loaded on Linux.
rm -f "$out/onnxruntime.dll"
mkdir -p "$out/clip-tokenizer"
cp "$root/tests/fixtures/clip-tokenizer/vocab.json" "$root/tests/fixtures/clip-tokenizer/merges.txt" "$out/clip-tokenizer/"
commit=$(git -C "$root" rev-parse HEAD)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then commit="$commit-dirty"; fi
echo "$commit" > "$out/COMMIT"

tar -C "$(dirname "$out")" -cJf "$out.tar.xz" "$(basename "$out")"
echo "published to $out ($(du -sh "$out" | cut -f1)) and $out.tar.xz ($(du -sh "$out.tar.xz" | cut -f1)), commit $commit"
