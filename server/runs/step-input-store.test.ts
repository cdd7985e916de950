/**
 * Step inputs on the real database: a step's rows hold references to the upstream steps it read, never
 * their outputs, and a run resumed after a restart rebuilds its steps' inputs from those outputs.
 */
import { expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import type { NodeId, RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger, type RunEvent } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { resolveStepInput } from '@/server/engine/step-input';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { createProbeTypes, ProbeLog } from '@/server/engine/testing/probes';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { PrismaRunStore } from './prisma-run-store';

const BIG = 'upstream-output-'.repeat(50);

function engineOn(db: PrismaClient) {
  const log = new ProbeLog();
  const registry = createRegistry([...builtInNodeTypes, ...createProbeTypes(log)]);
  const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store: new PrismaRunStore(db), dispatcher, events: new MemoryEventBus(), clock: realClock, registry });
  return { engine, log };
}

const fanIn = () =>
  makeGraph({
    nodes: [{ id: 'start', type: 'input' }, { id: 'a', config: { output: { text: BIG } } }, { id: 'b', config: { output: 'B' } }, 'join'],
    edges: ['start->a', 'start->b', 'a->join', 'b->join'],
  });

interface InputRow {
  nodeId: string;
  input: string | null;
}

describeEachDb('step inputs stored as references', (getDb) => {
  it('stores the ids of the upstream steps in the step and attempt rows; the output is stored once', async () => {
    const db = getDb().client;
    const runId = (await queueRun(db, fanIn(), { q: 1 })) as RunId;
    const { engine, log } = engineOn(db);
    await engine.start(runId);
    expect((await engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
    expect(log.first('join')?.inputs).toEqual({ a: { text: BIG }, b: 'B' });

    const steps = await db.$queryRawUnsafe<InputRow[]>(`SELECT "nodeId", input::text AS input FROM "RunStep" WHERE "runId" = $1 ORDER BY "nodeId"`, runId);
    const attempts = await db.$queryRawUnsafe<InputRow[]>(`SELECT "nodeId", input::text AS input FROM "StepRun" WHERE "runId" = $1 ORDER BY "nodeId"`, runId);
    for (const rows of [steps, attempts]) {
      expect(Object.fromEntries(rows.map((row) => [row.nodeId, JSON.parse(row.input ?? 'null')]))).toEqual({
        start: { $from: [] },
        a: { $from: ['start'] },
        b: { $from: ['start'] },
        join: { $from: ['a', 'b'] },
      });
    }
    // The big output is written once, in a's row, and in no event.
    const copies = await db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT ((SELECT count(*) FROM "RunStep" WHERE "runId" = $1 AND concat(input::text, output::text) LIKE $2)
        + (SELECT count(*) FROM "StepRun" WHERE "runId" = $1 AND concat(input::text, output::text) LIKE $2)
        + (SELECT count(*) FROM "RunEvent" WHERE "runId" = $1 AND payload::text LIKE $2))::int AS n`,
      runId,
      `%${BIG}%`,
    );
    expect(copies[0]?.n).toBe(2); // a's step row and a's attempt row: its output, not a copy elsewhere

    // Read back as the run view reads it: references resolved against the other steps' outputs.
    const read = await db.runStep.findMany({ where: { runId } });
    const join = read.find((step) => step.nodeId === 'join');
    expect(resolveStepInput(join?.input, (id) => read.find((step) => step.nodeId === id)?.output)).toEqual({ a: { text: BIG }, b: 'B' });
  });

  it('a run resumed after a restart gives the interrupted step the outputs its references name', async () => {
    const db = getDb().client;
    const runId = (await queueRun(db, fanIn())) as RunId;
    // What a process that died while `join` ran left behind.
    const at = Date.now();
    const node = (id: string) => id as NodeId;
    const done = (id: string, output: unknown, from: string[]) => ({
      nodeId: node(id), status: 'SUCCEEDED' as const, attempt: 1, input: { $from: from }, output, handles: ['out'], startedAt: at, finishedAt: at,
      attemptRecord: { attempt: 1, status: 'SUCCEEDED' as const, isResumed: false, startedAt: at, finishedAt: at },
    });
    const events: RunEvent[] = ['start', 'a', 'b'].map((id, i) => ({ type: 'step.status', nodeId: node(id), status: 'SUCCEEDED', attempt: 1, runId, seq: i + 2, at }));
    events.push({ type: 'step.status', nodeId: node('join'), status: 'RUNNING', attempt: 1, runId, seq: 5, at });
    await new PrismaRunStore(db).commit({
      runId,
      run: { status: 'RUNNING', startedAt: at },
      steps: [
        done('start', {}, []), done('a', { text: BIG }, ['start']), done('b', 'B', ['start']),
        { nodeId: node('join'), status: 'RUNNING', attempt: 1, input: { $from: ['a', 'b'] }, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } },
      ],
      events,
    });

    const { engine, log } = engineOn(db);
    expect(await engine.recover()).toContain(runId);
    expect((await engine.untilAtRest(runId)).status).toBe('SUCCEEDED');
    expect(log.entries.map((e) => [e.id, e.attempt, e.isResumed])).toEqual([['join', 2, true]]);
    expect(log.first('join')?.inputs).toEqual({ a: { text: BIG }, b: 'B' });
  });
});
