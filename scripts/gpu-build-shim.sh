#!/usr/bin/env bash
# Builds TorchSharp's native shim (libLibTorchSharp.so) from the vendored 0.107.0 sources against a given libtorch,
# e.g. the one inside a PyTorch install. libtorch has no stable C++ ABI across minor versions (docs/gpu.md records a
# crash of the prebuilt 2.10 shim on PyTorch 2.6), so the shim must match the libtorch it runs against.
#
#   scripts/gpu-build-shim.sh TORCH_DIR OUT_DIR [JOBS]
#     TORCH_DIR  a PyTorch package folder (holds include/ and lib/), e.g. $(python3 -c "import torch,os;print(os.path.dirname(torch.__file__))")
#     OUT_DIR    receives libLibTorchSharp.so and build.log
# Env: CXX (default g++), CXX11_ABI (0/1; default: asked of python3's torch, else 1), SHIM_SRC (default third_party/torchsharp-native).
# Exit codes: 0 built; 2 usage; 3 no compiler or headers; 4 compile or link failed (first errors printed, all in build.log).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; fi
torch_dir=$1
out=$2
jobs=${3:-$(nproc)}
src=${SHIM_SRC:-third_party/torchsharp-native}
cxx=${CXX:-g++}
mkdir -p "$out/obj"
log="$out/build.log"
: > "$log"

command -v "$cxx" >/dev/null 2>&1 || { echo "gpu-build-shim: no C++ compiler '$cxx' on PATH" | tee -a "$log" >&2; exit 3; }
for d in "$torch_dir/include/torch/csrc/api/include" "$torch_dir/lib"; do
  [ -d "$d" ] || { echo "gpu-build-shim: $d is missing: TORCH_DIR must be a PyTorch package folder with include/ and lib/" | tee -a "$log" >&2; exit 3; }
done
[ -f "$src/LibTorchSharp/THSTensor.cpp" ] || { echo "gpu-build-shim: shim sources not found under $src" | tee -a "$log" >&2; exit 3; }

abi=${CXX11_ABI:-}
if [ -z "$abi" ]; then
  abi=$(python3 -c "import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))" 2>/dev/null || echo 1)
fi

# Upstream's flags (src/Native/CMakeLists.txt): C++17, PIC, hidden visibility with EXPORT_API marking the C entry points.
flags=(-std=c++17 -O2 -fPIC -fvisibility=hidden -fstack-protector-strong -D_GLIBCXX_USE_CXX11_ABI="$abi"
       -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -DNDEBUG -Wno-deprecated-declarations
       -isystem "$torch_dir/include" -isystem "$torch_dir/include/torch/csrc/api/include")
{
  echo "# $(date -u +%FT%TZ) building libLibTorchSharp.so: $("$cxx" --version | head -1), CXX11_ABI=$abi, $jobs jobs"
  echo "# torch: $torch_dir"
} | tee -a "$log"

start=$(date +%s)
export cxx src out
export flags_str="${flags[*]}"
compile_one() {
  f=$1
  o="$out/obj/$(basename "$f").o"
  case "$f" in
    *.c) ${CC:-gcc} -O2 -fPIC -fvisibility=hidden -c "$f" -o "$o" ;;
    *) $cxx $flags_str -c "$f" -o "$o" ;;
  esac > "$o.log" 2>&1 || { echo "FAILED $f"; cat "$o.log" >> "$out/build.log"; return 1; }
}
export -f compile_one
# One compiler per source file, as many at once as there are jobs; every file is tried so the log lists all failures.
find "$src/LibTorchSharp" -name '*.cpp' -o -name '*.c' | sort | xargs -P "$jobs" -I{} bash -c 'compile_one "$@"' _ {} | tee -a "$log"
if grep -q '^FAILED' "$log"; then
  echo "gpu-build-shim: compile failed after $(( $(date +%s) - start )) s; first errors:" >&2
  grep -m 20 -E 'error:' "$log" >&2
  exit 4
fi

# -Bsymbolic as upstream: the shim's own symbols bind inside the shim. RUNPATH $ORIGIN plus the libtorch it was built against.
if ! "$cxx" -shared -o "$out/libLibTorchSharp.so" "$out"/obj/*.o -L"$torch_dir/lib" -ltorch -ltorch_cpu -lc10 \
     -Wl,-Bsymbolic -Wl,-Bsymbolic-functions -Wl,--build-id=sha1 -Wl,-rpath,'$ORIGIN' -Wl,-rpath,"$torch_dir/lib" >> "$log" 2>&1; then
  echo "gpu-build-shim: link failed; see $log" >&2
  tail -20 "$log" >&2
  exit 4
fi
echo "gpu-build-shim: built $out/libLibTorchSharp.so in $(( $(date +%s) - start )) s" | tee -a "$log"
