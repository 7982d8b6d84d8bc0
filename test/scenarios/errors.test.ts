import { formatIssue, formatPath, IssueSink, SpecError } from '../../scenarios/errors';

describe('formatPath', () => {
  it.each([
    [['actors', 2, 'behaviour', 'target_lane'], 'actors[2].behaviour.target_lane'],
    [[], ''],
    [['events', 0, 'actions', 1], 'events[0].actions[1]'],
  ])('%j -> %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('IssueSink and SpecError', () => {
  const locate = (path: readonly (string | number)[], atKey = false) => ({ line: path.length + 1, col: atKey ? 1 : 5 });

  it('collects every issue with its position, then throws them together', () => {
    const sink = new IssueSink('s.yaml', locate);
    sink.error(['duration'], 'must be greater than 0, got -1');
    sink.warn(['dt'], 'odd step');
    sink.error(['actors', 0, 'colour'], "unknown field 'colour'", { atKey: true, detail: 'fields: id, class' });
    expect(sink.errorCount).toBe(2);
    let error: SpecError | undefined;
    try {
      sink.throwIfErrors();
    } catch (e) {
      error = e as SpecError;
    }
    expect(error?.issues).toHaveLength(3);
    expect(error?.message).toBe(
      [
        'invalid scenario spec (2 errors):',
        's.yaml:2:5: error: duration: must be greater than 0, got -1',
        's.yaml:2:5: warning: dt: odd step',
        "s.yaml:4:1: error: actors[0].colour: unknown field 'colour'",
        '  fields: id, class',
      ].join('\n'),
    );
  });

  it('does not throw for warnings alone', () => {
    const sink = new IssueSink('s.yaml');
    sink.warn([], 'just so you know');
    expect(() => sink.throwIfErrors()).not.toThrow();
  });

  it('leaves out an unknown position and an empty path', () => {
    expect(formatIssue({ file: 'x.yaml', path: '', line: 0, col: 0, message: 'too big', severity: 'error' })).toBe('x.yaml: error: too big');
  });
});
