"""One line per sweep.py result: one-step loss, controllability proxy, sensitivity, and the PSNR margin
over copy-last-frame (dB) at each reported horizon. usage: summarise.py results.jsonl"""
import json
import sys

for line in open(sys.argv[1]):
    r = json.loads(line)
    margin = ' '.join(f"{h}:{r['psnr_model'][h] - r['psnr_copy'][h]:+.2f}" for h in r['psnr_model'])
    ctrl = ' '.join(f"{v:.2f}" for v in r['ctrl_swap'].values())
    steps = f"{r['steps']}" + (f"+{r['pixft']}px" if r.get('pixft') else '')
    print(f"{r['name']:<14} {steps:>10} {r['train_s']:5.0f}s loss {r['one_step']:.4f} ctrl {ctrl} sens {r['sensitivity']:.2f} "
          f"upto {r['beats_copy_upto']:2d} {margin}")
    c = r.get('control')
    if c:
        print(' ' * 15 + ' '.join(f"{m}: {v['all']:.3f} (lon {v['lon']:.3f}, lat {v['lat']:.3f}, lat margin {v['lat_margin']:.0f})" for m, v in c.items() if m != 'pairs'))
