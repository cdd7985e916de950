/**
 * Splitting strings into literal text and `{{ … }}` expressions. Pure string work; evaluation lives in
 * expressions.ts. The scanner understands JSONata braces, strings and comments, so an object constructor
 * such as `{{ {"a": {"b": 1}} }}` is not cut at its inner `}}`.
 */

export interface TemplateExpression {
  /** The JSONata source between the braces, trimmed. */
  expression: string;
  /** The whole `{{ … }}` as written, for error messages. */
  source: string;
}

export type TemplatePart = string | TemplateExpression;

export interface ParsedTemplate {
  parts: readonly TemplatePart[];
  /** True when the string is exactly one `{{ expr }}`: it then yields the raw value, not a string. */
  isSingleExpression: boolean;
}

const OPEN = '{{';
const cache = new Map<string, ParsedTemplate>();
const CACHE_LIMIT = 5_000;

export function hasTemplate(text: string): boolean {
  return text.includes(OPEN);
}

export function parseTemplate(text: string): ParsedTemplate {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parsed = scan(text);
  // A bounded cache: templates repeat across steps and runs, but user text must not grow memory forever.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function scan(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let literalStart = 0;
  let index = text.indexOf(OPEN);
  while (index !== -1) {
    const end = findClose(text, index + OPEN.length);
    if (end === -1) break; // an unclosed `{{` stays literal text
    if (index > literalStart) parts.push(text.slice(literalStart, index));
    parts.push({ expression: text.slice(index + 2, end).trim(), source: text.slice(index, end + 2) });
    literalStart = end + 2;
    index = text.indexOf(OPEN, literalStart);
  }
  if (literalStart < text.length) parts.push(text.slice(literalStart));
  const first = parts[0];
  return { parts, isSingleExpression: parts.length === 1 && first !== undefined && typeof first !== 'string' };
}

/** Index of the `}}` closing a template whose body starts at `from`, or -1. */
function findClose(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipQuoted(text, i, ch);
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return -1;
      i = close + 2;
      continue;
    }
    if (ch === '{') depth += 1;
    if (ch === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      depth = Math.max(0, depth - 1);
    }
    i += 1;
  }
  return -1;
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return i;
}

/** Every `{{ … }}` in a JSON-like value, with the dotted path of the string that holds it. */
export function listTemplates(value: unknown, path = ''): Array<TemplateExpression & { path: string }> {
  const found: Array<TemplateExpression & { path: string }> = [];
  collect(value, path, found);
  return found;
}

function collect(value: unknown, path: string, out: Array<TemplateExpression & { path: string }>): void {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return;
    for (const part of parseTemplate(value).parts) {
      if (typeof part !== 'string') out.push({ ...part, path });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, join(path, String(i)), out));
    return;
  }
  if (isPlainObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) collect(value[key], join(path, key), out);
  }
}

/** True when any string inside the value holds a `{{`. */
export function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (!isPlainObject(value)) return false;
  // Key by key rather than Object.values: every node's config is checked, most hold nothing to find.
  for (const key in value) if (Object.hasOwn(value, key) && containsTemplate(value[key])) return true;
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The config without its raw-expression fields, whose strings are JSONata rather than templates. */
export function templatedPart(config: unknown, expressionFields: readonly string[]): unknown {
  if (expressionFields.length === 0 || !isPlainObject(config)) return config;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (!expressionFields.includes(key)) rest[key] = value;
  return rest;
}
