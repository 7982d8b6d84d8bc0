/**
 * The error of a suite file that cannot be run: every problem found, each with the file, the path
 * in the document (`scenarios[2].grid.gap`), line and column, in the format of scenario errors.
 */
import { formatIssues, type SpecIssue } from '../../scenarios/errors';

export class SuiteError extends Error {
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[]) {
    const errors = issues.filter((issue) => issue.severity === 'error').length;
    super(`invalid evaluation suite (${errors === 1 ? '1 error' : `${errors} errors`}):\n${formatIssues(issues)}`);
    this.name = 'SuiteError';
    this.issues = issues;
  }
}
