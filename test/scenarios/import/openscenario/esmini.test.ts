/**
 * Public esmini example scenarios (test/fixtures/openscenario/esmini, stored unmodified; see its
 * README) import and run. What each uses that we approximate or ignore is pinned here, line by line,
 * so a change in what the importer supports shows up as a diff of this list.
 */
import { join } from 'path';
import { runScenario } from '../../../../eval/run-scenario';
import { loadOpenScenarioFile } from '../../../../scenarios/import/openscenario/load-openscenario';
import { OSC_DIR } from './osc-fixtures';

const ESMINI = join(OSC_DIR, 'esmini', 'xosc');

const PINNED: Readonly<Record<string, readonly (readonly [number, RegExp])[]>> = {
  'acc-test.xosc': [
    [31, /^catalog directory '..\/xosc\/Catalogs\/Controllers' cannot be read/],
    [36, /^<SceneGraphFile> ignored/],
    [41, /^the ego's controller 'ACCController' is not imported/],
    [68, /^<ActivateControllerAction> ignored: the ego is driven by the policy/],
    [90, /^<ActivateControllerAction> ignored: our actors follow their lanes/],
    [119, /^the lane change of 'Target' to lane 1 crosses the centre line; .* 3\.07 m/],
    [142, /^the lane change of 'Target' back to lane -1 returns it/],
    [241, /^the StopTrigger of act 'CutInAndBrakeAct' keeps its events from starting/],
    [254, /^the run lasts 30 s: the storyboard has no StopTrigger/],
  ],
  'cut-in.xosc': [
    [31, /^<SceneGraphFile> ignored/],
    [44, /^<EnvironmentAction> in Init ignored/],
    [98, /^speed relative to 'Ego' is taken from its commanded speed when read \(36\.00 m\/s\); continuous tracking/],
    [200, /^the run lasts 30 s: its StopTrigger is not a plain simulation-time condition/],
  ],
  'lane_change.xosc': [
    [22, /^<SceneGraphFile> ignored/],
    [25, /^the ego's plan \(its authored trajectory\) is computed at import from the file's parameter values/],
    [32, /^the run lasts 30 s: the storyboard has no StopTrigger/],
    [89, /^the lane change of 'Ego' to lane 1 crosses the centre line; .* 3\.57 m/],
    [119, /^the lane change of 'Target' to lane -1 crosses the centre line; .* 3\.57 m/],
    [149, /^the StopTrigger of act 'Lane change act' keeps its events from starting/],
  ],
  'alks_pedestrian.xosc': [
    [19, /^catalog directory '..\/xosc\/Catalogs\/Controllers' cannot be read/],
    [28, /^the ego's controller 'ALKS_R157SM_Controller' is not imported/],
    [69, /^<ControllerAction> ignored: the ego is driven by the policy/],
    [103, /^followingMode="follow" .* is followed as "position"/],
    [108, /^<ControllerAction> ignored: our actors follow their lanes/],
  ],
  'highway_merge.xosc': [
    [24, /^<SceneGraphFile> ignored/],
    [27, /^the ego's plan \(its authored trajectory\) is computed at import/],
    [100, /^speed relative to 'A1' is taken from its commanded speed when read \(25\.00 m\/s\)$/],
    [122, /^speed relative to 'A1' is taken from its commanded speed when read \(25\.00 m\/s\)$/],
    [163, /^speed relative to 'A4' .*; continuous tracking of its speed is not kept/],
    [224, /^'A2' keeps its gap to 'A1' as IDM traffic at desired speed 40 m\/s \(maxSpeed\)/],
    [253, /^'A3' keeps its gap to 'A2' as IDM traffic at desired speed 40 m\/s \(maxSpeed\)/],
    [284, /^the run lasts 30 s: its StopTrigger is not a plain simulation-time condition/],
  ],
  'pedestrian.xosc': [
    [26, /^<SceneGraphFile> ignored/],
    [29, /^the ego's plan \(its authored trajectory\) is computed at import/],
    [34, /^<ParameterDeclarations> ignored/],
    [39, /^<Properties> ignored/],
    [46, /^the run lasts 30 s: the storyboard has no StopTrigger/],
    [187, /^traveled distance of 'Ego' is taken as the straight-line distance from its start/],
    [205, /^<SpeedAction> on the ego \('Ego'\) is not in its plan: the start of event 'brake_Event' cannot be known at import/],
    [248, /^the StopTrigger of act 'LTAPActNPC' keeps its events from starting/],
  ],
  'lane-change_clothoid_based_trajectory.xosc': [
    [27, /^no entity is named Ego; 'Car', the first vehicle, is the ego/],
    [27, /^the ego's plan \(its authored trajectory\) is computed at import/],
    [189, /^the StopTrigger of act 'LaneChangeAct' keeps its events from starting/],
    [200, /^the run lasts 30 s: the storyboard has no StopTrigger/],
  ],
};

describe.each(Object.keys(PINNED))('esmini %s', (file) => {
  const loaded = loadOpenScenarioFile(join(ESMINI, file));

  it('imports with exactly the pinned warnings (line and message)', () => {
    const got = loaded.warnings.filter((w) => w.file.endsWith(file));
    expect(got.map((w) => w.line)).toEqual(PINNED[file].map(([line]) => line));
    got.forEach((w, i) => expect(w.message).toMatch(PINNED[file][i][1]));
  });

  it('runs deterministically with both built-in policies', () => {
    for (const policy of ['trajectory', 'idm'] as const) {
      const a = runScenario(loaded.spec, { policy });
      const b = runScenario(loaded.spec, { policy });
      expect(a.report.steps).toBeGreaterThan(10);
      expect(a.report.finalHash).toBe(b.report.finalHash);
    }
  });
});

describe('esmini cut-in.xosc in our simulator', () => {
  it('runs the overtaker at 1.2 x the ego speed, cuts in at 0.4 s headway and brakes at 4 m/s^2', () => {
    const { spec } = loadOpenScenarioFile(join(ESMINI, 'cut-in.xosc'));
    const events = Object.fromEntries((spec.events ?? []).map((e) => [e.id, e]));
    expect(events.OverTakerStartSpeedEvent.actions).toEqual([{ type: 'speed_change', actor: 'OverTaker', target_speed: '(EgoSpeed / 3.6) * (TargetSpeedFactor)', shape: 'step' }]);
    expect(events.CutInEvent.actions).toEqual([{ type: 'lane_change', actor: 'OverTaker', target_lane_offset: -1, duration: 3, shape: 'sinusoidal' }]);
    expect(events.OvertakerBrakeEvent.actions[0]).toMatchObject({ type: 'speed_change', target_speed: 0, rate: 4 });
    const idm = runScenario(spec, { policy: 'idm' });
    expect(idm.report.metrics.collision).toBeNull();
  });
});
