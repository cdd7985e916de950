/** A small published mastery, and a finished run of it, set up through the API for specs about screens. */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mutate, query } from './api';

export interface SampleMastery {
  id: string;
  name: string;
}

/** input → "Fetch rows" (a fixed list) → "Shape" (reads it) → result, published. */
export async function rowsMastery(page: Page, prefix = 'Rows'): Promise<SampleMastery> {
  const name = `${prefix} ${Date.now().toString(36)}`;
  const { id } = await mutate<{ id: string }>(page, 'masteries.create', { name, description: '' });
  const graph = {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
      { id: 'fetch', type: 'transform', name: 'Fetch rows', position: { x: 280, y: 0 }, config: { expression: '{ "rows": [{ "id": 1, "title": "Moon" }], "total": 1 }' } },
      { id: 'shape', type: 'transform', name: 'Shape', position: { x: 560, y: 0 }, config: { expression: 'steps.fetch.output.total' } },
      { id: 'result', type: 'output', name: 'Result', position: { x: 840, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'fetch' },
      { id: 'e2', source: 'fetch', target: 'shape' },
      { id: 'e3', source: 'shape', target: 'result' },
    ],
  };
  const version = await mutate<{ id: string }>(page, 'versions.import', { masteryId: id, graph, note: 'sample for screens' });
  await mutate(page, 'versions.publish', { versionId: version.id });
  return { id, name };
}

/** Starts a run of the mastery's current version and waits until it has succeeded; returns its id. */
export async function succeededRun(page: Page, masteryId: string, input: Record<string, unknown> = { topic: 'tides' }): Promise<string> {
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId, input });
  await expect.poll(async () => (await query<{ status: string }>(page, 'runs.get', { id: run.id })).status, { timeout: 30_000 }).toBe('SUCCEEDED');
  return run.id;
}
