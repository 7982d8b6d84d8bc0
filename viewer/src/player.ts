/**
 * Plays one rollout in every pane: the map (agents, trails, plan, triggers), the camera pane and
 * the timeline. One time value drives them all (deck.gl's "animation driven by one time value");
 * the URL keeps `?rollout=ID&t=SECONDS` current, so the address bar is always a share link.
 */
import { getJson } from './api';
import type { BevView } from './bev';
import type { CameraPane } from './camera-pane';
import type { Timeline } from './timeline';
import { Track } from './track';
import type { TrackJson } from './wire';

export function shareLink(rolloutId: string, timeS: number): string {
  const url = new URL(window.location.href);
  url.search = `?rollout=${encodeURIComponent(rolloutId)}&t=${timeS.toFixed(1)}`;
  return url.toString();
}

export class Player {
  track: Track | null = null;
  #step = -1;

  constructor(
    private readonly bev: BevView,
    private readonly camera: CameraPane,
    private readonly timeline: Timeline,
    private readonly onOpened: (track: Track) => void,
  ) {}

  async open(rolloutId: string, timeS = 0): Promise<Track> {
    const json = await getJson<TrackJson>(`/api/rollouts/${encodeURIComponent(rolloutId)}/track`);
    const track = new Track(json);
    performance.mark('dreamdrive:track-decoded');
    this.track = track;
    this.#step = -1;
    this.bev.setHandles([]);
    this.bev.setScene(json.scene);
    this.bev.setTrack(track);
    // The map draws while the camera pane asks whether there are world-model frames.
    const cameraReady = this.camera.open(json.id, json.series.timeS, json.dtS);
    const s = json.series;
    this.timeline.setData(
      {
        timeS: s.timeS,
        dtS: json.dtS,
        series: [
          { label: 'speed', unit: 'm/s', values: s.speedMps, colour: '#4fc3f7' },
          { label: 'accel', unit: 'm/s²', values: s.accelMps2, colour: '#aed581' },
          { label: 'TTC', unit: 's', values: s.ttcS, colour: '#ff8a65', clipMax: 10 },
          { label: 'headway', unit: 'm', values: s.headwayM, colour: '#ba68c8', clipMax: 100 },
        ],
        marks: json.events.filter((e) => e.firedAtS !== null).map((e) => ({ timeS: e.firedAtS as number, label: e.id })),
      },
      timeS,
    );
    this.onOpened(track);
    await cameraReady;
    this.camera.show(track.stepAt(this.timeline.timeS));
    return track;
  }

  /** Draws time t (called by the timeline): the map at t, the camera at the step shown. */
  show(timeS: number): void {
    const track = this.track;
    if (track === null) return;
    this.bev.setTime(timeS);
    const step = track.stepAt(timeS);
    if (step === this.#step) return;
    this.#step = step;
    this.camera.show(step);
    if (!this.timeline.playing) window.history.replaceState(null, '', shareLink(track.json.id, step * track.json.dtS));
  }
}
