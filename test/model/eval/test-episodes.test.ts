import { episodeConfigOf } from '../../../model/dataset/dataset-config';
import { generateEpisode } from '../../../model/dataset/episode';
import { drawFamily, episodeRng } from '../../../model/dataset/episode-plan';
import { loadLibraryScenarios } from '../../../model/dataset/generate';
import { HELD_OUT_FAMILIES, splitOf } from '../../../model/dataset/splits';
import { describeFilter, episodeFamilies, EpisodeSourceError, loadEvalEpisode, parseFamilies, splitEpisodes, type EpisodeSourceOptions } from '../../../model/eval/test-episodes';

const library = loadLibraryScenarios();
/** Short episodes keep the test fast; the draw depends on steps, so every use here shares them. */
const source: EpisodeSourceOptions = { seed: 0, steps: 12, widthPx: 32, heightPx: 32, supersample: 2, library, split: 'test' };

describe('test-split episode source', () => {
  it('keeps only episodes of the held-out families, in index order, and skips none of them', () => {
    const refs = splitEpisodes(0, 'test', 12, library);
    expect(refs).toHaveLength(12);
    for (const r of refs) expect(HELD_OUT_FAMILIES).toContain(r.family);
    // Every index below the last kept one that is not kept belongs to another split.
    const kept = new Set(refs.map((r) => r.index));
    for (let i = 0; i < refs[refs.length - 1].index; i++) {
      const family = drawFamily(episodeRng(0, i), library);
      expect(kept.has(i)).toBe(splitOf(0, i, family) === 'test');
    }
    expect(refs.map((r) => r.index)).toEqual([...refs.map((r) => r.index)].sort((a, b) => a - b));
  });

  it('keeps only the families a filter asks for, or all but those it excludes, as the same split minus the others', () => {
    const all = splitEpisodes(0, 'train', 60, library);
    const only = splitEpisodes(0, 'train', 6, library, { only: ['procedural:merge', 'library:cut_in'] });
    expect(only).toEqual(all.filter((r) => r.family === 'procedural:merge' || r.family === 'library:cut_in').slice(0, 6));
    const rest = splitEpisodes(0, 'train', 20, library, { except: ['procedural:straight'] });
    expect(rest).toEqual(all.filter((r) => r.family !== 'procedural:straight').slice(0, 20));
    expect(() => splitEpisodes(0, 'train', 3, library, { only: ['library:stop_and_go'] })).toThrow(/no 3 episodes of split 'train' of families library:stop_and_go among the first 3000 indices/);
    expect(describeFilter({ only: ['a'], except: ['b'] })).toBe('families a but b');
    expect(describeFilter({ except: ['b', 'c'] })).toBe('all families but b, c');
    expect(describeFilter({})).toBe('all families');
  });

  it('names the families there are when asked for one that is not', () => {
    const known = episodeFamilies(library);
    expect(known).toEqual(expect.arrayContaining(['library:cut_in', 'procedural:s_bend', ...HELD_OUT_FAMILIES]));
    expect(parseFamilies('library:cut_in, procedural:merge', '--family', library)).toEqual(['library:cut_in', 'procedural:merge']);
    expect(() => parseFamilies('library:cut_in,cut_in', '--family', library)).toThrow(EpisodeSourceError);
    expect(() => parseFamilies('cut_in', '--family', library)).toThrow(`--family: no family 'cut_in' (families: ${known.join(', ')})`);
  });

  it('never puts a held-out family in the train or val split', () => {
    for (const split of ['train', 'val'] as const) {
      for (const r of splitEpisodes(3, split, 15, library)) expect(HELD_OUT_FAMILIES).not.toContain(r.family);
    }
  });

  it('is deterministic: the same seed gives the same episodes and the same bytes', () => {
    expect(splitEpisodes(5, 'test', 6, library)).toEqual(splitEpisodes(5, 'test', 6, library));
    const ref = splitEpisodes(0, 'test', 1, library)[0];
    const a = loadEvalEpisode(source, ref, 8);
    const b = loadEvalEpisode(source, ref, 8);
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect(a.future).toEqual(b.future);
    expect(a.layout).toEqual(b.layout);
  });

  it('gives the frames, futures and layouts the dataset generator writes for the same episode', () => {
    const ref = splitEpisodes(0, 'test', 2, library)[1];
    const e = loadEvalEpisode(source, ref, 10);
    const d = generateEpisode(episodeConfigOf({ episodes: 1, seed: 0, steps: 12, widthPx: 32, heightPx: 32, shardEpisodes: 1, supersample: 2 }, library), ref.index);
    expect(d.meta.family).toBe(ref.family);
    const frameBytes = 32 * 32 * 3;
    expect(Buffer.from(e.rgb).equals(Buffer.from(d.frames.subarray(0, 10 * frameBytes)))).toBe(true);
    expect(e.future).toEqual(d.future.subarray(0, e.future.length));
    expect(e.futureValid).toEqual(d.futureValid.subarray(0, e.futureValid.length));
    expect(e.layout).toEqual(d.layout.subarray(0, e.layout.length));
    // The last frames' futures run past the episode's end, as in the dataset: zero-padded, invalid.
    expect(e.futureValid[9 * e.futureSteps + 2]).toBe(0);
    expect(e.worlds).toHaveLength(10);
    expect(e.worlds[0].step).toBe(0);
  });

  it('refuses more frames than an episode has, saying what to change', () => {
    const ref = splitEpisodes(0, 'test', 1, library)[0];
    expect(() => loadEvalEpisode(source, ref, 13)).toThrow(EpisodeSourceError);
    expect(() => loadEvalEpisode(source, ref, 13)).toThrow(/13 frames asked for, but episodes have 12 \(raise --steps or lower --horizon\)/);
    expect(() => splitEpisodes(0, 'test', 0, library)).toThrow(/count must be an integer >= 1/);
  });
});
