#!/bin/bash
# The 2026-11-26 sweep as it ran on a lent H200 (84 s for the seven 3,000-step variants, four at a time;
# the two 10,000-step runs next to them: the base one finished in 125 s, the unrolled one was cut at 170 s).
# usage: OUT=dir run_sweep.sh PACKDIR   (PACKDIR from pack_latents.py)
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
L=${LIMIT:-120}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@"; }
( s D_np_n02 3000 norm=1 patch=1 noise=0.2; s A_base 3000 noise=0.7 ) > "$OUT/l1.txt" 2>&1 &
( s F_np_n02_u2 3000 norm=1 patch=1 noise=0.2 unroll=2 ) > "$OUT/l2.txt" 2>&1 &
( s C_np 3000 norm=1 patch=1 noise=0.7; s E_np_n005 3000 norm=1 patch=1 noise=0.05 ) > "$OUT/l3.txt" 2>&1 &
( s B_norm 3000 norm=1 noise=0.7; s J_np_n02_l4 3000 norm=1 patch=1 noise=0.2 layers=4 ) > "$OUT/l4.txt" 2>&1 &
( L=170 s I_np_n02_u2_10k 10000 norm=1 patch=1 noise=0.2 unroll=2 ) > /dev/null 2>&1 &
( L=170 s H_base_10k 10000 noise=0.7 ) > /dev/null 2>&1 &
wait
