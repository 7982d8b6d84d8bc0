/**
 * The one error type of the spec layer. Every problem found in a scenario spec becomes a
 * `SpecIssue` that names the file, the path in the document (`actors[2].behaviour.target_lane`),
 * the line and column where the value was written, and what is wrong; a `SpecError` carries all of
 * them so an author fixes a file in one pass instead of one error per run.
 */

export type IssueSeverity = 'error' | 'warning';

/** One segment of a document path: an object key or an array index. */
export type PathSegment = string | number;

/** Where something sits in a spec file. Line and column are 1-based; 0 means unknown. */
export interface SpecLocation {
  readonly file: string;
  /** Path in the document, e.g. `actors[2].behaviour.target_lane`; '' for the whole document. */
  readonly path: string;
  readonly line: number;
  readonly col: number;
}

export interface SpecIssue extends SpecLocation {
  readonly message: string;
  readonly severity: IssueSeverity;
  /** The expression text when the problem is inside a mathjs expression. */
  readonly expression?: string;
  /** Extra context (parameter values, the allowed names, ...). */
  readonly detail?: string;
}

/** `actors[2].behaviour.target_lane` from `['actors', 2, 'behaviour', 'target_lane']`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** `file:line:col: error: path: message` (the shape compilers use, so editors can jump to it). */
export function formatIssue(issue: SpecIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  const detail = issue.detail === undefined ? '' : `\n  ${issue.detail}`;
  return `${where}: ${issue.severity}: ${path}${issue.message}${detail}`;
}

export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

export class SpecError extends Error {
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[]) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    super(`invalid scenario spec (${count}):\n${formatIssues(issues)}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** The message of anything thrown (errors from another realm, e.g. a VM, fail `instanceof Error`). */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Turns a path into a line and column; the key's position when `atKey` (for unknown fields). */
export type Locator = (path: readonly PathSegment[], atKey?: boolean) => { line: number; col: number };

export const UNKNOWN_POSITION_LOCATOR: Locator = () => ({ line: 0, col: 0 });

export interface IssueExtras {
  readonly expression?: string;
  readonly detail?: string;
  /** Point at the key rather than the value (unknown or misspelt fields). */
  readonly atKey?: boolean;
}

/**
 * Collects issues while a spec is checked, so that all of them are reported together.
 * The only mutable object of the spec layer; it lives for one parse or one resolve.
 */
export class IssueSink {
  private readonly collected: SpecIssue[] = [];

  constructor(
    readonly file: string,
    readonly locate: Locator = UNKNOWN_POSITION_LOCATOR,
  ) {}

  get issues(): readonly SpecIssue[] {
    return this.collected;
  }

  get errorCount(): number {
    return this.collected.filter((issue) => issue.severity === 'error').length;
  }

  error(path: readonly PathSegment[], message: string, extras: IssueExtras = {}): void {
    this.add('error', path, message, extras);
  }

  warn(path: readonly PathSegment[], message: string, extras: IssueExtras = {}): void {
    this.add('warning', path, message, extras);
  }

  /** Adds issues made elsewhere (their positions are kept). */
  addAll(issues: readonly SpecIssue[]): void {
    this.collected.push(...issues);
  }

  /** A location for code that builds issues itself (compiled expressions). */
  where(path: readonly PathSegment[]): SpecLocation {
    const { line, col } = this.locate(path);
    return { file: this.file, path: formatPath(path), line, col };
  }

  /** Throws a SpecError carrying every issue (warnings included) when any error was collected. */
  throwIfErrors(): void {
    if (this.errorCount > 0) throw new SpecError(this.collected);
  }

  private add(severity: IssueSeverity, path: readonly PathSegment[], message: string, extras: IssueExtras): void {
    const { line, col } = this.locate(path, extras.atKey === true);
    const issue: SpecIssue = { file: this.file, path: formatPath(path), line, col, message, severity };
    this.collected.push({
      ...issue,
      ...(extras.expression === undefined ? {} : { expression: extras.expression }),
      ...(extras.detail === undefined ? {} : { detail: extras.detail }),
    });
  }
}
