/**
 * JSON data a person sends (a run input, a test input, a graph) must be plain JSON: a BigInt, NaN,
 * Infinity, a Date, a Map, a Set or a RegExp (which the wire format, superjson, can carry) is refused with
 * 400 naming its path, never a 500 and never silently changed (a Map stored as `{}`). A graph, stored as
 * `jsonb`, also refuses a NUL character or a lone surrogate, naming the node and field. Real routers,
 * real database, and the real HTTP endpoint for the wire format.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, trpcFailure } from '@/test/api';
import { startApiServer, type ApiServer } from '@/test/http-api';
import { makeGraph } from '@/server/engine/testing/make-graph';

type Team = Awaited<ReturnType<typeof makeTeam>>;

const NOT_JSON: Array<{ what: string; value: unknown; says: string }> = [
  { what: 'a BigInt', value: 5n, says: 'a BigInt' },
  { what: 'NaN', value: Number.NaN, says: 'NaN' },
  { what: 'Infinity', value: Number.POSITIVE_INFINITY, says: 'Infinity' },
  { what: 'a Date', value: new Date(0), says: 'a Date' },
  { what: 'a Map', value: new Map([['k', 1]]), says: 'a Map' },
  { what: 'a Set', value: new Set([1]), says: 'a Set' },
  { what: 'a RegExp', value: /x/, says: 'a RegExp' },
  { what: 'undefined in a list', value: [1, undefined], says: 'undefined' },
];

const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'result', type: 'output' }], edges: ['input->result'] });

const withCode = (code: unknown, name = 'Odd') => ({
  ...graph,
  nodes: [...graph.nodes, { id: 'k', type: 'code', name, position: { x: 0, y: 0 }, config: { code } }],
  edges: [...graph.edges, { id: 'e-k', source: 'input', target: 'k' }],
});

describeEachDb('JSON data that is not plain JSON, or that jsonb cannot hold', (getDb) => {
  let team: Team;
  let masteryId: string;
  let editor: ApiServer;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Non JSON');
    masteryId = (await makeMasteryWithGraph(db, team.id, graph)).masteryId;
    editor = await startApiServer(db, { user: team.members.EDITOR, activeTeamId: team.id });
  });
  afterAll(async () => {
    await editor.close();
  });

  it.each(NOT_JSON)('refuses $what in a run input and a test input with 400 naming the path', async ({ value, says }) => {
    const input = { ok: 1, deep: { list: ['x', { v: value }] } };
    const start = await trpcFailure(team.as('EDITOR').runs.start({ masteryId, input }));
    expect([start.code, start.message]).toEqual(['BAD_REQUEST', expect.stringMatching(new RegExp(`^input\\.deep\\.list\\.1\\.v.*: must be plain JSON; ${says}`))]);
    const kept = await trpcFailure(team.as('EDITOR').testInputs.create({ masteryId, name: 'odd', input }));
    expect([kept.code, kept.message]).toEqual(['BAD_REQUEST', expect.stringMatching(new RegExp(`^input\\.deep\\.list\\.1\\.v.*: must be plain JSON; ${says}`))]);
    expect(await getDb().client.run.count({ where: { masteryId } })).toBe(0);
  });

  it('refuses a BigInt sent as superjson over HTTP with 400 naming the path, for runs.start and testInputs.create', async () => {
    for (const [procedure, json] of [['runs.start', { masteryId, input: { a: '5' } }], ['testInputs.create', { masteryId, name: 'big', input: { a: '5' } }]] as const) {
      const response = await fetch(`${editor.url}/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json, meta: { values: { 'input.a': ['bigint'] } } }),
      });
      const body = (await response.json()) as { error?: { json?: { message?: string } } };
      expect([procedure, response.status, body.error?.json?.message]).toEqual([procedure, 400, expect.stringContaining('input.a: must be plain JSON; a BigInt')]);
    }
  });

  it.each([
    { what: 'a NUL in a node name', graph: withCode('return 1', 'k\u0000'), says: 'Node "k" (code): name is text holding a NUL character' },
    { what: 'a lone surrogate in a config string', graph: withCode('return "\ud800"'), says: 'Node "k" (code): config.code is text holding a lone surrogate (\\ud800)' },
    { what: 'a lone low surrogate in a config string', graph: withCode('return "\udc00"'), says: 'Node "k" (code): config.code is text holding a lone surrogate (\\udc00)' },
    { what: 'a BigInt in a config', graph: withCode(7n), says: 'Node "k" (code): config.code is a BigInt' },
  ])('refuses $what on import and on save with 400 naming the node and field', async ({ graph: odd, says }) => {
    const as = team.as('EDITOR');
    const imported = await trpcFailure(as.versions.import({ masteryId, graph: odd }));
    expect([imported.code, imported.message]).toEqual(['BAD_REQUEST', expect.stringContaining(says)]);
    const base = (await as.versions.list({ masteryId }))[0];
    const saved = await trpcFailure(as.versions.saveDraft({ masteryId, baseVersionId: base?.id ?? '', graph: odd, force: true }));
    expect([saved.code, saved.message]).toEqual(['BAD_REQUEST', expect.stringContaining(says)]);
  });

  it('still imports a graph whose code writes those characters as escapes', async () => {
    const imported = await team.as('EDITOR').versions.import({ masteryId, graph: withCode("return 'a\\u0000\\ud800'") });
    expect(imported).toMatchObject({ id: expect.any(String) });
  });
});
