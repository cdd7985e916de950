/** `map` through the engine and the real database: order, concurrency cap, failFast vs collectErrors, chunking, cancel. */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { defineNodeType, done } from '@/server/engine/node-type';
import type { RunId } from '@/server/engine/graph';
import { NodeError } from '@/server/errors';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';
import { builtInNodeTypes, createRegistry } from './index';
import { chunkCount, chunkItems } from './map-chunks';

// Counts item runs in flight across child runs: the proof that the cap holds.
const gauge = { now: 0, max: 0 };
const gaugeNode = defineNodeType({
  type: 'gauge',
  title: 'Gauge',
  category: 'flow',
  description: 'Counts concurrent executions (tests only).',
  icon: 'gauge',
  configSchema: z.object({ ms: z.number().int(), failOn: z.number().optional() }),
  outputs: ['out'],
  async execute(ctx) {
    gauge.now += 1;
    gauge.max = Math.max(gauge.max, gauge.now);
    try {
      await ctx.clock.sleep(ctx.config.ms, ctx.signal);
      const { item } = z.object({ item: z.number() }).parse(ctx.runInput);
      if (item === ctx.config.failOn) throw new NodeError('NODE_FAILED', `item ${item} is bad`, { retryable: false });
      return done(item * 10);
    } finally {
      gauge.now -= 1;
    }
  },
});

type Team = Awaited<ReturnType<typeof makeTeam>>;

const itemGraph = (config: Record<string, unknown>) =>
  makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'work', type: 'gauge', config }, { id: 'result', type: 'output' }], edges: ['input->work', 'work->result'] });

const mapGraph = (config: Record<string, unknown>) =>
  makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'each', type: 'map', config }, { id: 'result', type: 'output' }], edges: ['input->each', 'each->result'] });

async function mapRun(db: PrismaClient, runtime: RunRuntime, team: Team, item: Record<string, unknown>, map: Record<string, unknown>, input: Record<string, unknown>) {
  const { masteryId } = await makeMasteryWithGraph(db, team.id, itemGraph(item));
  const { masteryId: mapId } = await makeMasteryWithGraph(db, team.id, mapGraph({ masteryId, ...map }));
  const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  const { id } = await editor.runs.start({ masteryId: mapId, input });
  return id as RunId;
}

describe('chunkItems', () => {
  it('cuts a text and a list into overlapping pieces', () => {
    expect(chunkItems('abcdefghij', { size: 4, overlap: 1 })).toEqual(['abcd', 'defg', 'ghij']);
    expect(chunkItems([1, 2, 3, 4, 5], { size: 2, overlap: 0 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunkItems('', { size: 3, overlap: 0 })).toEqual([]);
  });
});

describe('chunkCount', () => {
  it('counts the pieces chunkItems cuts, without cutting', () => {
    for (let length = 0; length <= 30; length += 1) {
      for (const chunk of [{ size: 1, overlap: 0 }, { size: 4, overlap: 1 }, { size: 5, overlap: 4 }, { size: 7, overlap: 0 }, { size: 40, overlap: 3 }]) {
        expect([length, chunk, chunkCount(length, chunk)]).toEqual([length, chunk, (chunkItems('x'.repeat(length), chunk) as unknown[]).length]);
      }
    }
  });
});

describeEachDb('map node', (getDb) => {
  const runtimeOf = (db: PrismaClient) => createRunRuntime(db, { registry: createRegistry([...builtInNodeTypes, gaugeNode]) });

  it('runs a sub-mastery per item, at most `concurrency` at once, with results in item order', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Mappers');
    gauge.max = 0;
    const id = await mapRun(db, runtime, team, { ms: 40 }, { items: 'input.list', input: '{{ { "item": $item } }}', concurrency: 2 }, { list: [1, 2, 3, 4, 5, 6] });
    expect(await runtime.engine.untilAtRest(id)).toMatchObject({ status: 'SUCCEEDED', output: [10, 20, 30, 40, 50, 60] });
    expect(gauge.max).toBe(2);
    const children = await db.run.findMany({ where: { parentRunId: id }, select: { parentStep: true, depth: true } });
    expect(children.map((c) => c.parentStep).sort()).toEqual(['each[0]', 'each[1]', 'each[2]', 'each[3]', 'each[4]', 'each[5]']);
  });

  it('failFast: fails naming the first failed item and cancels the items still running', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Fast failers');
    const id = await mapRun(db, runtime, team, { ms: 30, failOn: 2 }, { items: 'input.list', input: '{{ { "item": $item } }}', concurrency: 2 }, { list: [1, 2, 3, 4, 5, 6] });
    const run = await runtime.engine.untilAtRest(id);
    expect(run.error).toMatchObject({ code: 'MAP_ITEM_FAILED', nodeId: 'each' });
    expect(run.error?.message).toMatch(/Node "each" \(map\): item 1 of 6 failed: .*failed at step "work".*item 2 is bad/);
    // Items after the failure were never started.
    expect(await db.run.count({ where: { parentRunId: id } })).toBeLessThan(6);
  });

  it('collectErrors: runs every item and returns { error } for the failed ones', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Collectors');
    const id = await mapRun(db, runtime, team, { ms: 5, failOn: 2 }, { items: 'input.list', input: '{{ { "item": $item } }}', onItemError: 'collectErrors' }, { list: [1, 2, 3] });
    const run = await runtime.engine.untilAtRest(id);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual([10, { error: { index: 1, code: 'CHILD_RUN_FAILED', message: expect.stringContaining('item 2 is bad') } }, 30]);
  });

  it('chunks a long text into overlapping pieces, one item run each', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Chunkers');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, makeGraph({
      nodes: [{ id: 'input', type: 'input' }, { id: 'len', type: 'transform', config: { expression: '{ "text": input.item, "at": input.index }' } }, { id: 'result', type: 'output' }],
      edges: ['input->len', 'len->result'],
    }));
    const { masteryId: mapId } = await makeMasteryWithGraph(db, team.id, mapGraph({ masteryId, items: 'input.doc', chunk: { size: 4, overlap: 2 } }));
    const { id } = await callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime }).runs.start({ masteryId: mapId, input: { doc: 'abcdefgh' } });
    expect((await runtime.engine.untilAtRest(id as RunId)).output).toEqual([
      { text: 'abcd', at: 0 }, { text: 'cdef', at: 1 }, { text: 'efgh', at: 2 },
    ]);
  });

  it('fails clearly when the items are not a list', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Not lists');
    const id = await mapRun(db, runtime, team, { ms: 0 }, { items: 'input.n' }, { n: 3 });
    expect((await runtime.engine.untilAtRest(id)).error).toMatchObject({ code: 'NODE_FAILED', message: expect.stringContaining('config.items must give a list; got number') });
  });

  it('cancelling the run mid-step cancels every item run in flight', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Map cancellers');
    const id = await mapRun(db, runtime, team, { ms: 60_000 }, { items: 'input.list', input: '{{ { "item": $item } }}', concurrency: 3 }, { list: [1, 2, 3, 4] });
    await vi.waitFor(async () => expect(await db.run.count({ where: { parentRunId: id, status: 'RUNNING' } })).toBe(3));
    await runtime.engine.cancel(id);
    await vi.waitFor(async () => expect(await db.run.count({ where: { parentRunId: id, status: 'CANCELLED' } })).toBe(3));
    expect(await db.run.count({ where: { parentRunId: id } })).toBe(3);
  });

  it('refuses a text that would cut into too many pieces, naming the count it would give', async () => {
    const db = getDb().client;
    const runtime = runtimeOf(db);
    const team = await makeTeam(db, 'Fine choppers');
    const id = await mapRun(db, runtime, team, { ms: 0 }, { items: "$pad('', 5000000, 'x')", chunk: { size: 1 }, maxItems: 10_000 }, {});
    const run = await runtime.engine.untilAtRest(id);
    expect(run.error).toMatchObject({ code: 'NODE_FAILED', message: expect.stringContaining('config.items gave 5000000 items, more than the limit of 10000') });
    expect(await db.run.count({ where: { parentRunId: id } })).toBe(0);
  });
});
