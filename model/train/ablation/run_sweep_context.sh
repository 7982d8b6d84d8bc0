#!/bin/bash
# The 2026-11-26 (session 5) second sweep: shorter contexts (K = 2 costs half the tokens), adaLN and
# longer unrolls on them, and 6,000-step runs to see how each scales; every variant next to the
# shipped recipe (norm, patch, noise 0.1, unroll 2). usage: OUT=dir run_sweep_context.sh PACKDIR
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
L=${LIMIT:-400}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@" > /dev/null 2>&1; }
R="norm=1 patch=1 noise=0.1"
s S_base 3000 $R unroll=2 &
s S_k2 3000 $R unroll=2 ctx=2 &
s S_ada 3000 $R unroll=2 adaln=1 &
s S_k2_ada 3000 $R unroll=2 ctx=2 adaln=1 &
s S_k2_ada_u3 3000 $R unroll=3 ctx=2 adaln=1 &
s S_k2_u3 3000 $R unroll=3 ctx=2 &
s S_k1 3000 $R unroll=2 ctx=1 &
s S_k2_lr3 3000 $R unroll=2 ctx=2 lr=3e-3 &
s S_base_6k 6000 $R unroll=2 &
s S_k2_6k 6000 $R unroll=2 ctx=2 &
s S_k2_ada_6k 6000 $R unroll=2 ctx=2 adaln=1 &
wait
python3 summarise.py "$OUT/results.jsonl"
