/**
 * Every subcommand, in the order `dreamdrive --help` lists them. A command's module is loaded only
 * when it runs: loading all of them (mathjs, onnxruntime, bullmq, express...) took ~1.7 s of every
 * invocation, workers and tests included.
 */
import type { Command } from './command';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'list', summary: 'list the built-in scenario library', load: async () => (await import('./list')).listCommand },
  { name: 'validate', summary: 'check scenario specs and list every error with file:line:col', load: async () => (await import('./validate')).validateCommand },
  { name: 'run', summary: 'run a scenario in closed loop and print metrics and the verdict', load: async () => (await import('./run')).runCommand },
  { name: 'import', summary: 'convert an OpenSCENARIO 1.x (.xosc) scenario into a dreamdrive spec', load: async () => (await import('./import')).importCommand },
  { name: 'sweep', summary: 'grid or random sweep over parameters, in parallel; table, CSV and JSON', load: async () => (await import('./sweep')).sweepCommand },
  { name: 'eval', summary: 'run an evaluation suite in parallel: results.json, junit.xml, report.html', load: async () => (await import('./eval')).evalCommand },
  { name: 'worker', summary: "run evaluation rollouts from a Redis queue ('eval --queue'), on any number of machines", load: async () => (await import('./worker')).workerCommand },
  { name: 'render', summary: 'render the ego camera of a rollout to PNG frames and an animated GIF', load: async () => (await import('./render')).renderCommand },
  { name: 'dataset', summary: 'generate world-model training data: rendered episodes as numpy shards', load: async () => (await import('./dataset')).datasetCommand },
  { name: 'eval-model', summary: 'judge the world model against the reference renderer on held-out episodes', load: async () => (await import('./eval-model')).evalModelCommand },
  { name: 'calibrate-model', summary: "fit the world model's anchored-decoding gains on validation episodes", load: async () => (await import('./calibrate-model')).calibrateModelCommand },
  { name: 'model-rollouts', summary: "write the world model's rollouts beside the reference frames (the layout refiner's training data)", load: async () => (await import('./model-rollouts')).modelRolloutsCommand },
  { name: 'replay', summary: 'read a rollout log back: metrics, verdict, steps; --verify re-simulates it', load: async () => (await import('./replay')).replayCommand },
  { name: 'library', summary: 'run every library scenario with every built-in policy; verdict table', load: async () => (await import('./library')).libraryCommand },
  { name: 'serve', summary: 'serve the HTTP API (scenarios, closed-loop sessions, rollouts)', load: async () => (await import('./serve')).serveCommand },
  { name: 'schema', summary: 'print (or write) the JSON Schema of scenario specs', load: async () => (await import('./schema')).schemaCommand },
];
