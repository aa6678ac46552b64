#!/usr/bin/env bash
# One GPU check of issue 14 (docs/scale.md, "One GPU check"): on random weights in the SD-1.5 layout, bf16, it
# measures a full fine-tuning step, an attention-only step, a frozen forward at batch 16, SV-DIFF and DiffFit steps
# with the official13 mask, and 8 × 512² generation with 50 DDIM steps and guidance, each with its peak memory.
#
#   benchmarks/gpu/run.sh --build DIR|DIR.tar.xz --out DIR [--libtorch DIR] [--diffusers DIR]
#                         [--device cuda|cuda:N|cpu] [--tiny] [--tokenizer DIR] [-- more ./bench gpu options]
#
#   --build      benchmarks/gpu/publish.sh's folder or archive (memcontrol + memcontrol-bench), or any build output
#                folder holding memcontrol.dll and memcontrol-bench.dll (run with dotnet)
#   --libtorch   PyTorch's torch/lib folder of a CUDA build (default: $MEMCONTROL_LIBTORCH)
#   --diffusers  a diffusers source checkout: the same measurements are run there (diffusers_bench.py) and the
#                ratios written; needs python3 with torch and transformers importable
#   --device     cuda (default) or cpu: cpu only proves the plumbing (the tests run it with --tiny)
#   --tiny       the tiny SD-1.5-shaped folder and the smallest sizes (seconds on a CPU), not paper scale
# Writes to --out: sd15/ (the random-weight folder; reused when present), memcontrol.json, and with --diffusers
# diffusers.json and ratios.json; run.log holds everything printed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "run.sh: $*" >&2; exit 2; }

build="" out="" libtorch="${MEMCONTROL_LIBTORCH:-}" diffusers="" device="cuda" tiny=0 tokenizer=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="${2:?--build needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    --libtorch) libtorch="${2:?--libtorch needs a value}"; shift 2 ;;
    --diffusers) diffusers="${2:?--diffusers needs a value}"; shift 2 ;;
    --device) device="${2:?--device needs a value}"; shift 2 ;;
    --tokenizer) tokenizer="${2:?--tokenizer needs a value}"; shift 2 ;;
    --tiny) tiny=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) fail "unknown argument '$1' (see the comment at the top of $0)" ;;
  esac
done
[ -n "$build" ] || fail "--build DIR is required (make it with benchmarks/gpu/publish.sh)"
[ -n "$out" ] || fail "--out DIR is required"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The build: an archive is unpacked into the output folder.
if [ -f "$build" ]; then
  case "$build" in *.tar.xz) ;; *) fail "--build: '$build' is a file but not a .tar.xz archive" ;; esac
  rm -rf "$out/build" && mkdir -p "$out/build"
  tar -C "$out/build" -xJf "$build" --strip-components=1 || fail "--build: cannot unpack '$build'"
  build="$out/build"
fi
[ -d "$build" ] || fail "--build: '$build' does not exist"
build=$(cd "$build" && pwd)
if [ -f "$build/libhostfxr.so" ] && [ -x "$build/memcontrol" ] && [ -x "$build/memcontrol-bench" ]; then
  # self-contained (publish.sh): the apphosts carry their own .NET runtime
  memcontrol=("$build/memcontrol") bench=("$build/memcontrol-bench")
elif [ -f "$build/memcontrol.dll" ] && [ -f "$build/memcontrol-bench.dll" ] && command -v dotnet >/dev/null; then
  memcontrol=(dotnet "$build/memcontrol.dll") bench=(dotnet "$build/memcontrol-bench.dll")
else
  fail "--build: '$build' holds no memcontrol and memcontrol-bench programs (benchmarks/gpu/publish.sh makes them)"
fi

# The device.
case "$device" in
  cpu) ;;
  cuda|cuda:[0-9]*)
    command -v nvidia-smi >/dev/null || fail "--device $device: no nvidia-smi, so no NVIDIA driver on this machine"
    nvidia-smi -L 2>/dev/null | grep -q '^GPU ' || fail "--device $device: nvidia-smi lists no GPU"
    [ -n "$libtorch" ] || fail "--device $device needs a CUDA libtorch: --libtorch DIR or MEMCONTROL_LIBTORCH (PyTorch's torch/lib: python3 -c \"import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))\")"
    [ -f "$libtorch/libtorch_cuda.so" ] || fail "--libtorch: '$libtorch' has no libtorch_cuda.so (not the torch/lib folder of a CUDA PyTorch)"
    libtorch=$(cd "$libtorch" && pwd)
    export MEMCONTROL_LIBTORCH="$libtorch"
    # The shim resolves libtorch's own dependencies from here (README "Running on a GPU").
    export LD_LIBRARY_PATH="$libtorch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    ;;
  *) fail "--device: '$device' is not cpu, cuda or cuda:N" ;;
esac

# diffusers (optional): checked before anything long starts.
python_path=""
if [ -n "$diffusers" ]; then
  [ -d "$diffusers" ] || fail "--diffusers: '$diffusers' does not exist"
  diffusers=$(cd "$diffusers" && pwd)
  python_path="$diffusers/src:$diffusers${PYTHONPATH:+:$PYTHONPATH}"
  PYTHONPATH="$python_path" python3 -c "import torch, diffusers, transformers" 2>/dev/null \
    || fail "--diffusers: python3 cannot import torch, diffusers (from '$diffusers') and transformers"
  if [ "$device" != cpu ]; then
    PYTHONPATH="$python_path" python3 -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" \
      || fail "--diffusers: python3's torch sees no CUDA device"
  fi
fi

if [ -z "$tokenizer" ]; then
  for candidate in "$build/clip-tokenizer" "$here/../../tests/fixtures/clip-tokenizer"; do
    [ -f "$candidate/vocab.json" ] && { tokenizer="$candidate"; break; }
  done
fi
[ -n "$tokenizer" ] && [ -f "$tokenizer/vocab.json" ] || fail "no CLIP vocabulary (vocab.json, merges.txt): give --tokenizer DIR"

commit=()
[ -f "$build/COMMIT" ] && commit=(--commit "$(cat "$build/COMMIT")")

exec > >(tee -a "$out/run.log") 2>&1
echo "run.sh: $(date -u +%FT%TZ) device $device, build $build, output $out"

sizes=()
write_args=(--dtype fp16 --seed 0)
if [ "$tiny" = 1 ]; then
  write_args+=(--tiny)
  sizes=(--batch 1 --resolution 64 --warmup 1 --steps 1 --generation-images 1 --generation-steps 1 --generation-runs 1)
fi
model="$out/sd15"
if [ ! -f "$model/model_index.json" ]; then
  rm -rf "$model"
  "${memcontrol[@]}" write-sd15 "${write_args[@]}" --tokenizer "$tokenizer" --out "$model"
fi

status=0
"${bench[@]}" gpu --model "$model" --device "$device" "${commit[@]}" "${sizes[@]}" "${extra[@]}" --out "$out/memcontrol.json" >/dev/null || status=$?
[ -f "$out/memcontrol.json" ] || fail "bench gpu wrote no $out/memcontrol.json (exit code $status)"
echo "run.sh: wrote $out/memcontrol.json"

if [ -n "$diffusers" ]; then
  PYTHONPATH="$python_path" python3 "$here/diffusers_bench.py" --model "$model" --ours "$out/memcontrol.json" \
    --out "$out/diffusers.json" --ratios "$out/ratios.json" || status=$?
  [ -f "$out/ratios.json" ] && echo "run.sh: wrote $out/diffusers.json and $out/ratios.json"
fi
exit "$status"
