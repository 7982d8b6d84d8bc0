/**
 * `dreamdrive run <scenario>`: one closed-loop rollout; prints the metrics and the verdict.
 * Exit code 0 when the criteria pass (or there are none), 1 when they fail.
 */
import { metricsToJson } from '../../../sim/metrics/metrics';
import { parseOverrides } from '../../../scenarios/parameters';
import { executeLoopRun, POLICY_NAMES, runScenario, verifyDeterminism, type LoopScenarioRun, type PolicyName, type RunReport, type RunOptions } from '../../../eval/run-scenario';
import { HttpPolicyError } from '../../../eval/http-policy';
import { parsePolicyChoice, PolicyChoiceError, prepareLoopRun, type PolicyChoice } from '../../../eval/policy-choice';
import { cameraPolicyFile } from '../../../model/policies/camera-policy';
import { policyCameraMismatches, readPolicyCard } from '../../../model/policies/policy-card';
import type { CameraModel } from '../../../sim/render/camera-model';
import { PolicyError } from '../../../sim/policies/trajectory-policy';
import type { ScenarioSpec } from '../../../scenarios/spec-types';
import { writeFileAtomic } from '../../atomic-write';
import { loopRunToLog } from '../../log/logged-loop-run';
import { runToLog, specSourceFromFile } from '../../log/logged-run';
import { intOption, parseCommandArgs } from '../args';
import { CAMERA_OPTIONS, cameraUsage, cameraStatsJson, formatCameraStats, openCamera, parseCameraChoice, type CameraChoice } from '../camera-option';
import { CliError } from '../cli-error';
import { loadScenarioArg } from '../scenario-arg';
import type { Command } from './command';

const USAGE = `usage: dreamdrive run <scenario> [options]

  <scenario>              library name (dreamdrive list) or path to a .yaml/.json spec
  --seed N                world seed (default 0)
  --param k=v             override a parameter (repeatable)
  --policy NAME           trajectory (replay the authored ego trajectory) | idm (IDM + MOBIL
                          along the ego route) | pure-pursuit (route follower, sees no one) |
                          camera (lane keeping from camera frames: a CNN, model/policies/camera) |
                          FILE.onnx (an ONNX policy with FILE.card.json) | http://127.0.0.1:PORT/PATH
                          (an external policy: POST observation JSON, answer action JSON);
                          default: trajectory when the spec has one, else idm
  --policy-timeout MS     time an HTTP policy has per answer (default 2000)
  --allow-remote-policy   let an HTTP policy be on another host than loopback
  --sample                draw distribution parameters from the seed instead of their nominal value
  --out FILE              write the rollout (report + every step: hash, action, per-step metrics) as JSON
  --log FILE              write the rollout log as MCAP (world states, actions, metrics, result;
                          opens in Foxglove; read it back with 'dreamdrive replay FILE')
  --json                  print the report as JSON
  --verify-determinism    run twice and compare the per-step state hashes (exit 1 on a mismatch)
${cameraUsage(26)}
                          (default none, reference for camera and .onnx policies; the camera makes
                          every state's frame inside the closed loop, so a policy that reads frames
                          drives on them; for the others the rollout is the same as without it)`;

export function parsePolicy(command: string, value: string | undefined): PolicyName | undefined {
  if (value === undefined) return undefined;
  if (!(POLICY_NAMES as readonly string[]).includes(value)) {
    throw new CliError(`dreamdrive ${command}: unknown --policy '${value}' (choose ${POLICY_NAMES.join(' or ')})`, 2);
  }
  return value as PolicyName;
}

function fmt(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}

export function printReport(r: RunReport): void {
  const out = process.stdout;
  out.write(`scenario ${r.scenario}  seed ${r.seed}  policy ${r.policy}  ${r.steps} steps (${r.simulatedS.toFixed(1)} s, ended by ${r.doneReason})\n`);
  const c = r.metrics.collision;
  if (c) out.write(`collision with '${c.withId}' at t = ${c.atS.toFixed(1)} s\n`);
  for (const k of r.actorContacts) out.write(`warning: actors '${k.a}' and '${k.b}' touched (traffic model)\n`);
  const names = Object.keys(r.metrics.values);
  const width = Math.max(...names.map((n) => n.length));
  for (const n of names) out.write(`  ${n.padEnd(width)}  ${fmt(r.metrics.values[n as keyof typeof r.metrics.values])}\n`);
  const verdict = r.passed === null ? 'no criteria' : r.passed ? 'PASS' : 'FAIL';
  out.write(`${verdict}${r.criteria ? `  (${r.criteria})` : ''}  [${r.metrics.version}]\n`);
}

export const runCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs('run', argv, {
      seed: { type: 'string' },
      param: { type: 'string', multiple: true },
      policy: { type: 'string' },
      sample: { type: 'boolean' },
      out: { type: 'string' },
      log: { type: 'string' },
      json: { type: 'boolean' },
      'verify-determinism': { type: 'boolean' },
      'policy-timeout': { type: 'string' },
      'allow-remote-policy': { type: 'boolean' },
      ...CAMERA_OPTIONS,
    });
    if (positionals.length > 1) throw new CliError(`dreamdrive run: one scenario at a time (got ${positionals.length}); use 'dreamdrive sweep' for many`, 2);
    const { spec, path } = loadScenarioArg('run', positionals[0]);
    const choice = parseRunPolicy(values.policy, values['allow-remote-policy'] === true);
    const camera = parseCameraChoice('run', values, choice?.kind === 'camera' || choice?.kind === 'onnx' ? 'reference' : 'none');
    const options = {
      seed: intOption('run', 'seed', values.seed, 0),
      overrides: parseOverrides(values.param ?? []),
      policy: choice?.kind === 'builtin' ? choice.name : undefined,
      sampleDistributions: values.sample === true,
    };
    const loop: LoopArgs = { choice, camera, timeoutMs: intOption('run', 'policy-timeout', values['policy-timeout'], 2000, 1), logPath: values.log, specPath: path };
    if (camera.kind !== 'none' || (choice !== null && choice.kind !== 'builtin')) {
      try {
        return await runInCameraLoop(spec, options, loop, values);
      } catch (error) {
        if (error instanceof HttpPolicyError || error instanceof PolicyError) throw new CliError(`dreamdrive run: ${error.message}`, 1);
        throw error;
      }
    }
    if (values['verify-determinism']) {
      // Built-in policies without a camera; the camera loop verifies itself in runInCameraLoop.
      const v = verifyDeterminism(spec, options);
      const ok = v.firstMismatch === null;
      const msg = ok ? `deterministic: ${v.steps} step hashes identical over two runs` : `NOT deterministic: state hashes differ from step ${v.firstMismatch}`;
      if (values.json) process.stdout.write(`${JSON.stringify({ deterministic: ok, steps: v.steps, firstMismatch: v.firstMismatch })}\n`);
      else process.stdout.write(`${msg}\n`);
      if (!ok) return 1;
      if (values.out === undefined && values.log === undefined && !values.json) return 0;
    }
    const run = values.log === undefined ? runScenario(spec, options) : (await runToLog(specSourceFromFile(path), options, values.log)).run;
    if (values.out !== undefined) {
      writeFileAtomic(values.out, `${metricsToJson({ report: run.report, steps: run.rollout.records })}\n`);
    }
    if (values.json) process.stdout.write(`${metricsToJson(run.report, 2)}\n`);
    else printReport(run.report);
    return run.report.passed === false ? 1 : 0;
  },
};

/** `--policy VALUE` as a choice; usage errors exit 2. Default: the run's default built-in. */
function parseRunPolicy(value: string | undefined, allowRemote: boolean): PolicyChoice | null {
  if (value === undefined) return null;
  try {
    return parsePolicyChoice(value, { allowRemote });
  } catch (error) {
    if (error instanceof PolicyChoiceError || error instanceof HttpPolicyError) throw new CliError(`dreamdrive run: ${error.message}`, 2);
    throw error;
  }
}

interface LoopArgs {
  /** null: the run's default built-in. */
  readonly choice: PolicyChoice | null;
  readonly camera: CameraChoice;
  readonly timeoutMs: number;
  readonly logPath: string | undefined;
  readonly specPath: string;
}

/**
 * A run in the camera loop (eval/camera-loop.ts): the camera makes each state's frame and the policy
 * acts on it, so a policy that reads frames drives on what the camera shows. The report gains the
 * camera's frame count and speed; --log writes the frames the policy saw.
 */
async function runInCameraLoop(spec: ScenarioSpec, options: RunOptions, args: LoopArgs, values: { out?: string; json?: boolean; 'verify-determinism'?: boolean }): Promise<number> {
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const once = async (logPath: string | undefined): Promise<{ run: LoopScenarioRun; label: string }> => {
    const prepared = await prepareLoopRun(spec, options, args.choice, { timeoutMs: args.timeoutMs });
    try {
      const setup = prepared.runtime.setup;
      const opened = await openCamera(args.camera, { road: setup.road, camera: prepared.resolved.camera, dtS: setup.dtS, warn });
      try {
        if (prepared.policy.readsFrames) for (const m of frameCameraMismatches(prepared.policyName, args.choice, opened.camera)) warn(m);
        const ran = logPath === undefined ? await executeLoopRun(prepared, opened.source, options) : (await loopRunToLog(specSourceFromFile(args.specPath), options, prepared, opened.source, logPath)).run;
        return { run: ran, label: opened.source.label };
      } finally {
        await opened.close();
      }
    } finally {
      await prepared.policy.close?.();
    }
  };
  const { run, label } = await once(args.logPath);
  if (values['verify-determinism']) {
    const again = (await once(undefined)).run;
    const a = run.rollout.records;
    const b = again.rollout.records;
    const n = Math.max(a.length, b.length);
    let firstMismatch: number | null = null;
    for (let i = 0; i < n && firstMismatch === null; i++) if (a[i]?.hash !== b[i]?.hash) firstMismatch = i;
    const ok = firstMismatch === null;
    if (values.json) process.stdout.write(`${JSON.stringify({ deterministic: ok, steps: n, firstMismatch })}\n`);
    else process.stdout.write(ok ? `deterministic: ${n} step hashes identical over two runs\n` : `NOT deterministic: state hashes differ from step ${firstMismatch}\n`);
    if (!ok) return 1;
  }
  const camera = cameraStatsJson(args.camera.kind, label, run.camera);
  if (values.out !== undefined) {
    writeFileAtomic(values.out, `${metricsToJson({ report: run.report, camera, steps: run.rollout.records })}\n`);
  }
  if (values.json) process.stdout.write(`${metricsToJson({ ...run.report, camera }, 2)}\n`);
  else {
    printReport(run.report);
    if (args.camera.kind !== 'none') process.stdout.write(`${formatCameraStats(label, run.camera)}\n`);
  }
  return run.report.passed === false ? 1 : 0;
}

/** Warnings when an ONNX policy's card pins another camera than the run's. */
function frameCameraMismatches(name: string, choice: PolicyChoice | null, camera: CameraModel): string[] {
  if (choice === null || (choice.kind !== 'onnx' && choice.kind !== 'camera')) return [];
  const card = readPolicyCard(choice.kind === 'onnx' ? choice.path : cameraPolicyFile());
  return policyCameraMismatches(card, camera).map((m) => `warning: policy ${name} was trained with another camera: ${m}`);
}
