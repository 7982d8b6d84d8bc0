import { migrate } from '../../scenarios/migrate';

describe('migrate', () => {
  it('upgrades a version 1 document step by step and records each change', () => {
    const v1 = { format: 1, name: 'x', road: { kind: 'straight', length: 10 }, actors: [{ id: 'a', behavior: { type: 'idm' } }, { id: 'b', behaviour: { type: 'parked' } }], pass_if: 'not collision' };
    const result = migrate(v1);
    expect(result).toEqual({
      ok: true,
      fromVersion: 1,
      doc: { version: 2, name: 'x', road: { type: 'straight', length: 10 }, actors: [{ id: 'a', behaviour: { type: 'idm' } }, { id: 'b', behaviour: { type: 'parked' } }], criteria: 'not collision' },
      changes: [
        { path: ['format'], message: expect.stringContaining("write 'version: 2'") },
        { path: ['road', 'kind'], message: expect.stringContaining("'kind' is now 'type'") },
        { path: ['actors', 0, 'behavior'], message: expect.stringContaining("'behavior' is now 'behaviour'") },
        { path: ['pass_if'], message: expect.stringContaining("'pass_if' is now 'criteria'") },
      ],
    });
  });

  it('does not touch the input (pure)', () => {
    const v1 = { format: 1, road: { kind: 'straight' } };
    const copy = JSON.parse(JSON.stringify(v1));
    migrate(v1);
    expect(v1).toEqual(copy);
  });

  it('keeps the key order of the document', () => {
    const result = migrate({ format: 1, name: 'x', pass_if: 'a', duration: 1 });
    expect(result.ok && Object.keys(result.doc)).toEqual(['version', 'name', 'criteria', 'duration']);
  });

  it('leaves a current document as it is (round trip)', () => {
    const doc = { version: 2, name: 'x' };
    expect(migrate(doc)).toEqual({ ok: true, doc, fromVersion: 2, changes: [] });
  });

  it.each([
    [{ version: 3 }, ['version'], 'unsupported format version 3 (this dreamdrive reads versions 1 to 2)'],
    [{ version: 0 }, ['version'], 'unsupported format version 0'],
    [{ version: '2' }, ['version'], "unsupported format version '2'"],
    [{ format: 2 }, ['format'], "'format' was replaced by 'version' in version 2"],
    [{ name: 'x' }, [], "missing 'version' (the current format is version 2)"],
    [{ verison: 2 }, [], "missing 'version' (the current format is version 2) (did you mean 'verison'?)"],
  ])('refuses %j', (doc, path, message) => {
    const result = migrate(doc);
    expect(result).toEqual({ ok: false, path, message: expect.stringContaining(message) });
  });
});
