/**
 * Map colours, the reference renderer's palette (sim/render/appearance.ts, bev.ts) so that a car
 * is red, a truck teal, a cyclist magenta, a pedestrian yellow and the ego orange on the map as in
 * the camera frame.
 */
export type Rgba = [number, number, number, number];

export const CLASS_COLOURS: Readonly<Record<string, Rgba>> = {
  car: [196, 32, 32, 255],
  truck: [0, 160, 160, 255],
  cyclist: [176, 48, 200, 255],
  pedestrian: [240, 208, 24, 255],
};
export const EGO_COLOUR: Rgba = [255, 140, 0, 255];
export const UNKNOWN_CLASS_COLOUR: Rgba = [200, 200, 200, 255];

export const MATERIAL_COLOURS = {
  shoulder: [122, 112, 92, 255] as Rgba,
  road: [86, 86, 90, 255] as Rgba,
  kerbTop: [188, 186, 178, 255] as Rgba,
  marking: [236, 236, 230, 255] as Rgba,
};

export const PLAN_COLOUR: Rgba = [255, 200, 80, 230];
export const TRAIL_ALPHA = 150;
export const TRIGGER_FILL: Rgba = [80, 160, 255, 40];
export const TRIGGER_LINE: Rgba = [120, 190, 255, 200];
export const HANDLE_COLOURS: Readonly<Record<string, Rgba>> = {
  ego_waypoint: [255, 200, 80, 255],
  ego_start: [255, 140, 0, 255],
  actor_start: [255, 255, 255, 255],
};

export function classColour(cls: string, isEgo: boolean): Rgba {
  return isEgo ? EGO_COLOUR : CLASS_COLOURS[cls] ?? UNKNOWN_CLASS_COLOUR;
}
