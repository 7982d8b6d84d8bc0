/**
 * "Did you mean" suggestions for misspelt names (fields, lanes, actors, parameters, functions).
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * letters (the optimal string alignment variant of Damerau 1964 / Levenshtein 1966), so that the
 * commonest typo, `mrege` for `merge`, costs one edit. Dynamic programme over three rows.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest candidate, or undefined when none is close: at most a third of the word's length
 * may differ, which catches typos and US/UK spellings but not unrelated words (and suggests
 * nothing for one- or two-letter words beyond a difference of case). Failing that, a name the
 * word abbreviates.
 * Names are also compared ignoring case (`Lane1` suggests `lane1`).
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const budget = Math.floor(word.length / 3);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word || numberedSiblings(word, candidate)) continue;
    const distance = Math.min(editDistance(word, candidate), editDistance(word.toLowerCase(), candidate.toLowerCase()));
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? abbreviated(word, candidates);
}

/** `lane9` and `lane0` differ only in their number: suggesting one for the other would mislead. */
function numberedSiblings(a: string, b: string): boolean {
  const stem = (s: string) => s.replace(/[0-9]+/g, '#');
  return /[0-9]/.test(a) && stem(a) === stem(b);
}

/** Shortest candidate that `word` abbreviates (same first letter, letters in order: spd -> speed). */
function abbreviated(word: string, candidates: Iterable<string>): string | undefined {
  const MIN_ABBREVIATION_LENGTH = 3; // shorter words are subsequences of too many names
  if (word.length < MIN_ABBREVIATION_LENGTH) return undefined;
  let best: string | undefined;
  for (const candidate of candidates) {
    if (candidate[0] !== word[0] || candidate.length <= word.length) continue;
    let i = 0;
    for (const ch of candidate) if (ch === word[i]) i++;
    if (i === word.length && (best === undefined || candidate.length < best.length)) best = candidate;
  }
  return best;
}

/** ` (did you mean 'x'?)` or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const suggestion = closestName(word, candidates);
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
}

/** `a, b, c` with at most `limit` names (then `, ... (N more)`), for messages that list the choices. */
export function listNames(names: readonly string[], limit = 12): string {
  if (names.length <= limit) return names.join(', ');
  return `${names.slice(0, limit).join(', ')}, ... (${names.length - limit} more)`;
}
