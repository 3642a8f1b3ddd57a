#!/usr/bin/env bash
# Runs the CellDino GPU check on a machine with PyTorch (CUDA) but no .NET: the packed app from scripts/gpu-pack.sh
# against the libtorch inside that PyTorch. Run from the repository root:
#
#   bash scripts/gpu-check.sh [OUT_DIR]        (OUT_DIR defaults to $OUT, else ./gpu-out)
#
# 1. Finds PyTorch's folder (python3; or TORCH_DIR=... to name it) and records versions, driver, compilers in env.txt.
# 2. Checks TorchSharp's prebuilt shim (built for libtorch 2.10) against this libtorch: `ldd -r` (undefined symbols),
#    then a smoke run (CUDA matmul checked against fp64, one bf16 training step with autograd). libtorch has no stable
#    C++ ABI across versions, so a shim that loads can still crash later; the smoke run is what decides.
# 3. If the smoke run fails, builds the shim from third_party/torchsharp-native against this libtorch
#    (scripts/gpu-build-shim.sh) and smoke-tests that. SHIM=build forces the build, SHIM=prebuilt forbids it.
# 4. Runs each measurement in its own process (device memory is then per item), samples nvidia-smi throughout, and
#    merges everything into OUT_DIR: gpu-check.md, gpu-check.json, gpu-check.log, env.txt, nvidia-smi.csv, shim-build.log.
# Exit codes: 0 all measured; 1 some item failed (see gpu-check.md); 3 no usable PyTorch or pack; 4 no shim that works
# with this libtorch (the exact loader/compiler errors are in env.txt, gpu-check.log and shim-build.log); 5 out of time.
# For a CPU rehearsal: DEVICE=cpu QUICK=1 (every section at tiny sizes). No part starts after BUDGET_S (default 480 s)
# and none runs past HARD_S (default 570 s), so a device call with timeout_s 600 always gets its files back.
# A rerun of some parts only: PARTS="6 7" (numbers below), with SHIM=prebuilt or SHIM=build as the first run chose.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=$(mkdir -p "${1:-${OUT:-gpu-out}}" && cd "${1:-${OUT:-gpu-out}}" && pwd)
pack=${GPU_PACK:-$repo/.gpu}
app=$pack/app/CellDino.Benchmarks
device=${DEVICE:-cuda}
shim_mode=${SHIM:-auto}
budget=${BUDGET_S:-480}
hard=${HARD_S:-570}
work=$(mktemp -d)
parts=$work/parts
mkdir -p "$parts"
start=$(date +%s)
exec > >(tee -a "$out/gpu-check.log") 2>&1
say() { echo "[$(date -u +%T)] gpu-check.sh: $*"; }
elapsed() { echo $(( $(date +%s) - start )); }

status=0
shim_dir=""
shim_note=""
smi_pid=""
finish() {
  [ -n "$smi_pid" ] && kill "$smi_pid" 2>/dev/null
  merge
  rm -rf "$work"
  say "done in $(elapsed) s, exit $status; results in $out"
}
trap 'finish; exit $status' EXIT

merge() {
  {
    echo "# CellDino GPU check, $(date -u +%FT%TZ)"
    echo
    echo "- device: $device; shim: ${shim_note:-none usable}"
    if [ -s "$out/env.txt" ]; then
      grep -E '^(torch:|gpu:|driver:|libstdc)' "$out/env.txt" | sed 's/^/- /'
      echo
      echo "Shim (full list of undefined symbols in env.txt):"
      echo
      echo '```'
      sed -n '/^prebuilt shim (/,$p' "$out/env.txt" | awk '/^  undefined:/ { if (++n > 20) next } { print }'
      echo '```'
    fi
    if [ -s "$out/nvidia-smi.csv" ]; then
      awk -F', ' '{ v = $2 + 0; if (v > m) m = v } END { printf "- nvidia-smi: highest memory.used sampled over the whole run %d MiB (every 250 ms)\n", m }' "$out/nvidia-smi.csv"
    fi
    echo
    for f in "$parts"/*.md; do [ -e "$f" ] && { cat "$f"; echo; }; done
  } > "$out/gpu-check.md"
  {
    printf '{\n"device": "%s",\n"shim": "%s",\n"exitStatus": %d,\n"parts": [\n' "$device" "${shim_note:-none}" "$status"
    local first=1
    for f in "$parts"/*.json; do
      [ -e "$f" ] || continue
      [ $first = 1 ] || printf ',\n'
      cat "$f"
      first=0
    done
    printf '\n]\n}\n'
  } > "$out/gpu-check.json"
}

# ---- 1. PyTorch and the machine ----
[ -x "$app" ] || chmod +x "$app" 2>/dev/null
if [ ! -x "$app" ]; then
  say "no packed app at $app: run scripts/gpu-pack.sh on the build machine and carry .gpu"
  status=3; exit
fi
torch_dir=${TORCH_DIR:-$(${PYTHON:-python3} -c "import torch,os;print(os.path.dirname(torch.__file__))" 2>/dev/null)}
if [ -z "$torch_dir" ] || [ ! -e "$torch_dir/lib/libtorch_cpu.so" ]; then
  say "no PyTorch found (python3 cannot import torch, or $torch_dir/lib/libtorch_cpu.so is missing); set TORCH_DIR"
  status=3; exit
fi
torch_lib=$torch_dir/lib
{
  echo "torch_dir: $torch_dir"
  ${PYTHON:-python3} - <<'EOF' 2>&1 || echo "torch: (python3 could not describe it)"
import torch
print("torch:", torch.__version__, "| cuda:", torch.version.cuda, "| cxx11 abi:", torch._C._GLIBCXX_USE_CXX11_ABI)
if torch.cuda.is_available():
    p = torch.cuda.get_device_properties(0)
    print("gpu:", p.name, "| capability", f"{p.major}.{p.minor}", "|", round(p.total_memory / 2**30, 1), "GiB |", p.multi_processor_count, "SMs")
EOF
  command -v nvidia-smi >/dev/null && echo "driver: $(nvidia-smi --query-gpu=driver_version,name --format=csv,noheader 2>&1 | head -1)"
  echo "glibc: $(ldd --version 2>&1 | head -1)"
  libstdcxx=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  echo "libstdc++: $libstdcxx; GLIBCXX_3.4.32 (TorchSharp needs it): $(grep -c GLIBCXX_3.4.32 "$libstdcxx" 2>/dev/null || echo '?')"
  echo "compilers: $(g++ --version 2>/dev/null | head -1 || echo 'no g++'); $(cmake --version 2>/dev/null | head -1 || echo 'no cmake'); $(nvcc --version 2>/dev/null | tail -1 || echo 'no nvcc')"
  echo "torch/lib: $(ls "$torch_lib" | tr '\n' ' ')"
  undefined=$(LD_LIBRARY_PATH="$torch_lib" ldd -r "$pack/shim-prebuilt/libLibTorchSharp.so" 2>&1 | grep -c 'undefined symbol')
  echo "prebuilt shim (TorchSharp 0.107.0, libtorch 2.10): ldd -r against this libtorch: $undefined undefined symbols"
  LD_LIBRARY_PATH="$torch_lib" ldd -r "$pack/shim-prebuilt/libLibTorchSharp.so" 2>&1 | grep 'undefined symbol' \
    | awk '{print $3}' | { command -v c++filt >/dev/null && c++filt || cat; } | sed 's/^/  undefined: /'
  LD_LIBRARY_PATH="$torch_lib" ldd "$pack/shim-prebuilt/libLibTorchSharp.so" 2>&1 | grep 'not found' | sed 's/^[[:space:]]*/  missing: /'
  # TorchSharp loads libtorch_cuda.so by name; its CUDA libraries come through its own RPATH.
  [ -e "$torch_lib/libtorch_cuda.so" ] && echo "libtorch_cuda.so dependencies not found: $(ldd "$torch_lib/libtorch_cuda.so" 2>&1 | grep -c 'not found')"
} > "$out/env.txt" 2>&1
cat "$out/env.txt"

# The app finds libtorch_cpu/libtorch_cuda/libLibTorchSharp by name through LD_LIBRARY_PATH (TorchSharp's
# NativeLibrary.TryLoad probes the app folder, then the system loader). NUGET_PACKAGES points nowhere so that TorchSharp's
# last resort, a NuGet cache's CPU libtorch, can never be picked up silently.
run_app() { # $1 = shim dir, $2 = timeout s, rest = app arguments
  local dir=$1 limit=$2; shift 2
  LD_LIBRARY_PATH="$torch_lib:$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" NUGET_PACKAGES=/nonexistent DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    timeout --kill-after=10 "$limit" "$app" gpu-check "$@"
}

quick=()
[ "${QUICK:-0}" = 1 ] && quick=(--quick)
smoke() { # $1 = shim dir, $2 = label; one bf16 training step exercises autograd, the flat optimizer and bf16 copies
  say "smoke test of the $2 shim"
  run_app "$1" 180 --device "$device" --quick --sections env,train --train tiny:4 --train-precision bf16 \
    --train-steps 1 --train-warmup 0 --tag "0-smoke-$2" --out "$work/smoke" > "$work/smoke-$2.log" 2>&1
  local rc=$?
  cat "$work/smoke-$2.log"
  if [ $rc -eq 0 ] && grep -q '→ sane' "$work/smoke-$2.log"; then
    echo "$2 shim smoke test: passed" >> "$out/env.txt"
    return 0
  fi
  local why="exit $rc"
  [ $rc -ge 128 ] && why="$why (signal $((rc - 128)))"
  {
    echo "$2 shim smoke test: FAILED, $why; last lines:"
    # The loader's or the runtime's own words (undefined symbol, signal and backtrace, exception), not our progress lines.
    grep -v -E '^\[[0-9:.]+\] gpu-check' "$work/smoke-$2.log" | grep -v 'gpu-check.sh: line' | tail -8 | sed 's/^/  | /'
  } >> "$out/env.txt"
  return 1
}

# ---- 2./3. a shim that works with this libtorch ----
if [ "$shim_mode" != build ] && smoke "$pack/shim-prebuilt" prebuilt; then
  shim_dir=$pack/shim-prebuilt
  shim_note="prebuilt TorchSharp 0.107.0 shim (built for libtorch 2.10) passed its smoke test on this libtorch"
elif [ "$shim_mode" != prebuilt ]; then
  say "building the shim from third_party/torchsharp-native against $torch_dir"
  timeout $(( hard - $(elapsed) - 200 > 60 ? hard - $(elapsed) - 200 : 60 )) scripts/gpu-build-shim.sh "$torch_dir" "$work/shim-built" "$(nproc)"
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "shim build from source: built in $(grep -o 'in [0-9]* s' "$work/shim-built/build.log" | tail -1)" >> "$out/env.txt"
    if smoke "$work/shim-built" built; then
      shim_dir=$work/shim-built
      shim_note="TorchSharp 0.107.0 shim built here against this libtorch"
    fi
  elif [ $rc -eq 124 ]; then
    echo "shim build from source: FAILED, timed out ($(ls "$work"/shim-built/obj/*.o 2>/dev/null | wc -l) objects compiled)" >> "$out/env.txt"
  else
    { echo "shim build from source: FAILED, exit $rc; first errors:"; grep -m 10 'error:' "$work/shim-built/build.log" | sed 's/^/  | /'; } >> "$out/env.txt"
  fi
  [ -f "$work/shim-built/build.log" ] && cp "$work/shim-built/build.log" "$out/shim-build.log"
fi
if [ -z "$shim_dir" ]; then
  say "no TorchSharp shim works with the libtorch in $torch_dir: see env.txt (ldd -r, smoke-test errors) and shim-build.log"
  status=4; exit
fi
cp "$work"/smoke/*.md "$parts/" 2>/dev/null
cp "$work"/smoke/*.json "$parts/" 2>/dev/null

# ---- 4. the measurements, one process each ----
if command -v nvidia-smi >/dev/null && [ "$device" != cpu ]; then
  nvidia-smi --query-gpu=timestamp,memory.used,utilization.gpu,clocks.sm,power.draw --format=csv,noheader,nounits -lms 250 \
    > "$out/nvidia-smi.csv" 2>/dev/null &
  smi_pid=$!
fi
part() { # $1 = tag (N-name), $2 = timeout s, rest = arguments
  local tag=$1 limit=$2; shift 2
  case " ${PARTS:-1 2 3 4 5 6 7} " in *" ${tag%%-*} "*) ;; *) return ;; esac
  local left=$(( hard - $(elapsed) - 5 ))
  if [ "$(elapsed)" -gt "$budget" ] || [ "$left" -lt 30 ]; then
    say "skipping $tag: the run is past its budget of $budget s"
    status=5; return
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  say "part $tag"
  run_app "$shim_dir" "$limit" --device "$device" ${quick[@]+"${quick[@]}"} --tag "$tag" --out "$parts" "$@"
  local rc=$?
  if [ $rc -ne 0 ]; then
    say "part $tag exited $rc"
    [ $status -eq 0 ] && status=1
  fi
}
# Sizes for an H100/H200 (80-141 GB); QUICK=1 keeps the quick defaults' tiny sizes for a CPU rehearsal.
if [ "${QUICK:-0}" = 1 ]; then train_s=(--train tiny:8); train_l=(--train tiny:8); else train_s=(--train vit_s16:128); train_l=(--train vit_l16:32); fi
part 1-ceiling 120 --sections env,ceiling
part 2-embed-vits16 150 --sections embed --embed vit_small/16
part 3-embed-vitl16 180 --sections embed --embed vit_large/16
part 4-train-vits16-bf16 150 --sections train "${train_s[@]}" --train-precision bf16
part 5-train-vits16-fp32 150 --sections train "${train_s[@]}" --train-precision fp32
part 6-train-vitl16-bf16 180 --sections train "${train_l[@]}" --train-precision bf16
part 7-compare 240 --sections compare
