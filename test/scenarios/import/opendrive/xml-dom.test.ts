import { ImportError } from '../../../../scenarios/import/opendrive/import-issue';
import { childNamed, childrenNamed, parseXml } from '../../../../scenarios/import/opendrive/xml-dom';

describe('parseXml', () => {
  it('keeps attributes, children, line, column and a path with ids or indices', () => {
    const root = parseXml('<a x="1">\n  <b id="7"/>\n  <c/><c>text</c>\n</a>', 'f.xml');
    expect(root).toMatchObject({ name: 'a', attrs: { x: '1' }, line: 1, col: 1, path: 'a' });
    expect(childNamed(root, 'b')).toMatchObject({ line: 2, col: 3, path: 'a/b[id=7]' });
    const cs = childrenNamed(root, 'c');
    expect(cs.map((c) => [c.line, c.col, c.path, c.text])).toEqual([
      [3, 3, 'a/c[0]', ''],
      [3, 7, 'a/c[1]', 'text'],
    ]);
    expect(childNamed(root, 'missing')).toBeNull();
  });

  it.each([
    ['<a><b></a>', 2],
    ['<a>\n<b x="1" x="2"/></a>', 2],
    ['<a></a><b/>', 1],
    ['<a x=1/>', 1],
  ])('rejects malformed XML %p with its line', (xml, line) => {
    let error: unknown = null;
    try {
      parseXml(xml, 'f.xml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ImportError);
    const issue = (error as ImportError).issues[0];
    expect(issue).toMatchObject({ file: 'f.xml', line: expect.any(Number), severity: 'error' });
    expect(issue.line).toBeLessThanOrEqual(line + 1);
    expect(issue.message).toMatch(/^malformed XML: /);
  });

  it('does not expand external entities (no file access from a map)', () => {
    const xml = '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(() => parseXml(xml, 'f.xml')).toThrow(ImportError);
  });
});
