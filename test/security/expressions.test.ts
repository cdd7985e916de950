/**
 * The expression boundary: a user's JSONata (a `transform`, a template) or input-schema `pattern` runs
 * in a child process, so a runaway one ends its step with EXPRESSION_FAILED naming the limit it hit, while
 * the server's event loop keeps answering and its process lives on.
 *
 * To add a case: one row in `hostile` (the expression and the limit its message must name), or one in
 * `unusableSchemas`. The last block proves the same through the real tRPC endpoint over HTTP.
 */
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPRESSION_LIMITS, evaluateExpression, evaluateTemplate } from '@/server/engine/expressions';
import type { RunId } from '@/server/engine/graph';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { AppError } from '@/server/errors';
import { checkRunInput } from '@/server/runs/run-input';
import { ExpressionPool } from '@/server/sandbox/expression-pool';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { describeEachDb } from '@/test/db';
import { startApiServer, type ApiServer } from '@/test/http-api';

// 30 characters on which /^(a+)+$/ backtracks about 2^29 times before it fails.
const EVIL_TEXT = `${'a'.repeat(29)}b`;
const CATASTROPHIC = '^(a+)+$';
const scope = { input: { s: EVIL_TEXT, n: 21 }, steps: { a: { output: [1, 2, 3] } }, run: { id: 'r1' } };

const STOPPED = /ran longer than 1000 ms and was stopped/;
const MEMORY_OR_TIME = /ran out of memory \(the evaluator's 128 MB\) and was stopped|ran longer than 1000 ms/;

const hostile: Array<{ name: string; expression: string; limit: RegExp }> = [
  { name: 'the $pad bomb', expression: "$length($pad('', 140000000))", limit: MEMORY_OR_TIME },
  { name: '$join of a huge array', expression: '$join([1..10000000].$string($))', limit: MEMORY_OR_TIME },
  { name: 'a string doubled by & in a loop', expression: '($d := function($x, $n){ $n = 0 ? $x : $d($x & $x, $n - 1) }; $length($d("ab", 40)))', limit: /ran out of memory|ran longer than 1000 ms|larger than the size limit/ },
  { name: 'a recursive function', expression: '($f := function($x){ $f($x + 1) }; $f(1))', limit: /ran longer than 1000 ms/ },
  { name: 'deep recursion', expression: '($f := function($x){ $x = 0 ? 0 : 1 + $f($x - 1) }; $f(100000))', limit: /exceeded the depth limit of 400/ },
  { name: 'a catastrophic regex on 30 characters', expression: `$contains(input.s, /${CATASTROPHIC}/)`, limit: STOPPED },
  { name: '$replace with a catastrophic regex', expression: `$replace(input.s, /${CATASTROPHIC}/, "x")`, limit: STOPPED },
  { name: 'a range past JSONata’s own cap', expression: '[1..100000000]', limit: /must not exceed 1e7/ },
  { name: 'a range of ranges', expression: '$count([1..10000000].[1..10000000])', limit: MEMORY_OR_TIME },
  { name: 'a result too large to hand back', expression: '$pad("", 9000000)', limit: /more than 8388608 characters of JSON, the limit|ran longer than 1000 ms/ },
];

// Far below the 1 s the runaways run for; not 100 ms, since the test machine's load alone can pause a
// process that long (bench/runaway.ts measures the latency itself).
const PAUSE_BOUND_MS = 500;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The longest pause of this process's event loop while `work` runs (a 5 ms timer's late ticks). */
async function longestPause(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  await work.catch(() => undefined);
  clearInterval(timer);
  return Math.max(longest, performance.now() - last);
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the expression to fail');
}

describe('hostile expressions', () => {
  const pool = new ExpressionPool();
  const limits = { ...DEFAULT_EXPRESSION_LIMITS, isolation: pool };
  afterAll(() => pool.close());

  it.each(hostile)('$name ends with EXPRESSION_FAILED naming the limit, the event loop running meanwhile', async ({ expression, limit }) => {
    const started = performance.now();
    const work = evaluateExpression(expression, scope, limits);
    const [error, pause] = await Promise.all([failure(work), longestPause(work)]);
    expect(error.code).toBe('EXPRESSION_FAILED');
    expect(error.message).toContain(`Expression "${expression}"`);
    expect(error.message).toMatch(limit);
    // The child's start-up is not counted in its 1 s; the kill comes 200 ms after the limit.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pause).toBeLessThan(PAUSE_BOUND_MS);
  });

  it('goes on evaluating after its children were killed or died', async () => {
    expect(await evaluateExpression('input.n * 2', scope, limits)).toBe(42);
    expect(await evaluateTemplate('{{ $sum(steps.a.output) }} of {{ run.id }}', scope, limits)).toBe('6 of r1');
  });

  it('sends a child only the steps and bindings the expression names', async () => {
    const wide = { ...scope, steps: { a: { output: 1 }, b: { output: 2 } } };
    expect(await evaluateExpression('$keys($$.steps)', wide, limits)).toBeUndefined();
    expect(await evaluateExpression('[steps.b.output, $count($keys($$.steps))]', wide, limits)).toEqual([2, 1]);
    expect(await evaluateExpression('[$item, $other]', wide, limits, { item: 'x', other: 'y', unused: 'z' })).toEqual(['x', 'y']);
    expect(await evaluateExpression('$keys($)', wide, limits, { unused: 'z' })).toEqual(['input', 'steps', 'run']);
  });
});

const unusableSchemas: Array<{ name: string; schema: Record<string, unknown>; reason: RegExp }> = [
  { name: 'a $ref to the root', schema: { $ref: '#' }, reason: /"\$ref" at \$ref leads back/ },
  { name: 'a property referring to the root', schema: { type: 'object', properties: { child: { $ref: '#' } } }, reason: /"\$ref" at properties\.child\.\$ref leads back/ },
  { name: 'a $defs cycle', schema: { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }, reason: /leads back to a schema that contains it/ },
  { name: 'a pattern that is no regex', schema: { type: 'object', properties: { s: { type: 'string', pattern: '(' } } }, reason: /Invalid regular expression/ },
  { name: 'a catastrophic pattern', schema: { type: 'object', properties: { s: { type: 'string', pattern: CATASTROPHIC } } }, reason: STOPPED },
];

describe('input schemas', () => {
  it.each(unusableSchemas)('refuses $name with 400 naming settings.inputSchema, the event loop running meanwhile', async ({ schema, reason }) => {
    const work = checkRunInput(schema, { s: EVIL_TEXT, child: {} }, 'team');
    const [error, pause] = await Promise.all([failure(work), longestPause(work)]);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(reason);
    expect(error.issues).toEqual([{ path: 'settings.inputSchema', message: expect.stringMatching(reason) as unknown }]);
    expect(pause).toBeLessThan(PAUSE_BOUND_MS);
  });

  it('still checks inputs against a usable schema, naming the field', async () => {
    const schema = { type: 'object', properties: { region: { type: 'string', pattern: '^[a-z]+$' } }, required: ['region'] };
    expect(await checkRunInput(schema, { region: 'north' }, 'team')).toEqual({ region: 'north' });
    const error = await failure(checkRunInput(schema, { region: 'North 1' }, 'team'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.issues?.[0]?.path).toBe('input.region');
  });
});

const transformGraph = (expression: string) =>
  makeGraph({
    nodes: [{ id: 'input', type: 'input' }, { id: 'shape', type: 'transform', config: { expression } }],
    edges: ['input->shape'],
  });

describeEachDb('runaway expressions through the real API', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let editor: ApiServer;
  let viewer: ApiServer;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Runaways');
    editor = await startApiServer(db, { user: team.members.EDITOR, activeTeamId: team.id });
    viewer = await startApiServer(db, { user: team.members.VIEWER, activeTeamId: team.id });
  });
  afterAll(async () => {
    await editor.close();
    await viewer.close();
  });

  /** Calls `runs.get` over and over until `until` settles; returns each call's latency. */
  async function latenciesWhile(until: Promise<unknown>, runId: string): Promise<number[]> {
    let isDone = false;
    void until.finally(() => (isDone = true));
    const latencies: number[] = [];
    while (!isDone) {
      const started = performance.now();
      await viewer.client.runs.get.query({ id: runId });
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return latencies;
  }

  it('fails the $pad bomb and the catastrophic regex steps while the API answers within 100 ms, and runs on afterwards', async () => {
    const db = getDb().client;
    const bomb = await makeMasteryWithGraph(db, team.id, transformGraph("$length($pad('', 140000000))"));
    const regex = await makeMasteryWithGraph(db, team.id, transformGraph(`$contains(input.s, /${CATASTROPHIC}/)`));
    const fine = await makeMasteryWithGraph(db, team.id, transformGraph('input.n * 2'));
    const warm = await editor.client.runs.start.mutate({ masteryId: fine.masteryId, input: { n: 1 } });
    await runtimeFor(db).engine.untilAtRest(warm.id as RunId);

    const runs = [
      await editor.client.runs.start.mutate({ masteryId: bomb.masteryId, input: {} }),
      await editor.client.runs.start.mutate({ masteryId: regex.masteryId, input: { s: EVIL_TEXT } }),
    ];
    const settled = Promise.all(runs.map((run) => runtimeFor(db).engine.untilAtRest(run.id as RunId)));
    const latencies = await latenciesWhile(settled, runs[0]?.id ?? '');
    expect(latencies.length).toBeGreaterThan(5);
    expect(median(latencies)).toBeLessThan(100);
    // In the server's thread the regex alone would hold every call for tens of seconds.
    expect(Math.max(...latencies)).toBeLessThan(PAUSE_BOUND_MS);

    for (const [run, limit] of [[runs[0], MEMORY_OR_TIME], [runs[1], STOPPED]] as const) {
      const stored = await viewer.client.runs.get.query({ id: run?.id ?? '' });
      expect(stored.status).toBe('FAILED');
      const step = stored.steps.find((s) => s.nodeId === 'shape');
      expect(step?.status).toBe('FAILED');
      expect(step?.error).toMatchObject({ code: 'EXPRESSION_FAILED', message: expect.stringMatching(limit) as unknown });
    }

    const after = await editor.client.runs.start.mutate({ masteryId: fine.masteryId, input: { n: 21 } });
    await runtimeFor(db).engine.untilAtRest(after.id as RunId);
    const done = await viewer.client.runs.get.query({ id: after.id });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.find((s) => s.nodeId === 'shape')?.output).toBe(42);
  });

  it('refuses a self-referencing input schema with 400 naming settings.inputSchema, on save and on run start', async () => {
    const db = getDb().client;
    const graph = { ...transformGraph('input'), settings: { inputSchema: { type: 'object', properties: { child: { $ref: '#' } } } } };
    const stored = await makeMasteryWithGraph(db, team.id, graph);
    // Thunks: both calls fail, and the second must not reject before anything awaits it.
    for (const call of [
      () => editor.client.versions.saveDraft.mutate({ masteryId: stored.masteryId, baseVersionId: stored.versionId, graph }),
      () => editor.client.runs.start.mutate({ masteryId: stored.masteryId, input: { child: {} } }),
    ]) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCClientError);
      const clientError = error as TRPCClientError<never>;
      expect(clientError.data).toMatchObject({ httpStatus: 400 });
      expect(clientError.message).toContain('settings.inputSchema');
    }
    expect(await db.masteryVersion.count({ where: { masteryId: stored.masteryId } })).toBe(1);
    expect(await db.run.count({ where: { masteryId: stored.masteryId } })).toBe(0);
  });
});
