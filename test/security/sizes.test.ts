/**
 * Sizes and depths have limits, refused with 400 or 413 naming the limit, never a 500 or a stack
 * overflow: the request body of the tRPC route, graphs, run inputs, JSON nested deep, step outputs.
 * Requests go over real HTTP to the route's handler where the wire matters, through the real callers
 * elsewhere, on the real database.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor, trpcFailure } from '@/test/api';
import { startApiServer, type ApiServer } from '@/test/http-api';
import { dataTransformer } from '@/server/api/transformer';
import { MAX_REQUEST_BYTES } from '@/server/api/http-handler';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { DEFAULT_GRAPH_LIMITS, type RunId } from '@/server/engine/graph';
import { MAX_JSON_DEPTH, MAX_STEP_OUTPUT_CHARS } from '@/server/engine/json-limits';

/** `{ "a": { "a": … 1 } }`, `depth` levels deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

/** A graph of `steps` transform steps, each with `edgesPerStep` edges from earlier ones, as an editor would save it. */
function bigGraph(steps: number, edgesPerStep: number, expressionChars = 80) {
  const expression = `"${'x'.repeat(Math.max(expressionChars - 2, 0))}"`;
  const nodes = [{ id: 'input', type: 'input', name: 'Input' }, ...Array.from({ length: steps }, (_, i) => ({ id: `s${i + 1}`, type: 'transform', name: `Step ${i + 1}`, config: { expression } }))];
  const edges: string[] = [];
  for (let i = 1; i <= steps; i++) {
    const sources = i === 1 ? ['input'] : Array.from({ length: Math.min(edgesPerStep, i - 1) }, (_, k) => `s${i - 1 - k}`);
    for (const source of sources) edges.push(`${source}->s${i}`);
  }
  return makeGraph({ nodes, edges });
}

/** POSTs `body` to the route as a browser would, or in chunks with no Content-Length; the status and text of the answer. */
function post(url: string, body: string, opts: { chunked?: boolean } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (!opts.chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (opts.chunked) {
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

const wire = (input: unknown) => JSON.stringify(dataTransformer.serialize(input));

describeEachDb('size and depth limits', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let masteryId: string;
  let editor: ApiServer;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Sizes');
    ({ masteryId } = await makeMasteryWithGraph(db, team.id, bigGraph(1, 1)));
    editor = await startApiServer(db, { user: team.members.EDITOR, activeTeamId: team.id });
  });
  afterAll(() => editor.close());

  it('answers 413 naming the limit to a body over 2 MB, declared or streamed, and serves the next request', async () => {
    const body = wire({ masteryId, graph: bigGraph(1, 1), note: 'n'.repeat(MAX_REQUEST_BYTES) });
    for (const chunked of [false, true]) {
      const answer = await post(`${editor.url}/versions.import`, body, { chunked });
      expect(answer.status).toBe(413);
      expect(answer.text).toContain(`at most ${MAX_REQUEST_BYTES} bytes (2 MB)`);
    }
    const fine = await post(`${editor.url}/versions.import`, wire({ masteryId, graph: bigGraph(2, 1), note: 'small' }));
    expect(fine.status).toBe(200);
  });

  it('refuses a 10 MB graph with 400 naming the limit, saving nothing', async () => {
    const db = getDb().client;
    const huge = bigGraph(2_000, 1, 5_000);
    expect(JSON.stringify(huge).length).toBeGreaterThan(10_000_000);
    const error = await trpcFailure(team.as('EDITOR').versions.import({ masteryId, graph: huge, note: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`more than ${(DEFAULT_GRAPH_LIMITS.maxChars ?? 0).toLocaleString('en-US')} characters of JSON`);
    expect(await db.masteryVersion.count({ where: { masteryId, note: 'huge' } })).toBe(0);
  });

  it('saves a 2,000-step, 6,000-edge workflow, over HTTP too', async () => {
    const graph = bigGraph(2_000, 3, 200);
    expect(graph.nodes).toHaveLength(2_001);
    expect(graph.edges.length).toBeGreaterThanOrEqual(5_990);
    const body = wire({ masteryId, graph, note: 'large' });
    expect(body.length).toBeLessThan(MAX_REQUEST_BYTES);
    const answer = await post(`${editor.url}/versions.import`, body);
    expect(answer.status).toBe(200);
  });

  it('refuses JSON nested 10,000 deep with 400, in a run input and a graph, over HTTP and through the caller', async () => {
    const deep = nested(10_000);
    const deepGraph = { ...bigGraph(1, 1), settings: { resultMapping: deep } };
    // Written as text: JSON.stringify itself overflows the stack on such a value. As any client may send it.
    const deepText = `${'{"a":'.repeat(9_999)}{"a":1}${'}'.repeat(9_999)}`;
    const graphText = JSON.stringify({ ...bigGraph(1, 1), settings: { resultMapping: 0 } }).replace('"resultMapping":0', `"resultMapping":${deepText}`);
    for (const [path, body] of [
      ['runs.start', `{"json":{"masteryId":"${masteryId}","input":${deepText}}}`],
      ['versions.import', `{"json":{"masteryId":"${masteryId}","note":"","graph":${graphText}}}`],
    ] as const) {
      const answer = await post(`${editor.url}/${path}`, body);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('levels');
    }
    const editorCaller = team.as('EDITOR');
    const onInput = await trpcFailure(editorCaller.runs.start({ masteryId, input: deep }));
    expect(onInput.code).toBe('BAD_REQUEST');
    expect(onInput.message).toMatch(new RegExp(`^input: nests deeper than ${MAX_JSON_DEPTH} levels \\(at a\\.a\\.`));
    const onGraph = await trpcFailure(editorCaller.versions.import({ masteryId, graph: deepGraph, note: '' }));
    expect(onGraph.code).toBe('BAD_REQUEST');
    expect(onGraph.message).toContain(`settings.resultMapping.a.a`);
    expect(onGraph.message).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("names the node and field of a config nested just past the limit, and accepts one at it", async () => {
    const graphWith = (depth: number) => makeGraph({ nodes: [{ id: 'start', type: 'input' }, { id: 'call', type: 'http', config: { url: 'https://example.com/', method: 'POST', body: nested(depth) } }], edges: ['start->call'] });
    // The graph holds the config 4 levels down: nodes, [1], config, body.
    const error = await trpcFailure(team.as('EDITOR').versions.import({ masteryId, graph: graphWith(MAX_JSON_DEPTH - 3), note: '' }));
    expect(error.message).toContain(`Node "call" (http): config.body.a`);
    expect(error.message).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    await expect(team.as('EDITOR').versions.import({ masteryId, graph: graphWith(MAX_JSON_DEPTH - 4), note: '' })).resolves.toMatchObject({ status: 'DRAFT' });
  });

  it('refuses a run input over 1 MB with 400, creating no run', async () => {
    const db = getDb().client;
    const before = await db.run.count({ where: { masteryId } });
    const error = await trpcFailure(team.as('EDITOR').runs.start({ masteryId, input: { text: 'x'.repeat(1_000_001) } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('at most 1000000 are allowed');
    expect(await db.run.count({ where: { masteryId } })).toBe(before);
  });

  it.each([
    ['a code step returning a 9-million-character string', { type: 'code', config: { code: "return 'x'.repeat(9000000)", timeoutMs: 30_000, memoryMb: 64 } }, 'characters of JSON (8 MB)'],
    ['a code step returning JSON nested 100 deep', { type: 'code', config: { code: 'let v = 1; for (let i = 0; i < 100; i++) v = { a: v }; return v', timeoutMs: 30_000 } }, `nests deeper than ${MAX_JSON_DEPTH} levels`],
  ])('fails %s with STEP_OUTPUT_TOO_LARGE, and the run stays readable', async (_name, step, reason) => {
    const { run, big } = await runOneStep(step);
    expect(run.status).toBe('FAILED');
    expect(big?.status).toBe('FAILED');
    expect(big?.error).toMatchObject({ code: 'STEP_OUTPUT_TOO_LARGE', nodeId: 'big' });
    expect(JSON.stringify(big?.error)).toContain(`Node \\"big\\" (${step.type}): output`);
    expect(JSON.stringify(big?.error)).toContain(reason);
  });

  it('fails a transform returning a 16-million-character string at the same limit, and the run stays readable', async () => {
    // Doubling a string 20 times: cheap for JSONata, 16,777,216 characters in the end.
    const expression = `( $a := "${'x'.repeat(16)}"; ${'$a := $a & $a; '.repeat(20)}$a )`;
    // The expression's own result cap (the same constant) stops it before the step's output check.
    const { run, big } = await runOneStep({ type: 'transform', config: { expression } });
    expect(run.status).toBe('FAILED');
    expect(big?.status).toBe('FAILED');
    expect(JSON.stringify(big?.error)).toContain(String(MAX_STEP_OUTPUT_CHARS));
  });

  async function runOneStep(step: { type: string; config: Record<string, unknown> }) {
    const db = getDb().client;
    const graph = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'big', ...step }], edges: ['input->big'] });
    const stored = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await editor.client.runs.start.mutate({ masteryId: stored.masteryId, input: {} });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    // Read over HTTP: the failed run must come back whole, not as a 500.
    const run = await editor.client.runs.get.query({ id });
    return { run, big: run.steps.find((s) => s.nodeId === 'big') };
  }
});
