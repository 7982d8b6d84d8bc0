#!/bin/bash
# The 2026-11-26 (session 5) sweeps against causal confusion, each variant next to the shipped
# recipe of the time (norm, patch, noise 0.1, unroll 2), as they ran on a lent H200:
#   history  history dropout, adaLN and shorter contexts, 3,000 steps (9 at once: 127 s wall)
#   context  K = 2 and 1, adaLN and unroll 3 on them, 6,000-step runs (11 at once: 195 s)
#   unroll   around K = 2, unroll 3: lr, noise, depth, unroll 4, K = 3, 4,000 steps (9 at once: 175 s)
# usage: OUT=dir run_sweeps_causal.sh history|context|unroll PACKDIR   (PACKDIR from pack_latents.py)
cd "$(dirname "$0")"
P=$2
export OMP_NUM_THREADS=1
L=${LIMIT:-400}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@" > /dev/null 2>&1; }
R="norm=1 patch=1 noise=0.1"
case "$1" in
  history)
    s S_base 3000 $R unroll=2 &
    s S_h25 3000 $R unroll=2 hist=0.25 &
    s S_h50 3000 $R unroll=2 hist=0.5 &
    s S_h75 3000 $R unroll=2 hist=0.75 &
    s S_ada 3000 $R unroll=2 adaln=1 &
    s S_ada_h50 3000 $R unroll=2 adaln=1 hist=0.5 &
    s S_k2 3000 $R unroll=2 ctx=2 &
    s S_k2_h50 3000 $R unroll=2 ctx=2 hist=0.5 &
    s S_h50_n02 3000 norm=1 patch=1 noise=0.2 unroll=2 hist=0.5 & ;;
  context)
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
    s S_k2_ada_6k 6000 $R unroll=2 ctx=2 adaln=1 & ;;
  unroll)
    U="norm=1 patch=1 ctx=2"
    s U_k2_u3 3000 $U noise=0.1 unroll=3 &
    s U_k2_u3_lr3 3000 $U noise=0.1 unroll=3 lr=3e-3 &
    s U_k2_u4 3000 $U noise=0.1 unroll=4 &
    s U_k3_u3 3000 norm=1 patch=1 ctx=3 noise=0.1 unroll=3 &
    s U_k2_u3_4k 4000 $U noise=0.1 unroll=3 &
    s U_k2_u3_n02 3000 $U noise=0.2 unroll=3 &
    s U_k2_u3_n005 3000 $U noise=0.05 unroll=3 &
    s U_k2_u3_l4 3000 $U noise=0.1 unroll=3 layers=4 &
    s U_k2_u3_h25 3000 $U noise=0.1 unroll=3 hist=0.25 & ;;
  *) echo "usage: OUT=dir $0 history|context|unroll PACKDIR" >&2; exit 2 ;;
esac
wait
python3 summarise.py "$OUT/results.jsonl"
