/**
 * Keys that name JavaScript's object machinery (`__proto__`, `constructor`, `prototype`) are ordinary
 * data in a run: a run input or a step output holding them is stored and read back with the key as an
 * own property, over the real HTTP endpoint (the transformer is where such a run used to answer 500 on
 * every read), through runs.start, runs.get and runs.watch. Add a case to `cases`: a JSON text used both
 * as the run input and as a code step's output.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { readEvents, startApiServer, type ApiServer } from '@/test/http-api';
import { dataTransformer } from '@/server/api/transformer';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

const cases: Array<{ name: string; json: string }> = [
  { name: '__proto__ holding an object', json: '{"__proto__": {"x": 1}, "kept": true}' },
  { name: 'constructor and prototype', json: '{"constructor": {"name": "Evil"}, "prototype": [1, 2]}' },
  { name: 'nested under an array', json: '{"list": [{"__proto__": {"isAdmin": true}}, {"constructor": null}]}' },
  { name: 'keys that look escaped on the wire', json: '{"~__proto__": 1, "~~constructor": 2, "__proto__": 3}' },
];

/**
 * The value as JSON text, keys sorted (jsonb reorders them): own keys only, so a key lost to the
 * `__proto__` setter shows as a difference. Object.fromEntries defines keys, never sets them.
 */
const sorted = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const fields = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(fields).sort().map((key) => [key, sorted(fields[key])]));
};
const text = (value: unknown) => String(JSON.stringify(sorted(value)));
const canonical = (json: string) => text(JSON.parse(json));

const graphFor = (json: string) =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'made', type: 'code', config: { code: `return JSON.parse(${JSON.stringify(json)})` } },
      { id: 'echo', type: 'code', config: { code: 'return input.run' } },
      { id: 'passed', type: 'transform', config: { expression: 'steps.made.output' } },
      { id: 'result', type: 'output', config: { result: { made: '{{ steps.made.output }}', passed: '{{ steps.passed.output }}' } } },
    ],
    edges: ['input->made', 'input->echo', 'made->passed', 'passed->result', 'echo->result'],
  });

describeEachDb('prototype keys as data', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let editor: ApiServer;
  let viewer: ApiServer;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Proto keys');
    editor = await startApiServer(db, { user: team.members.EDITOR, activeTeamId: team.id });
    viewer = await startApiServer(db, { user: team.members.VIEWER, activeTeamId: team.id });
  });
  afterAll(async () => {
    await editor.close();
    await viewer.close();
  });

  it.each(cases)('stores and reads back $name in the input and a step output (runs.start, runs.get)', async ({ json }) => {
    const db = getDb().client;
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graphFor(json));
    const { id } = await editor.client.runs.start.mutate({ masteryId, input: JSON.parse(json) as Record<string, unknown> });
    await runtimeFor(db).engine.untilAtRest(id as RunId);

    const run = await viewer.client.runs.get.query({ id });
    expect(run.status).toBe('SUCCEEDED');
    expect(text(run.input)).toBe(canonical(json));
    const outputs = Object.fromEntries(run.steps.map((step) => [step.nodeId, text(step.output)]));
    expect(outputs).toMatchObject({ made: canonical(json), echo: canonical(json), passed: canonical(json) });
    expect(text(run.output)).toBe(text({ made: JSON.parse(json), passed: JSON.parse(json) }));
    // Read as data, never through the setter: the object's prototype is untouched.
    expect(Object.getPrototypeOf(run.input)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('keeps those keys in an input checked against an input schema', async () => {
    const db = getDb().client;
    const json = '{"__proto__": {"x": 1}, "kept": true, "nested": {"constructor": {"name": "Evil"}}}';
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'result', type: 'output', config: { result: '{{ input }}' } },
      ],
      edges: ['input->result'],
      settings: { inputSchema: { type: 'object', properties: { kept: { type: 'boolean' }, nested: { type: 'object' } }, required: ['kept'] } },
    });
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await editor.client.runs.start.mutate({ masteryId, input: JSON.parse(json) as Record<string, unknown> });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const run = await viewer.client.runs.get.query({ id });
    expect(run.status).toBe('SUCCEEDED');
    expect(text(run.input)).toBe(canonical(json));
    expect(text(run.output)).toBe(canonical(json));
  });

  it('streams a run whose steps hold those keys to its end over runs.watch', async () => {
    const db = getDb().client;
    const json = cases[0]?.json ?? '{}';
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graphFor(json));
    const { id } = await editor.client.runs.start.mutate({ masteryId, input: JSON.parse(json) as Record<string, unknown> });
    await runtimeFor(db).engine.untilAtRest(id as RunId);

    const input = encodeURIComponent(JSON.stringify(dataTransformer.serialize({ id })));
    const response = await fetch(`${viewer.url}/runs.watch?input=${input}`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    const isRunEnd = (data: unknown) => /"status":"SUCCEEDED",("totals":[^}]*},)?"type":"run.status"/.test(text(data));
    const updates = await readEvents(response, isRunEnd);
    const made = updates.map((data) => text(data)).filter((line) => line.includes('"nodeId":"made","status":"SUCCEEDED"'));
    expect(made).toHaveLength(1);
    expect(updates.some(isRunEnd)).toBe(true);
  });
});
