/** Loads the hand-written OpenDRIVE fixtures of test/fixtures/opendrive. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { readOpenDrive, type OpenDriveImport } from '../../../../scenarios/import/opendrive/read-opendrive';

export const FIXTURES_DIR = join(__dirname, '../../../fixtures/opendrive');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

export function importFixture(name: string): OpenDriveImport {
  return readOpenDrive(fixtureText(name), name);
}
