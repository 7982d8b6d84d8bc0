/** Writes results.json, junit.xml and report.html into the output folder, each atomically. */
import { join } from 'node:path';
import { writeFileAtomic } from '../../api/atomic-write';
import { junitXml } from './junit-xml';
import { reportHtml } from './report-html';
import { resultsJson, type ResultsDocument } from './results-document';

export const REPORT_FILES = { results: 'results.json', junit: 'junit.xml', html: 'report.html' } as const;

export function writeReports(outDir: string, doc: ResultsDocument): { results: string; junit: string; html: string } {
  const paths = { results: join(outDir, REPORT_FILES.results), junit: join(outDir, REPORT_FILES.junit), html: join(outDir, REPORT_FILES.html) };
  writeFileAtomic(paths.results, resultsJson(doc));
  writeFileAtomic(paths.junit, junitXml(doc));
  writeFileAtomic(paths.html, reportHtml(doc));
  return paths;
}
