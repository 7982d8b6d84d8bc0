/** One CLI subcommand, as loaded when it runs (its name and summary are in commands/index.ts). */
export interface Command {
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}
