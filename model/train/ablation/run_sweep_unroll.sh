#!/bin/bash
# The 2026-11-26 (session 5) third sweep: around the chosen K = 2, unroll 3 recipe (lr, noise, depth,
# unroll 4, K = 3, steps). usage: OUT=dir run_sweep_unroll.sh PACKDIR
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
L=${LIMIT:-300}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@" > /dev/null 2>&1; }
R="norm=1 patch=1 ctx=2"
s U_k2_u3 3000 $R noise=0.1 unroll=3 &
s U_k2_u3_lr3 3000 $R noise=0.1 unroll=3 lr=3e-3 &
s U_k2_u4 3000 $R noise=0.1 unroll=4 &
s U_k3_u3 3000 norm=1 patch=1 ctx=3 noise=0.1 unroll=3 &
s U_k2_u3_4k 4000 $R noise=0.1 unroll=3 &
s U_k2_u3_n02 3000 $R noise=0.2 unroll=3 &
s U_k2_u3_n005 3000 $R noise=0.05 unroll=3 &
s U_k2_u3_l4 3000 $R noise=0.1 unroll=3 layers=4 &
s U_k2_u3_h25 3000 $R noise=0.1 unroll=3 hist=0.25 &
wait
python3 summarise.py "$OUT/results.jsonl"
