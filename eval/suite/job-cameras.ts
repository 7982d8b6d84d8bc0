/**
 * The ego camera of each rollout of a suite, from the model runtime's camera sources
 * (model/runtime/camera-source.ts): `none`, `reference` (the renderer) or `model` (the shipped world
 * model, model/weights, ungrounded: K reference frames to warm up, then its own predictions).
 *
 * The world model is loaded once per worker, at its first `model` rollout, and released by close().
 * A camera that cannot serve a scenario (a frame size or step the model was not trained for) is a
 * ModelError, which fails that rollout: a `model` rollout never runs without its camera.
 */
import { CAMERA_KINDS, noneCamera, referenceCamera, type CameraKind, type CameraSource } from '../../model/runtime/camera-source';
import { modelCamera } from '../../model/runtime/model-camera';
import { defaultModelDir, loadWorldModel, type WorldModel } from '../../model/runtime/world-model';
import type { PreparedRun } from '../run-scenario';

export { CAMERA_KINDS, type CameraKind };

export interface JobCameras {
  /** A fresh camera for one rollout of `run` (cameras keep per-rollout history). */
  open(kind: CameraKind, run: Pick<PreparedRun, 'resolved' | 'runtime'>): Promise<CameraSource>;
  /** Frees the world model, if one was loaded. */
  close(): Promise<void>;
}

export function createJobCameras(modelDir: string = defaultModelDir()): JobCameras {
  let model: Promise<WorldModel> | null = null;
  return {
    async open(kind, run) {
      const road = run.runtime.setup.road;
      if (kind === 'none') return noneCamera();
      if (kind === 'reference') return referenceCamera(road, { camera: run.resolved.camera });
      model ??= loadWorldModel(modelDir);
      const m = await model;
      // The model makes frames of its own size; the scenario's camera gives the mount and the FOV.
      return modelCamera(m, road, { camera: { ...run.resolved.camera, ...m.info.frame }, dtS: run.runtime.setup.dtS });
    },
    async close() {
      if (model === null) return;
      const m = await model.catch(() => null);
      model = null;
      await m?.release();
    },
  };
}
