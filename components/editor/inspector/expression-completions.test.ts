import { describe, expect, it } from 'vitest';
import { completePath, type CompletionData } from './expression-completions';
import { previewOf } from './expression-preview';

const sample = {
  input: { topic: 'tides', depth: 2 },
  steps: { fetch: { output: { rows: [{ id: 1, title: 'Moon' }], total: 1 } }, later: { output: { secret: true } } },
  run: { id: 'run_1' },
};
const steps = [
  { id: 'fetch', name: 'Fetch rows' },
  { id: 'grade', name: 'Grade', outputSchema: { type: 'object', properties: { score: { type: 'number' }, notes: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } } } } },
];
const inputSchema = { type: 'object', properties: { topic: { type: 'string' }, region: { type: 'string' } } };
const withRun: CompletionData = { steps, inputSchema, sample };
const withoutRun: CompletionData = { steps, inputSchema, sample: null };
const labels = (text: string, data: CompletionData, isTemplate = false) => completePath(text, data, isTemplate)?.options.map((o) => o.label);

describe('expression completion', () => {
  it('offers upstream steps by id with their card names, and never a step that is not upstream', () => {
    const found = completePath('steps.', withRun, false);
    expect(found?.from).toBe(6);
    expect(found?.options).toEqual([
      { label: 'fetch', detail: '"Fetch rows"', type: 'variable' },
      { label: 'grade', detail: '"Grade"', type: 'variable' },
    ]);
    expect(labels('steps.later.output.', withRun)).toBeUndefined();
  });

  it("completes a step's output fields from the last run, through lists", () => {
    expect(labels('steps.fetch.', withRun)).toEqual(['output']);
    expect(completePath('steps.fetch.output.ro', withRun, false)).toEqual({
      from: 19,
      options: [
        { label: 'rows', detail: 'list of 1', type: 'property' },
        { label: 'total', detail: '1', type: 'property' },
      ],
    });
    expect(labels('$count(steps.fetch.output.rows.', withRun)).toEqual(['id', 'title']);
    expect(labels('$.steps.fetch.output.', withRun)).toEqual(['rows', 'total']);
  });

  it('uses the run input where there is a run, else the input schema', () => {
    expect(labels('input.', withRun)).toEqual(['topic', 'depth']);
    expect(labels('input.', withoutRun)).toEqual(['topic', 'region']);
  });

  it("falls back to a step's declared output schema", () => {
    expect(labels('steps.grade.output.', withoutRun)).toEqual(['score', 'notes']);
    expect(labels('steps.grade.output.notes.', withoutRun)).toEqual(['text']);
    expect(labels('steps.fetch.output.', withoutRun)).toBeUndefined();
  });

  it('offers roots, functions, and in templates only inside {{ }}', () => {
    expect(labels('', withRun)).toEqual(['input', 'steps', 'steps.fetch.output', 'steps.grade.output']);
    expect(labels('$su', withRun)).toContain('$sum');
    expect(labels('Summarise steps.', withRun, true)).toBeUndefined();
    expect(labels('Summarise {{ steps.', withRun, true)).toEqual(['fetch', 'grade']);
    expect(labels('{{ steps.fetch.output }} and steps.', withRun, true)).toBeUndefined();
  });
});

describe('expression preview', () => {
  it('evaluates expressions, templates and JSON with templates against the run data', async () => {
    await expect(previewOf('steps.fetch.output.rows.title', 'expression', sample)).resolves.toEqual({ kind: 'value', text: '"Moon"' });
    await expect(previewOf('About {{ input.topic }}', 'template', sample)).resolves.toEqual({ kind: 'value', text: '"About tides"' });
    await expect(previewOf('{ "n": "{{ input.depth * 2 }}" }', 'json', sample)).resolves.toEqual({ kind: 'value', text: '{\n  "n": 4\n}' });
  });

  it('shows nothing for text without expressions, and says why an expression fails', async () => {
    await expect(previewOf('plain text', 'template', sample)).resolves.toEqual({ kind: 'none' });
    await expect(previewOf('{ "n": ', 'json', sample)).resolves.toEqual({ kind: 'none' });
    const failed = await previewOf('input.topic +', 'expression', sample);
    expect(failed.kind).toBe('error');
    expect(failed.kind === 'error' && failed.message).toMatch(/failed/);
  });

  it('stops an expression that runs too long', async () => {
    const failed = await previewOf('($f := function($n) { $n = 0 ? 0 : $f($n - 1) + 0 }; [1..100000].$f(50))', 'expression', sample);
    expect(failed).toMatchObject({ kind: 'error' });
    expect(failed.kind === 'error' && failed.message).toMatch(/ran longer than 250 ms|depth limit/);
  });
});
