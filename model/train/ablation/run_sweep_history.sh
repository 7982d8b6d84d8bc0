#!/bin/bash
# The 2026-11-26 (session 5) sweep against causal confusion: history dropout, adaLN conditioning and a
# shorter context, each next to the shipped recipe (norm, patch, noise 0.1, unroll 2), 3,000 steps.
# usage: OUT=dir run_sweep_history.sh PACKDIR   (PACKDIR from pack_latents.py)
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
L=${LIMIT:-300}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@" > "$OUT/$1.txt" 2>&1; }
R="norm=1 patch=1 noise=0.1 unroll=2"
s S_base 3000 $R &
s S_h25 3000 $R hist=0.25 &
s S_h50 3000 $R hist=0.5 &
s S_h75 3000 $R hist=0.75 &
s S_ada 3000 $R adaln=1 &
s S_ada_h50 3000 $R adaln=1 hist=0.5 &
s S_k2 3000 $R ctx=2 &
s S_k2_h50 3000 $R ctx=2 hist=0.5 &
s S_h50_n02 3000 norm=1 patch=1 noise=0.2 unroll=2 hist=0.5 &
wait
