/**
 * How the world looks: surface colours, per-class agent palettes, sun and haze. One default look
 * plus a seeded variation (time of day, road and grass shade, sun direction) for data variety.
 *
 * Agent palettes are saturated hues kept apart from the scene colours so that a class can be told
 * from colour alone: cars red, trucks teal, cyclists magenta, pedestrians yellow; the road is
 * grey, markings white, grass green, the sky blue. Variation never changes the hues of the
 * palettes, only the light that falls on them, and keeps the sun at least 45 degrees high so that
 * (Lambert: top sin e, sides at most cos e) the top of a box is always its lightest face.
 */
import { createRng } from '../rng';
import type { AgentClass } from '../types';

/** An sRGB colour, channels 0-255. */
export type Rgb = readonly [number, number, number];

export interface Appearance {
  /** Sky colour straight up and at the horizon; rows in between blend by elevation angle. */
  readonly skyZenith: Rgb;
  readonly skyHorizon: Rgb;
  /** Colour that distant surfaces fade towards (aerial perspective). */
  readonly haze: Rgb;
  readonly grass: Rgb;
  /** Gravel strip beyond the outer lane edges. */
  readonly shoulder: Rgb;
  readonly road: Rgb;
  readonly marking: Rgb;
  readonly kerb: Rgb;
  /** Per-channel multiplier on every lit surface (time-of-day tint), about 0.6-1.2. */
  readonly light: Rgb;
  /** Direction the sunlight comes from: azimuth counter-clockwise from world +x, rad. */
  readonly sunAzimuthRad: number;
  /** Sun elevation above the horizon, rad, in (0, pi/2]. */
  readonly sunElevationRad: number;
  /** Share of light that reaches every face regardless of its facing, in [0, 1]. */
  readonly ambient: number;
  /** Distance where haze starts, m; it grows linearly to `fogMax` at the draw distance. */
  readonly fogStartM: number;
  /** Haze share at the draw distance, in [0, 1]. */
  readonly fogMax: number;
  /** Base colours per agent class; an agent takes one by a hash of its id. */
  readonly agentPalettes: Readonly<Record<AgentClass, readonly Rgb[]>>;
}

export const AGENT_PALETTES: Readonly<Record<AgentClass, readonly Rgb[]>> = {
  car: [[196, 32, 32], [168, 24, 56], [214, 64, 40], [150, 20, 24]],
  truck: [[0, 160, 160], [0, 176, 150], [20, 190, 176]],
  cyclist: [[176, 48, 200], [144, 36, 168]],
  pedestrian: [[240, 208, 24], [228, 176, 0]],
};

export const DEFAULT_APPEARANCE: Appearance = {
  skyZenith: [84, 136, 214],
  skyHorizon: [178, 206, 236],
  haze: [170, 186, 196],
  grass: [78, 122, 56],
  shoulder: [122, 112, 92],
  road: [86, 86, 90],
  marking: [236, 236, 230],
  kerb: [188, 186, 178],
  light: [1, 1, 1],
  sunAzimuthRad: (200 * Math.PI) / 180,
  sunElevationRad: (50 * Math.PI) / 180,
  ambient: 0.55,
  fogStartM: 60,
  fogMax: 0.7,
  agentPalettes: AGENT_PALETTES,
};

/** a + (b - a) t per channel. */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Warm low-sun light (golden hour), from the black-body colour near 3500 K, per channel. */
const WARM_LIGHT: Rgb = [1.12, 0.92, 0.72];
const WARM_SKY_HORIZON: Rgb = [236, 190, 150];
const OVERCAST_SKY: Rgb = [176, 182, 190];

/**
 * A deterministic variation of the default look from `seed`: warmth (midday to golden hour),
 * brightness, overcast share, road and grass shade, sun direction. Same seed, same look.
 */
export function appearanceFromSeed(seed: number): Appearance {
  const rng = createRng(seed, 'render-appearance');
  const warmth = rng.uniform(0, 1) ** 2; // mostly daylight, sometimes golden hour
  const overcast = rng.uniform(0, 1) < 0.25 ? rng.uniform(0.4, 0.9) : 0;
  const brightness = rng.uniform(0.8, 1.1);
  const roadGrey = rng.uniform(62, 112);
  const grassShift = rng.uniform(-1, 1);
  const sunAzimuthRad = rng.uniform(-Math.PI, Math.PI);
  // Lower sun when warm, higher at midday; never under 45 degrees (see the top comment).
  const sunElevationRad = ((1 - warmth) * rng.uniform(50, 75) + warmth * rng.uniform(45, 55)) * (Math.PI / 180);
  const tint = mixRgb([1, 1, 1], WARM_LIGHT, warmth);
  const light: Rgb = [tint[0] * brightness, tint[1] * brightness, tint[2] * brightness];
  const skyHorizon = mixRgb(mixRgb(DEFAULT_APPEARANCE.skyHorizon, WARM_SKY_HORIZON, warmth), OVERCAST_SKY, overcast);
  const skyZenith = mixRgb(DEFAULT_APPEARANCE.skyZenith, OVERCAST_SKY, overcast * 0.8);
  return {
    ...DEFAULT_APPEARANCE,
    skyZenith,
    skyHorizon,
    haze: mixRgb(DEFAULT_APPEARANCE.haze, skyHorizon, 0.5),
    grass: [78 + 14 * grassShift, 122 + 10 * grassShift, 56 - 8 * grassShift],
    road: [roadGrey, roadGrey, roadGrey + 4],
    light,
    sunAzimuthRad,
    sunElevationRad,
    ambient: 0.55 + 0.25 * overcast,
    fogStartM: rng.uniform(40, 90),
  };
}

/**
 * Lambert shade of a face with outward unit normal (nx, ny, nz):
 * ambient + (1 - ambient) * max(0, n . L), L the unit vector towards the sun.
 */
export function faceShade(a: Appearance, nx: number, ny: number, nz: number): number {
  const ce = Math.cos(a.sunElevationRad);
  const lx = ce * Math.cos(a.sunAzimuthRad);
  const ly = ce * Math.sin(a.sunAzimuthRad);
  const lz = Math.sin(a.sunElevationRad);
  return a.ambient + (1 - a.ambient) * Math.max(0, nx * lx + ny * ly + nz * lz);
}

/** Packs a lit colour (rgb * shade * light, rounded, clamped) as 0x00BBGGRR for the raster buffers. */
export function packLit(rgb: Rgb, shade: number, light: Rgb): number {
  const r = Math.min(255, Math.max(0, Math.round(rgb[0] * shade * light[0])));
  const g = Math.min(255, Math.max(0, Math.round(rgb[1] * shade * light[1])));
  const b = Math.min(255, Math.max(0, Math.round(rgb[2] * shade * light[2])));
  return r | (g << 8) | (b << 16);
}

/** Packs an unlit colour (sky, haze) as 0x00BBGGRR. */
export function packRgb(rgb: Rgb): number {
  return packLit(rgb, 1, [1, 1, 1]);
}
