/**
 * Child runs are bounded: a mastery that starts runs of itself (a `map` whose items run it, `mastery`
 * steps that call it) stops at the team's budgets, which count child runs like any run, at the cap of
 * MAX_CHILD_RUNS runs below one top-level run, or at the depth limit; it ends FAILED with the code of the
 * limit, and nothing is left going. Real API, real database, real engine.
 *
 * To add a case: a graph builder (given the mastery's own id), the budget to set if any, how many runs the
 * rules allow in all, and the code and words the top run's error must carry.
 */
import { expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { isRunFinished } from '@/server/engine/run-state';
import { MAX_CHILD_RUNS } from '@/server/runs/child-run-limit';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam } from '@/test/api';

const DEPTH = 20; // the highest depth limit a step may set, so the other limits are the ones that stop these

/** Maps over three items, each item a run of the mastery itself. */
const mapsOverItself = (self: string) =>
  makeGraph({
    nodes: [{ id: 'input', type: 'input' }, { id: 'each', type: 'map', config: { items: '[1, 2, 3]', masteryId: self, maxDepth: DEPTH } }, { id: 'result', type: 'output' }],
    edges: ['input->each', 'each->result'],
  });

/** `mastery` steps that call the mastery itself: `calls` of them side by side. */
const callsItself = (calls: number) => (self: string) => {
  const steps = Array.from({ length: calls }, (_, i) => `call${i + 1}`);
  return makeGraph({
    nodes: [{ id: 'input', type: 'input' }, ...steps.map((id) => ({ id, type: 'mastery', config: { masteryId: self, maxDepth: DEPTH, input: '{{ {} }}' } })), { id: 'result', type: 'output' }],
    edges: steps.flatMap((id) => [`input->${id}`, `${id}->result`]),
  });
};

interface Case {
  name: string;
  graph: (self: string) => unknown;
  /** The team's limit of runs at a time, when the case sets one. */
  maxConcurrentRuns?: number;
  /** Runs in all, the top-level one included, once everything ended. */
  runs: number;
  code: string;
  says: string;
}

const cases: Case[] = [
  {
    name: 'a mastery that maps over itself, under a team limit of one run at a time',
    graph: mapsOverItself,
    maxConcurrentRuns: 1,
    runs: 1, // its first item would be a second run at a time
    code: 'BUDGET_EXCEEDED',
    says: 'allows 1 run at a time and 1 is going (sub-mastery runs count too)',
  },
  {
    name: 'a mastery that maps over itself',
    graph: mapsOverItself,
    runs: 1 + MAX_CHILD_RUNS,
    code: 'CHILD_RUN_LIMIT',
    says: `has already started ${MAX_CHILD_RUNS} sub-mastery runs (at all depths)`,
  },
  {
    name: 'a mastery that calls itself twice',
    graph: callsItself(2),
    runs: 1 + MAX_CHILD_RUNS,
    code: 'CHILD_RUN_LIMIT',
    says: `has already started ${MAX_CHILD_RUNS} sub-mastery runs (at all depths)`,
  },
  {
    name: 'a mastery that calls itself once',
    graph: callsItself(1),
    runs: 1 + DEPTH, // one chain, stopped by the depth limit
    code: 'CHILD_RUN_FAILED',
    says: `MASTERY_DEPTH_EXCEEDED): Node "call1" (mastery): depth limit ${DEPTH} reached`,
  },
];

const GOING = ['QUEUED', 'RUNNING', 'WAITING'] as const;

async function runsOf(db: PrismaClient, teamId: string) {
  return db.run.findMany({ where: { teamId }, select: { id: true, status: true, depth: true, error: true } });
}

describeEachDb('child runs', (getDb) => {
  for (const c of cases) {
    it(`${c.name}: stops at ${c.runs} run(s) in all and ends FAILED with ${c.code}`, async () => {
      const db = getDb().client;
      const team = await makeTeam(db, 'Recursion');
      const { masteryId, versionId } = await makeMasteryWithGraph(db, team.id, makeGraph({ nodes: [{ id: 'input', type: 'input' }], edges: [] }));
      await db.masteryVersion.update({ where: { id: versionId }, data: { graph: c.graph(masteryId) as object } });
      if (c.maxConcurrentRuns !== undefined) {
        await team.as('OWNER').budgets.save({ masteryId: null, period: 'DAY', maxCostUsd: null, maxTokens: null, maxConcurrentRuns: c.maxConcurrentRuns });
      }

      const viewer = team.as('VIEWER');
      const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
      const top = await vi.waitFor(
        async () => {
          const run = await viewer.runs.get({ id });
          expect(isRunFinished(run.status)).toBe(true);
          return run;
        },
        { timeout: 150_000, interval: 100 },
      );
      // Never stuck: every run of the tree ends (cancelled siblings may take a moment after the top one).
      const all = await vi.waitFor(
        async () => {
          const runs = await runsOf(db, team.id);
          expect(runs.filter((r) => (GOING as readonly string[]).includes(r.status))).toEqual([]);
          return runs;
        },
        { timeout: 30_000, interval: 100 },
      );

      expect(top.status).toBe('FAILED');
      expect(top.error).toMatchObject({ code: c.code, message: expect.stringContaining(c.says) });
      expect(all).toHaveLength(c.runs);
      expect(Math.max(...all.map((r) => r.depth))).toBeLessThanOrEqual(DEPTH);
    }, 200_000);
  }
});
