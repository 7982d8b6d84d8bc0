import { distanceBetweenBoxesM } from '../../../sim/collision/ttc';
import { DEFAULT_SIZES } from '../../../sim/dynamics/vehicle-params';
import { getLane } from '../../../sim/road/query';
import { junctionStopGapM } from '../../../sim/policies/junction-yield';
import { idmPolicy } from '../../../sim/policies/idm-policy';
import { initialWorld } from '../../../sim/world/init';
import { createRuntime } from '../../../sim/world/runtime';
import type { EgoSetup } from '../../../sim/setup';
import { idm, intersectionRoad, laneActor, laneStart, runSteps, simSetup } from '../../helpers/world-fixtures';

const road = intersectionRoad();
const TURN = 'south_in_0>west_out_0';
const ROUTE = ['south_in_0', TURN, 'west_out_0'];
const ONCOMING_ROUTE = ['north_in_0>south_out_0', 'south_out_0'];
const southLength = getLane(road, 'south_in_0').centerline.lengthM;

function ego(s: number, speedMps: number): EgoSetup {
  return { cls: 'car', size: DEFAULT_SIZES.car, start: laneStart('south_in_0', s, speedMps), route: ROUTE, desiredSpeedMps: null, trajectory: [] };
}

function worldWith(egoS: number, egoSpeed: number, oncomingS: number | null, oncomingSpeed = 10) {
  const actors = oncomingS === null ? [] : [laneActor('oncoming', 'north_in_0', oncomingS, oncomingSpeed, idm(oncomingSpeed, { route: ONCOMING_ROUTE }))];
  return initialWorld(createRuntime(simSetup({ road, ego: ego(egoS, egoSpeed), actors })));
}

describe('junctionStopGapM', () => {
  test('no stop line when nobody is coming', () => {
    expect(junctionStopGapM(road, worldWith(southLength - 20, 8, null), 'south_in_0', southLength - 20, ROUTE)).toBeNull();
  });

  test('a stop line before the crossing while an oncoming car would arrive first', () => {
    const egoS = southLength - 20;
    const gap = junctionStopGapM(road, worldWith(egoS, 8, getLane(road, 'north_in_0').centerline.lengthM - 15), 'south_in_0', egoS, ROUTE);
    expect(gap).not.toBeNull();
    // Beyond the end of the incoming lane (the crossing is inside the junction), yet ahead of the car.
    expect(gap!).toBeGreaterThan(20 - DEFAULT_SIZES.car.lengthM / 2);
    expect(gap!).toBeLessThan(40);
  });

  test('no stop line for a car far away (it arrives after the ego has cleared the crossing)', () => {
    const egoS = southLength - 20;
    expect(junctionStopGapM(road, worldWith(egoS, 8, 0, 5), 'south_in_0', egoS, ROUTE)).toBeNull();
  });

  test('the straight-on car never stops for the left-turner', () => {
    const w = initialWorld(
      createRuntime(
        simSetup({
          road,
          ego: { ...ego(0, 0), start: laneStart('north_in_0', getLane(road, 'north_in_0').centerline.lengthM - 20, 8), route: ['north_in_0', ...ONCOMING_ROUTE] },
          actors: [laneActor('turner', 'south_in_0', southLength - 15, 8, idm(8, { route: [TURN, 'west_out_0'] }))],
        }),
      ),
    );
    const s = getLane(road, 'north_in_0').centerline.lengthM - 20;
    expect(junctionStopGapM(road, w, 'north_in_0', s, ['north_in_0', ...ONCOMING_ROUTE])).toBeNull();
  });
});

describe('the IDM ego at an unprotected left turn', () => {
  test('lets the oncoming car pass, then turns, without contact', () => {
    const setup = simSetup({
      road,
      durationS: 16,
      ego: ego(20, 10),
      actors: [laneActor('oncoming', 'north_in_0', 10, 12, idm(12, { route: ONCOMING_ROUTE }))],
    });
    const rt = createRuntime(setup);
    const { states } = runSteps(setup, 160, idmPolicy(rt));
    // Passing side by side in opposite lanes is ~1.6 m between the boxes; a near miss would be less.
    const gaps = states.map((w) => distanceBetweenBoxesM(w.ego.pose, w.ego.size, w.actors[0].pose, w.actors[0].size));
    expect(Math.min(...gaps)).toBeGreaterThan(1);
    // The ego ends on the west arm: it did turn.
    const last = states[states.length - 1].ego;
    expect(last.pose.x).toBeLessThan(-15);
  });
});
