/**
 * What the expression editor offers at the cursor: `input.<field>`, upstream `steps.<id>.output` and the
 * fields below them. Field names come from the last run's data where there is one, else from JSON Schemas
 * (the mastery's input schema, a step's declared output schema). Pure, so it is tested without a browser.
 */

import type { ExpressionScope } from '@/server/engine/expressions';

/** The run scope expressions read: `{ input, steps: { <id>: { output } }, run: { id } }`. */
export type RunScope = ExpressionScope;

export interface UpstreamStep {
  id: string;
  /** The card name, shown beside the id. */
  name: string;
  /** A JSON Schema of the step's output when its config declares one. */
  outputSchema?: unknown;
}

export interface CompletionData {
  /** Only the steps upstream of the node being edited: nothing else is in its scope. */
  steps: readonly UpstreamStep[];
  /** The mastery's input schema. */
  inputSchema: unknown;
  /** The last run's scope, or null when no run is shown. */
  sample: RunScope | null;
}

export interface CompletionOption {
  label: string;
  detail?: string;
  type: 'variable' | 'property' | 'function';
}

export interface PathCompletion {
  /** Where the word being completed starts. */
  from: number;
  options: CompletionOption[];
}

/** A few JSONata functions people reach for; the full list is in the JSONata documentation. */
const FUNCTIONS = ['$count', '$sum', '$max', '$min', '$average', '$string', '$number', '$boolean', '$keys', '$lookup', '$join', '$split', '$substring', '$contains', '$length', '$lowercase', '$uppercase', '$trim', '$map', '$filter', '$reduce', '$sort', '$exists', '$merge', '$now'];

// The dotted path before the cursor and the word being typed: `steps.fetch.output.ro` → `steps.fetch.output.`, `ro`.
const PATH_AT_END = /((?:(?:\$\$?|[A-Za-z_][\w]*)\.)*)(\$?[A-Za-z_]?[\w]*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSONata path over a list maps over its items, so fields are read from the first object item. */
function fieldsHolder(value: unknown): Record<string, unknown> | null {
  if (Array.isArray(value)) return fieldsHolder(value.find(isRecord));
  return isRecord(value) ? value : null;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 24 ? `"${value.slice(0, 24)}…"` : JSON.stringify(value);
  if (typeof value === 'object') return 'object';
  return String(value);
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    const holder = fieldsHolder(current);
    if (holder === null || !Object.hasOwn(holder, key)) return undefined;
    current = holder[key];
  }
  return current;
}

function schemaAt(schema: unknown, path: readonly string[]): unknown {
  let current = schema;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    if (current.type === 'array' || (current.items !== undefined && current.properties === undefined)) current = current.items;
    current = isRecord(current) && isRecord(current.properties) ? current.properties[key] : undefined;
  }
  return current;
}

function fieldOptions(sample: unknown, schema: unknown, path: readonly string[], hasSample: boolean): CompletionOption[] {
  if (hasSample) {
    const holder = fieldsHolder(valueAt(sample, path));
    return holder === null ? [] : Object.entries(holder).map(([key, value]) => ({ label: key, detail: describe(value), type: 'property' }));
  }
  let node = schemaAt(schema, path);
  if (isRecord(node) && node.type === 'array') node = node.items;
  if (!isRecord(node) || !isRecord(node.properties)) return [];
  return Object.entries(node.properties).map(([key, property]) => ({
    label: key,
    detail: isRecord(property) && typeof property.type === 'string' ? property.type : undefined,
    type: 'property',
  }));
}

function optionsFor(segments: readonly string[], data: CompletionData): CompletionOption[] {
  const [root, id, output, ...rest] = segments;
  const upstream = new Map(data.steps.map((step) => [step.id, step]));
  if (root === undefined) {
    return [
      { label: 'input', detail: 'the run input', type: 'variable' },
      { label: 'steps', detail: 'earlier steps', type: 'variable' },
      ...data.steps.map((step): CompletionOption => ({ label: `steps.${step.id}.output`, detail: `"${step.name}"`, type: 'variable' })),
    ];
  }
  if (root === 'input') return fieldOptions(data.sample?.input, data.inputSchema, segments.slice(1), data.sample !== null);
  if (root === 'run') return segments.length === 1 ? [{ label: 'id', detail: 'the run id', type: 'property' }] : [];
  if (root !== 'steps') return [];
  if (id === undefined) return data.steps.map((step) => ({ label: step.id, detail: `"${step.name}"`, type: 'variable' }));
  const step = upstream.get(id);
  if (step === undefined) return [];
  if (output === undefined) return [{ label: 'output', detail: `what "${step.name}" produced`, type: 'property' }];
  if (output !== 'output') return [];
  const sampled = data.sample !== null && Object.hasOwn(data.sample.steps, id);
  return fieldOptions(data.sample?.steps[id]?.output, step.outputSchema, rest, sampled);
}

/** A `{{` not yet closed: the cursor is inside a template's expression. */
function hasOpenTemplate(text: string): boolean {
  return text.lastIndexOf('{{') > text.lastIndexOf('}}');
}

/** Completions for the text before the cursor; null where there is nothing to offer (or inside template text). */
export function completePath(textBefore: string, data: CompletionData, isTemplate: boolean): PathCompletion | null {
  if (isTemplate && !hasOpenTemplate(textBefore)) return null;
  const match = PATH_AT_END.exec(textBefore);
  if (match === null) return null;
  const [, prefix = '', word = ''] = match;
  const from = textBefore.length - word.length;
  if (prefix === '' && word.startsWith('$')) return { from, options: FUNCTIONS.map((label) => ({ label, type: 'function' })) };
  // `$.steps` and `$$.steps` read the same scope as `steps`.
  const segments = prefix.split('.').filter((segment) => segment !== '' && segment !== '$' && segment !== '$$');
  const options = optionsFor(segments, data);
  return options.length === 0 ? null : { from, options };
}
