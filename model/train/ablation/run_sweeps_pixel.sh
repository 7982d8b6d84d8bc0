#!/bin/bash
# The 2026-11-27 (session 13) sweep: a pixel-space loss through the frozen decoder (sweep.py pix=W),
# from the first step or as a short fine-tune after the shipped recipe (pixft=N, affordable on the
# CPU: ~0.15 steps/s there), on a 16x16x8 pack with eval-model's val control pairs.
# usage: OUT=dir run_sweeps_pixel.sh PACKDIR   (each run gets BUDGET seconds of training, 380 unless set)
cd "$(dirname "$0")"
P=$1
export OMP_NUM_THREADS=1
B=${BUDGET:-380}
s() { timeout $((B + 90)) python3 sweep.py "$P" "$OUT" "$@" budget=$B > "$OUT/$1.log" 2>&1; }
R="norm=1 patch=1 noise=0.1 ctx=2 unroll=3"
s X_base 3000 $R &
s X_base_s2 3000 $R seed=2 &
s X_p100 3000 $R pix=100 &
s X_p100_s2 3000 $R pix=100 seed=2 &
s X_p1000 3000 $R pix=1000 &
s X_ft300 3000 $R pix=100 pixft=300 &
s X_ft300_s2 3000 $R pix=100 pixft=300 seed=2 &
s X_ft1000 3000 $R pix=100 pixft=1000 &
s X_ft300_p1000 3000 $R pix=1000 pixft=300 &
s X_ft300_lr2e3 3000 $R pix=100 pixft=300 ftlr=2e-3 &
s X_u6_p100 3000 norm=1 patch=1 noise=0.1 ctx=2 unroll=6 pix=100 &
s X_p100_m50 3000 $R pix=100 man=0.5 &
wait
python3 summarise.py "$OUT/results.jsonl"
