/**
 * Problems found while importing an OpenDRIVE (later OpenSCENARIO) file. An `ImportIssue` has the
 * shape of the spec layer's `SpecIssue` (file, element path, 1-based line and column, message,
 * severity), so `formatIssue` prints it as `file:line:col: error: path: message` and editors jump
 * to it. Errors are collected, then thrown together as one `ImportError`.
 */
import { formatIssues, type SpecIssue } from '../../errors';
import type { XmlElement } from './xml-dom';

export type ImportIssue = SpecIssue;

export class ImportError extends Error {
  readonly issues: readonly ImportIssue[];

  constructor(issues: readonly ImportIssue[]) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    super(`cannot import ${issues[0]?.file ?? 'file'} (${count}):\n${formatIssues(errors)}`);
    this.name = 'ImportError';
    this.issues = issues;
  }
}

/** Collects issues for one file; `throwIfErrors` ends an import stage that found errors. */
export class IssueSink {
  readonly issues: ImportIssue[] = [];

  constructor(readonly file: string) {}

  error(at: XmlElement | null, message: string): void {
    this.add('error', at, message);
  }

  warn(at: XmlElement | null, message: string): void {
    this.add('warning', at, message);
  }

  get warnings(): ImportIssue[] {
    return this.issues.filter((issue) => issue.severity === 'warning');
  }

  throwIfErrors(): void {
    if (this.issues.some((issue) => issue.severity === 'error')) throw new ImportError(this.issues);
  }

  private add(severity: ImportIssue['severity'], at: XmlElement | null, message: string): void {
    this.issues.push({ file: this.file, path: at?.path ?? '', line: at?.line ?? 0, col: at?.col ?? 0, message, severity });
  }
}
