#!/bin/bash
# The 2026-11-26 (session 8) sweep against weak control, scored by eval-model's own controllability
# pairs (pack_latents.py CONTROL): manoeuvre-rich window sampling (man=P), longer unrolls, depth,
# width, history dropout, more steps; each next to the shipped recipe (K = 2, unroll 3, noise 0.1).
# usage: OUT=dir run_sweeps_control.sh PACKDIR [seeds]   (seeds: base, man 0.25 and 0.5 over four seeds)
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
L=${LIMIT:-420}
s() { timeout "$L" python3 sweep.py "$P" "$OUT" "$@" > "$OUT/$1.log" 2>&1; }
R="norm=1 patch=1 noise=0.1 ctx=2"
if [ "$2" = seeds ]; then   # the CPU-affordable choice, four seeds each: 12 runs at once, 3,000 steps
  for seed in 11 12 13 14; do
    s C_base_s$seed 3000 $R unroll=3 seed=$seed &
    s C_m25_s$seed 3000 $R unroll=3 man=0.25 seed=$seed &
    s C_m50_s$seed 3000 $R unroll=3 man=0.5 seed=$seed &
  done
  wait; python3 summarise.py "$OUT/results.jsonl"; exit
fi
s C_base 3000 $R unroll=3 &
s C_m25 3000 $R unroll=3 man=0.25 &
s C_m50 3000 $R unroll=3 man=0.5 &
s C_m75 3000 $R unroll=3 man=0.75 &
s C_u6 3000 $R unroll=6 &
s C_u6_m50 3000 $R unroll=6 man=0.5 &
s C_h50_m50 3000 $R unroll=3 hist=0.5 man=0.5 &
s C_l4_m50 3000 $R unroll=3 layers=4 man=0.5 &
s C_d192_m50 3000 $R unroll=3 dim=192 man=0.5 &
s C_base_6k 6000 $R unroll=3 &
s C_m50_6k 6000 $R unroll=3 man=0.5 &
s C_n005_m50 3000 norm=1 patch=1 noise=0.05 ctx=2 unroll=3 man=0.5 &
wait
python3 summarise.py "$OUT/results.jsonl"
