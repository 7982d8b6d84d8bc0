/** The spec a new scenario starts from: a straight road, an ego on timed waypoints, one lead car. */
export const NEW_SCENARIO_YAML = `version: 2
name: my_scenario
description: A new scenario.
parameters:
  ego_speed: { value: 20, min: 10, max: 30, unit: m/s }
  gap: { value: 40, min: 10, max: 80, unit: m }
duration: 10
road: { type: straight, length: 400, lanes: 2, lane_width: 3.5, speed_limit: 30 }
ego:
  start: { lane: lane0, s: 20, speed: ego_speed }
  route: [lane0]
  trajectory:
    - { t: 0, lane: lane0, s: 20 }
    - { t: 5, lane: lane0, s: 120 }
    - { t: 10, lane: lane0, s: 220 }
actors:
  - id: lead
    start: { lane: lane0, s: "20 + gap", speed: 15 }
    behaviour: { type: idm, desired_speed: 15 }
events:
  - id: lead_brakes
    when: "x(ego) > 90"
    actions: [{ type: brake, actor: lead, decel: 4 }]
criteria: "not collision"
`;
