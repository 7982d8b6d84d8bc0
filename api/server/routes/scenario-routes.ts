/** The scenario library and the scenarios dir: list, get, validate, save. */
import { Router, type Request } from 'express';
import { encodeMessage } from '../../proto/codec';
import { scenarioSummary } from '../../proto/scenario-summary';
import { HttpError } from '../http-error';
import { jsonBody, requestFormat, textBody } from '../negotiation';
import { objectBody, stringField } from '../request-fields';
import { checkScenarioName, validateSpecText, type ScenarioStore } from '../scenario-store';
import { jsonOfBytes } from '../server-protocol';

/** Spec text from a text/yaml body, or from JSON `{text, format?}`. */
export function specTextOf(req: Request): { text: string; format: 'yaml' | 'json' } {
  if (requestFormat(req) === 'text') return { text: textBody(req), format: 'yaml' };
  if (requestFormat(req) === 'protobuf') throw new HttpError(415, 'send the spec as text/yaml or as JSON {"text": ...}');
  const body = objectBody(jsonBody(req));
  const text = stringField(body, 'text', true) as string;
  const format = stringField(body, 'format', false) ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new HttpError(400, `'format' must be 'yaml' or 'json', got '${format}'`, 'format');
  return { text, format };
}

export function scenarioRoutes(store: ScenarioStore): Router {
  const router = Router();

  router.get('/api/scenarios', (_req, res) => {
    const scenarios = store.list().map((e) => {
      try {
        const { spec } = store.source(e.name);
        return { name: e.name, origin: e.origin, summary: jsonOfBytes('ScenarioSummary', encodeMessage('ScenarioSummary', scenarioSummary(spec))) };
      } catch (error) {
        return { name: e.name, origin: e.origin, summary: null, problem: toProblem(error) };
      }
    });
    res.json({ scenarios });
  });

  router.get('/api/scenarios/:name', (req, res) => {
    const entry = store.find(req.params.name);
    const source = store.source(entry.name);
    res.json({ name: entry.name, origin: entry.origin, text: source.text, summary: jsonOfBytes('ScenarioSummary', encodeMessage('ScenarioSummary', scenarioSummary(source.spec))) });
  });

  router.post('/api/scenarios/validate', (req, res) => {
    const { text, format } = specTextOf(req);
    const report = validateSpecText(text, format);
    res.json({ ...report, summary: report.summary === null ? null : jsonOfBytes('ScenarioSummary', encodeMessage('ScenarioSummary', report.summary)) });
  });

  router.put('/api/scenarios/:name', (req, res) => {
    const name = checkScenarioName(req.params.name);
    const { text, format } = specTextOf(req);
    if (format !== 'yaml') throw new HttpError(400, 'scenarios are saved as YAML; send YAML text (JSON is valid YAML too, with format "yaml")', 'format');
    const saved = store.save(name, text);
    res.status(saved.created ? 201 : 200).json({ name, saved: true, warnings: saved.report.warnings });
  });

  return router;
}

function toProblem(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
