/**
 * Errors a user can act on, turned into the message they should read. Anything not listed here is
 * a bug in dreamdrive and is reported as an internal error by main.ts.
 */
import { ModelError } from '../../model/runtime/model-error';
import { SpecError } from '../../scenarios/errors';
import { RoadSpecError } from '../../sim/road/road-spec-error';
import { PolicyError } from '../../sim/policies/trajectory-policy';
import { EventActionError } from '../../sim/world/events';
import { SetupError } from '../../sim/world/init';
import { CliError } from './cli-error';

export function formatKnownError(err: unknown): string | null {
  if (err instanceof SpecError) return err.message;
  if (err instanceof CliError) return err.message;
  if (err instanceof ModelError) return err.message;
  if (err instanceof RoadSpecError) return err.message;
  if (err instanceof SetupError || err instanceof PolicyError || err instanceof EventActionError) return err.message;
  return null;
}
