/**
 * An expression failed on a field that is missing or null in this run (an API that left it out, an input
 * without it): each such path in the step's config becomes `(path != null ? path : default)`. The default
 * is the input schema's, else 0 where the expression needed a number, else "".
 */
import { evaluateExpression } from '@/server/engine/expressions';
import { isObject, NO_USAGE, withNode, type Strategy } from './strategy';
import type { Failure } from '../failure';

const PATH = /(?<![\w.$])(?:input|steps\.[a-z][a-z0-9_]*\.output)(?:\.[A-Za-z_]\w*)+(?![\w(])/g;
const NEEDS_NUMBER = /must evaluate to a number|numeric|T20(01|02|10)/;

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (isObject(value)) return Object.values(value).flatMap(stringsOf);
  return [];
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}

/** Paths the step's config reads that are missing or null in the failed run's data. */
export async function missingPaths(failure: Failure): Promise<string[]> {
  const paths = new Set(stringsOf(failure.node?.config).flatMap((text) => [...text.matchAll(PATH)].map((match) => match[0])));
  const missing: string[] = [];
  for (const path of paths) {
    const value = await evaluateExpression(path, failure.scope).catch(() => undefined);
    if (value === undefined || value === null) missing.push(path);
  }
  return missing;
}

function defaultFor(failure: Failure, path: string): string {
  const field = /^input\.(\w+)$/.exec(path)?.[1];
  const schema = failure.graph.settings.inputSchema;
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const declared = field === undefined ? undefined : properties[field];
  if (isObject(declared) && declared.default !== undefined) return JSON.stringify(declared.default);
  return NEEDS_NUMBER.test(failure.error.message) ? '0' : '""';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const guardExpressionStrategy: Strategy = {
  id: 'guard-expression',
  appliesTo: (failure) => failure.node !== undefined && failure.error.code === 'EXPRESSION_FAILED',
  async propose(failure) {
    const node = failure.node;
    if (node === undefined) return { kind: 'refused', reason: 'no failed step', usage: NO_USAGE };
    const missing = await missingPaths(failure);
    if (missing.length === 0) return { kind: 'refused', reason: 'every field the expression reads is present in this run', usage: NO_USAGE };
    const defaults = new Map(missing.map((path) => [path, defaultFor(failure, path)]));
    const config = mapStrings(node.config, (text) =>
      missing.reduce((result, path) => result.replace(new RegExp(`(?<![\\w.$])${escapeRegExp(path)}(?![\\w.(])`, 'g'), `(${path} != null ? ${path} : ${defaults.get(path) ?? '""'})`), text),
    );
    const listed = missing.map((path) => `${path} (default ${defaults.get(path) ?? '""'})`).join(', ');
    return {
      kind: 'patch',
      graph: withNode(failure.graph, { ...node, config }),
      note: `Step "${node.id}" failed because ${missing.length === 1 ? 'a field it reads was' : 'fields it reads were'} missing or null in this run: now guarded with a default: ${listed}.`,
      usage: NO_USAGE,
    };
  },
};
