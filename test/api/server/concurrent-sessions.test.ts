/** Acceptance: the server holds 32 sessions at once, refuses one past its limit, expires idle ones. */
import { createApp } from '../../../api/server/app';
import { listen } from '../../../api/server/listen';
import { postJson, startTestServer } from './server-fixture';

const SESSIONS = 32;
const STEPS = 20;

describe('concurrent sessions', () => {
  test('32 sessions stepped concurrently each advance on their own, independent of the others', async () => {
    const server = await startTestServer({ maxSessions: SESSIONS });
    try {
      const ids = await Promise.all(
        Array.from({ length: SESSIONS }, async (_, i) => {
          const res = await postJson(`${server.url}/api/sessions`, { scenario: 'lead_vehicle_hard_brake', seed: i % 4 });
          expect(res.status).toBe(201);
          return ((await res.json()) as { id: string }).id;
        }),
      );
      expect(new Set(ids).size).toBe(SESSIONS);
      const finalSpeeds = await Promise.all(
        ids.map(async (id, i) => {
          let speed = 0;
          for (let k = 0; k < STEPS; k++) {
            const res = await postJson(`${server.url}/api/sessions/${id}/step`, { action: { accel_steer: { accel_mps2: i % 2 === 0 ? 1 : -1, steer_rad: 0 } } });
            expect(res.status).toBe(200);
            const body = (await res.json()) as { observation: { step: number; ego: { speed_mps: number } } };
            expect(body.observation.step).toBe(k + 1);
            speed = body.observation.ego.speed_mps;
          }
          return speed;
        }),
      );
      // Sessions with the same seed and actions end in the same state; opposite actions differ.
      expect(finalSpeeds[0]).toBe(finalSpeeds[4]);
      expect(finalSpeeds[0]).toBeGreaterThan(finalSpeeds[1]);
      const over = await postJson(`${server.url}/api/sessions`, { scenario: 'cut_in' });
      expect(over.status).toBe(429);
      expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/too many sessions \(32/);
      expect((await fetch(`${server.url}/api/sessions/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
      expect((await postJson(`${server.url}/api/sessions`, { scenario: 'cut_in' })).status).toBe(201);
    } finally {
      await server.close();
    }
  }, 60_000);

  test('a session idle past the timeout is gone (404) and frees its slot', async () => {
    const IDLE_MS = 200;
    const api = createApp({ maxSessions: 1, sessionIdleMs: IDLE_MS, log: () => undefined });
    const running = await listen(api, { port: 0 });
    try {
      const first = (await (await postJson(`${running.url}/api/sessions`, { scenario: 'cut_in' })).json()) as { id: string };
      expect((await postJson(`${running.url}/api/sessions`, { scenario: 'cut_in' })).status).toBe(429);
      await new Promise((r) => setTimeout(r, IDLE_MS * 2));
      expect((await fetch(`${running.url}/api/sessions/${first.id}`)).status).toBe(404);
      expect((await postJson(`${running.url}/api/sessions`, { scenario: 'cut_in' })).status).toBe(201);
    } finally {
      await running.close();
    }
  });
});
