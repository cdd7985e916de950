/**
 * Field-by-field differences of two JSON values, by dotted path. Objects are walked key by key; arrays and
 * scalars are compared whole (a list of statuses or a schema's `required` reads best as one value). Long
 * texts (prompts, code, expressions over a line) carry a line diff from the `diff` library.
 */
import { diffLines } from 'diff';
import { z } from 'zod';

export const lineChangeSchema = z.object({ kind: z.enum(['added', 'removed', 'same']), text: z.string() });
export type LineChange = z.infer<typeof lineChangeSchema>;

export const fieldChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.json().optional(),
  after: z.json().optional(),
  /** For long texts: the line diff of before → after. */
  lines: z.array(lineChangeSchema).optional(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

type Json = z.infer<ReturnType<typeof z.json>>;

const LONG_TEXT_CHARS = 80;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isLongText(value: unknown): value is string {
  return typeof value === 'string' && (value.includes('\n') || value.length > LONG_TEXT_CHARS);
}

export function lineDiff(before: string, after: string): LineChange[] {
  return diffLines(before, after).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const entry: FieldChange = { path, kind };
  if (before !== undefined) entry.before = before as Json;
  if (after !== undefined) entry.after = after as Json;
  if (kind === 'changed' && (isLongText(before) || isLongText(after)) && typeof before === 'string' && typeof after === 'string') {
    entry.lines = lineDiff(before, after);
  }
  return entry;
}

/** Every leaf that differs between `before` and `after`, with paths under `prefix`, sorted by path. */
export function fieldChanges(before: unknown, after: unknown, prefix: string): FieldChange[] {
  if (sameJson(before, after)) return [];
  if (!isObject(before) || !isObject(after)) return [change(prefix, before, after)];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => fieldChanges(before[key], after[key], prefix === '' ? key : `${prefix}.${key}`));
}
