/** YAML edits from the viewer change the edited value and not one other character. */
import { appendYamlItem, deleteYamlNode, setYamlValue, setYamlValues } from '../../viewer/src/yaml-edit';

const SPEC = `version: 2
name: demo # a comment stays
description: >
  A folded description that is long enough that a re-write would fold it at another column, which must not happen.
tags: [highway, cut-in]
duration: 12
ego:
  start: { lane: lane1, s: 50, speed: ego_speed }
  trajectory:
    - { t: 0, lane: lane1, s: 50 }
    - { t: 2, lane: lane1, s: 100 }
actors:
  - id: lead
    start: { lane: lane1, s: "50 + gap" }
    behaviour: { type: idm }
`;

describe('setYamlValue', () => {
  test.each([
    ['a block scalar', ['duration'], 20, SPEC.replace('duration: 12', 'duration: 20')],
    ['a scalar in a flow map', ['ego', 'start', 's'], 62.5, SPEC.replace('start: { lane: lane1, s: 50, speed', 'start: { lane: lane1, s: 62.5, speed')],
    ['an expression string', ['actors', 0, 'start', 's'], '60 + gap', SPEC.replace('"50 + gap"', '60 + gap')],
    ['a new key in a flow map', ['ego', 'trajectory', 1, 'd'], 1.75, SPEC.replace('- { t: 2, lane: lane1, s: 100 }', '- { t: 2, lane: lane1, s: 100, d: 1.75 }')],
  ])('%s changes only that value', (_name, path, value, expected) => {
    expect(setYamlValue(SPEC, path, value)).toBe(expected);
  });

  test('several edits of one dragged waypoint apply in order', () => {
    const out = setYamlValues(SPEC, [
      { path: ['ego', 'trajectory', 1, 's'], value: 110 },
      { path: ['ego', 'trajectory', 1, 'd'], value: -0.5 },
    ]);
    expect(out).toBe(SPEC.replace('- { t: 2, lane: lane1, s: 100 }', '- { t: 2, lane: lane1, s: 110, d: -0.5 }'));
  });

  test('a new key in a block map is added (the document is re-written, values kept)', () => {
    const out = setYamlValue(SPEC, ['dt'], 0.05);
    expect(out).toMatch(/^dt: 0.05$/m);
    expect(out).toContain('# a comment stays');
    expect(out).toContain('A folded description that is long enough that a re-write would fold it at another column, which must not happen.');
  });
});

describe('actors', () => {
  test('appending adds a flow-map item and keeps the rest', () => {
    const out = appendYamlItem(SPEC, ['actors'], { id: 'car1', start: { lane: 'lane0', s: 80 }, behaviour: { type: 'idm' } });
    expect(out).toContain('- { id: car1, start: { lane: lane0, s: 80 }, behaviour: { type: idm } }');
    expect(out).toContain('  - id: lead');
  });

  test('deleting removes the item only', () => {
    const out = deleteYamlNode(appendYamlItem(SPEC, ['actors'], { id: 'car1' }), ['actors', 0]);
    expect(out).not.toContain('id: lead');
    expect(out).toContain('id: car1');
  });
});
