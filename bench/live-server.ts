/**
 * The server process of bench/live.ts: the app's tRPC HTTP handler (what /api/trpc serves) with the real
 * run runtime, over the embedded database in DATA_DIR (or PostgreSQL at DATABASE_URL), on a free port.
 * The session is replaced by the bench team's editor, as in test/http-api.ts. It sets up a team and a
 * mastery of STEPS delay steps, then prints one JSON line ({ url, masteryId }) and serves until killed.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import { openDb } from '@/server/db/connect';
import { configuredTarget } from '@/server/db/target';
import { applyMigrations } from '@/server/db/migrate';
import { createTrpcHandler } from '@/server/api/http-handler';
import { createRunRuntime } from '@/server/runs/runtime';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import type { LiveEvent } from '@/server/engine/ports';
import { createNodeServices } from '@/server/runs/node-services';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { makeMasteryWithGraph, makeTeam } from '@/test/api';
import { serveOverHttp } from '@/test/http-api';

const options = z.object({ STEPS: z.coerce.number().int().min(1), STEP_MS: z.coerce.number().int().min(0), FIRST_STEP_MS: z.coerce.number().int().min(0) }).parse(process.env);

// Migrated first and opened again, as `npm start` does (setup, then the server): the embedded database
// learns its array types (of the enums the migrations create) when it opens.
const setup = openDb(configuredTarget());
await applyMigrations(setup);
await setup.close();
const handle = openDb(configuredTarget());
const db = handle.client;
// The in-process bus, told when each event is published (its commit done): how much of an event's delay
// is the commit, and how much the way to the client. Printed as a second JSON line when stopped.
const publishDelays: number[] = [];
class TimedBus extends MemoryEventBus {
  override publish(events: readonly LiveEvent[]): void {
    const now = Date.now();
    for (const event of events) if (event.type !== 'step.partial') publishDelays.push(now - event.at);
    super.publish(events);
  }
}
const runtime = createRunRuntime(db, { services: createNodeServices(db), events: new TimedBus() });
// How late this process runs a 10 ms timer: waiting for a core, or busy (an embedded statement blocks it).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

// input → step_1 → … → step_N; the first waits longer, so that every client is listening before the rest.
const ids = Array.from({ length: options.STEPS }, (_, i) => `step_${i + 1}`);
const graph = makeGraph({
  nodes: [{ id: 'input', type: 'input' }, ...ids.map((id, i) => ({ id, type: 'delay', config: { ms: i === 0 ? options.FIRST_STEP_MS : options.STEP_MS } }))],
  edges: ['input', ...ids].slice(0, -1).map((from, i) => `${from}->${ids[i]}`),
});
const team = await makeTeam(db, 'Live bench');
const { masteryId } = await makeMasteryWithGraph(db, team.id, graph, 'Live bench');

const trpc = createTrpcHandler(async () => ({
  db,
  runtime: () => runtime,
  user: team.members.EDITOR,
  clientAddress: '192.0.2.1',
  activeTeamId: team.id,
  setActiveTeam: () => undefined,
}));

const { origin } = await serveOverHttp(trpc);
console.log(JSON.stringify({ url: `${origin}/api/trpc`, masteryId }));
// Stopped by bench/live.ts: the database is closed first, so the data folder can be removed.
process.once('SIGTERM', () => {
  const loopDelayMs = { p50: loopDelay.percentile(50) / 1e6, p95: loopDelay.percentile(95) / 1e6, max: loopDelay.max / 1e6 };
  console.log(JSON.stringify({ publishDelays, loopDelayMs }));
  runtime.stop();
  void handle.close().finally(() => process.exit(0));
});
