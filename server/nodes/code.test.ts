/**
 * `code` through the engine and the real database: its output flows on, and a runaway or hostile script
 * fails only its own step, with a typed error that names the node, and is not retried.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { createRunRuntime } from '@/server/runs/runtime';
import type { PrismaClient } from '@/server/generated/prisma/client';

function codeGraph(code: string, extra: Record<string, unknown> = {}) {
  return makeGraph({
    nodes: [
      { id: 'start', type: 'input' },
      { id: 'double', type: 'transform', config: { expression: '{ "items": input.items.($ * 2) }' } },
      { id: 'script', type: 'code', config: { code, ...extra }, policy: { retry: { maxAttempts: 3, initialDelayMs: 1, multiplier: 1, maxDelayMs: 1 } } },
      { id: 'result', type: 'output', config: { result: '{{ steps.script.output }}' } },
    ],
    edges: ['start->double', 'double->script', 'script->result'],
  });
}

async function runGraph(db: PrismaClient, graph: unknown, input: Record<string, unknown>) {
  const team = await makeTeam(db, 'Coders');
  const runtime = createRunRuntime(db);
  const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
  const caller = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  const { id } = await caller.runs.start({ masteryId, input });
  await runtime.engine.untilAtRest(id as RunId);
  return caller.runs.get({ id });
}

describeEachDb('code node', (getDb) => {
  it('returns a JSON value computed from the upstream output and the run input', async () => {
    const run = await runGraph(getDb().client, codeGraph('return { sum: input.value.items.reduce((a, b) => a + b, 0), region: input.run.region, from: Object.keys(input.steps) }'), {
      items: [1, 2, 3],
      region: 'north',
    });
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { sum: 12, region: 'north', from: ['double'] } });
  });

  it('fails a runaway loop once with SANDBOX_TIMEOUT naming the node, without retrying', async () => {
    const run = await runGraph(getDb().client, codeGraph('while (true) {}', { timeoutMs: 200 }), { items: [] });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'SANDBOX_TIMEOUT', nodeId: 'script' });
    expect(JSON.stringify(run.error)).toContain('Node \\"script\\" (code): code ran longer than 200 ms');
    expect(run.attempts.filter((a) => a.nodeId === 'script')).toHaveLength(1);
  });

  it('fails a script that reaches for the host with CODE_FAILED', async () => {
    const run = await runGraph(getDb().client, codeGraph("return require('fs').readFileSync('/etc/passwd', 'utf8')"), { items: [] });
    expect(run.error).toMatchObject({ code: 'CODE_FAILED', nodeId: 'script' });
    expect(JSON.stringify(run.error)).toContain("'require' is not defined");
  });

  it('refuses a config without code when the graph is started', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Empty code');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, codeGraph(''));
    await expect(team.as('EDITOR').runs.start({ masteryId, input: { items: [] } })).rejects.toThrow(/config\.code/);
  });
});
