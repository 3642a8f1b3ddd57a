#!/usr/bin/env bash
# Side-by-side A/B against the official DINOv2 modules in PyTorch on the same work (../shared/reference/pytorch-side):
# alternate fresh processes of each side, ROUNDS rounds per case, print one line per round (medians, ratio, 1-minute
# load) and the median ratio with its range. Set up the PyTorch side once (root): ../shared/reference/pytorch-side/README.md.
#   benchmarks/side-by-side/run.sh [rounds=5] [threads=2] [cases...]   cases: embed-s embed-l step-tiny step-vits16
# Needs: the benchmarks built (dotnet build -c Release benchmarks/CellDino.Benchmarks), DINOV2_SRC with the official source.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"; threads="${2:-2}"; shift $(( $# > 2 ? 2 : $# )) || true
cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(embed-s embed-l step-tiny step-vits16)
bench="dotnet benchmarks/CellDino.Benchmarks/bin/Release/net10.0/CellDino.Benchmarks.dll"
ref="/usr/bin/python3 ../shared/reference/pytorch-side/ref_perf.py"
export DINOV2_SRC="${DINOV2_SRC:-/tmp/dinov2-src}"
median() { python3 -c 'import json,sys; print(round(json.loads(sys.stdin.readlines()[-1])["median_ms"], 2))'; }
for c in "${cases[@]}"; do
  case "$c" in
    embed-s)    cd_args="embed s 32 5 $threads";        pt_args="embed --arch s --batch 32 --reps 5 --threads $threads" ;;
    embed-l)    cd_args="embed l 32 2 $threads";        pt_args="embed --arch l --batch 32 --reps 2 --threads $threads" ;;
    step-tiny)  cd_args="step tiny-ref 40 $threads";    pt_args="step --preset tiny --reps 40 --threads $threads" ;;
    step-vits16) cd_args="step vit_s16 5 $threads";     pt_args="step --preset vit_s16 --reps 5 --threads $threads" ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  ratios=()
  for ((r = 1; r <= rounds; r++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    a=$($bench $cd_args | median)
    # The OpenBLAS core-type pins of this workplace's shell are not PyTorch's defaults: each side runs as installed.
    b=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $ref $pt_args 2>/dev/null | median)
    ratio=$(python3 -c "print(round($a / $b, 3))")
    ratios+=("$ratio")
    echo "$c round $r: CellDino $a ms, PyTorch $b ms, ratio $ratio, load $load"
  done
  printf '%s\n' "${ratios[@]}" | python3 -c "import sys,statistics as s; v=[float(x) for x in sys.stdin]; print(f'$c: median ratio {s.median(v):.3f} (rounds {min(v):.3f}-{max(v):.3f})')"
done
