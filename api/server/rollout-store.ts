/**
 * Rollouts the server ran (POST /api/rollouts) and logs its sessions wrote: MCAP files in the logs
 * dir, named `<id>.mcap`. The dir is the store, so a restarted server lists the earlier logs.
 * Camera frames, tracks and exports are served by api/server/viewer/rollout-views.ts from a cache
 * of whole logs (the logged frame, else the logged state rendered again: see renderWorldOf).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_NAMES, type PolicyName } from '../../eval/run-scenario';
import type { AgentState, World } from '../../sim/types';
import { LogReadError, RolloutLogReader } from '../log/read-log';
import { runToLog, type SpecSource } from '../log/logged-run';
import type { AgentStateMessage, RolloutMetadataMessage, RolloutResultMessage, WorldStateMessage } from '../proto/messages';
import { HttpError } from './http-error';

const ROLLOUT_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface RolloutSummary {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly policy: string;
  readonly bytes: number;
}

export interface RolloutDetails {
  readonly id: string;
  readonly metadata: RolloutMetadataMessage;
  readonly result: RolloutResultMessage;
}

/** A render-only World from a logged state: the renderer reads poses, sizes, classes and ids. */
export function renderWorldOf(state: WorldStateMessage): World {
  const agent = (a: AgentStateMessage): AgentState => ({
    id: a.id,
    cls: a.cls,
    pose: a.pose,
    size: a.size,
    speedMps: a.speedMps,
    accelMps2: a.accelMps2,
    steerRad: a.steerRad,
    motion: { kind: 'parked' },
    active: a.active,
    rng: 0,
  });
  return { step: state.step, timeS: state.timeS, ego: agent(state.ego), actors: state.actors.map(agent), events: state.events };
}

export class RolloutStore {
  constructor(readonly dir: string) {}

  pathOf(id: string): string {
    if (!ROLLOUT_ID.test(id)) throw new HttpError(400, `invalid rollout id '${id.slice(0, 100)}'`, 'id');
    return join(this.dir, `${id}.mcap`);
  }

  newId(prefix: string): string {
    return `${prefix}-${randomUUID()}`;
  }

  async run(source: SpecSource, options: { seed: number; overrides: Record<string, number>; policy: PolicyName }): Promise<RolloutDetails> {
    const id = this.newId(source.spec.name.replace(/[^A-Za-z0-9_-]/g, '_'));
    await runToLog(source, { seed: options.seed, overrides: options.overrides, policy: options.policy }, this.pathOf(id));
    return this.get(id);
  }

  async list(): Promise<RolloutSummary[]> {
    if (!existsSync(this.dir)) return [];
    const out: RolloutSummary[] = [];
    for (const f of readdirSync(this.dir).sort()) {
      if (!f.endsWith('.mcap')) continue;
      const id = f.slice(0, -'.mcap'.length);
      if (!ROLLOUT_ID.test(id)) continue;
      try {
        const reader = await RolloutLogReader.open(join(this.dir, f));
        try {
          const m = await reader.metadata();
          out.push({ id, scenario: m.scenarioName, seed: m.seed, policy: m.policy, bytes: statSync(join(this.dir, f)).size });
        } finally {
          await reader.close();
        }
      } catch {
        // A log another process is still writing, or a damaged one: not listed.
      }
    }
    return out;
  }

  async #open(id: string): Promise<RolloutLogReader> {
    const path = this.pathOf(id);
    if (!existsSync(path)) throw new HttpError(404, `unknown rollout '${id}' (GET /api/rollouts lists them)`, 'id');
    try {
      return await RolloutLogReader.open(path);
    } catch (error) {
      if (error instanceof LogReadError) throw new HttpError(422, `rollout '${id}': ${error.message.replace(path, `${id}.mcap`)}`, 'id');
      throw error;
    }
  }

  async get(id: string): Promise<RolloutDetails> {
    const reader = await this.#open(id);
    try {
      return { id, metadata: await reader.metadata(), result: await reader.result() };
    } finally {
      await reader.close();
    }
  }
}

export function parsePolicyName(value: unknown): PolicyName {
  if (value === undefined || value === null || value === '') return 'idm';
  if (typeof value !== 'string' || !(POLICY_NAMES as readonly string[]).includes(value)) {
    throw new HttpError(400, `unknown policy ${JSON.stringify(value)} (built-in policies: ${POLICY_NAMES.join(', ')})`, 'policy');
  }
  return value as PolicyName;
}
