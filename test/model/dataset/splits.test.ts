import { buildManifest } from '../../../model/dataset/manifest';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { HELD_OUT_FAMILIES, splitOf } from '../../../model/dataset/splits';
import { drawFamily, episodeRng } from '../../../model/dataset/episode-plan';

describe('splits', () => {
  it.each(HELD_OUT_FAMILIES.map((f) => [f]))('puts every episode of the held-out family %s in test', (family) => {
    for (let i = 0; i < 20; i++) expect(splitOf(1, i, family)).toBe('test');
  });

  it('puts about a tenth of the other episodes in validation, deterministically', () => {
    const splits = Array.from({ length: 2000 }, (_, i) => splitOf(3, i, 'procedural:straight'));
    const val = splits.filter((s) => s === 'val').length;
    expect(val).toBeGreaterThan(150);
    expect(val).toBeLessThan(250);
    expect(splits.includes('test')).toBe(false);
    expect(Array.from({ length: 2000 }, (_, i) => splitOf(3, i, 'procedural:straight'))).toEqual(splits);
  });

  it('gives a manifest whose test split holds every held-out episode and no other', () => {
    const library = loadLibraryScenarios();
    const args = { episodes: 300, seed: 11, steps: 60, widthPx: 64, heightPx: 64, shardEpisodes: 16, supersample: 2 };
    const m = buildManifest(args, library, false);
    const family = (i: number) => drawFamily(episodeRng(11, i), library);
    expect(m.splits.episodes.test.length).toBeGreaterThan(0);
    for (const i of m.splits.episodes.test) expect(HELD_OUT_FAMILIES).toContain(family(i));
    for (const i of [...m.splits.episodes.train, ...m.splits.episodes.val]) expect(HELD_OUT_FAMILIES).not.toContain(family(i));
    expect(m.shards).toHaveLength(19);
    expect(m.shards.reduce((n, s) => n + s.episodes, 0)).toBe(300);
  });

  it('draws an episode family that does not depend on the episode count', () => {
    const library = loadLibraryScenarios();
    const a = buildManifest({ episodes: 40, seed: 2, steps: 60, widthPx: 64, heightPx: 64, shardEpisodes: 16, supersample: 2 }, library, false);
    const b = buildManifest({ episodes: 80, seed: 2, steps: 60, widthPx: 64, heightPx: 64, shardEpisodes: 16, supersample: 2 }, library, false);
    expect(b.splits.episodes.test.filter((i) => i < 40)).toEqual(a.splits.episodes.test);
  });
});
