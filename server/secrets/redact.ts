/**
 * Replaces secret values by `[secret:NAME]` in anything about to be stored or shown (a step's output,
 * an error message). Each value is matched in every form the http step can send it in (see
 * secret-forms.ts), with percent-escapes in either hex case, and also inside HTML character references
 * and JSON escapes, the ways a server commonly echoes a request back.
 */
import { isPlainObject } from '@/server/engine/templates';
import { decodeEscapes, hasEscapes } from './escaped-view';
import { sentForms } from './secret-forms';

export type SecretValues = Readonly<Record<string, string>>;

interface Needle {
  text: string;
  label: string;
}

interface Span {
  start: number;
  end: number;
  label: string;
}

function needlesOf(secrets: SecretValues): Needle[] {
  const needles = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets)) {
    for (const form of sentForms(value)) {
      if (!needles.has(form)) needles.set(form, `[secret:${name}]`);
      // Texts are searched with their hex upper-cased (foldHex), so the needle is too.
      if (!needles.has(foldHex(form))) needles.set(foldHex(form), `[secret:${name}]`);
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...needles].map(([text, label]) => ({ text, label })).sort((a, b) => b.text.length - a.text.length);
}

/** `%2f` and `%2F` are one byte: searching an upper-cased copy finds both. Keeps every index in place. */
function foldHex(text: string): string {
  return text.includes('%') ? text.replace(/%[0-9a-fA-F]{2}/g, (escape) => escape.toUpperCase()) : text;
}

export function redactText(text: string, secrets: SecretValues): string {
  return redactWith(text, needlesOf(secrets));
}

function redactWith(text: string, needles: readonly Needle[]): string {
  if (needles.length === 0) return text;
  const plain = replaceSpans(text, findSpans(foldHex(text), needles));
  if (!hasEscapes(plain)) return plain;
  // Again through the escapes: what is left may hold a secret written as `&quot;` or `\"`.
  const view = decodeEscapes(plain);
  const spans = findSpans(foldHex(view.text), needles).map((span) => ({ start: view.starts[span.start] ?? 0, end: view.ends[span.end - 1] ?? 0, label: span.label }));
  return replaceSpans(plain, spans);
}

/** Non-overlapping occurrences, longer needles first. */
function findSpans(text: string, needles: readonly Needle[]): Span[] {
  const spans: Span[] = [];
  let taken: Uint8Array | undefined;
  for (const needle of needles) {
    for (let at = text.indexOf(needle.text); at !== -1; at = text.indexOf(needle.text, at + 1)) {
      const end = at + needle.text.length;
      taken ??= new Uint8Array(text.length);
      if (taken.subarray(at, end).some((mark) => mark === 1)) continue;
      taken.fill(1, at, end);
      spans.push({ start: at, end, label: needle.label });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (const span of spans) {
    parts.push(text.slice(from, span.start), span.label);
    from = span.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** A copy of a JSON-like value with every secret value replaced, in strings and in object keys. */
export function redactValue(value: unknown, secrets: SecretValues): unknown {
  const needles = needlesOf(secrets);
  if (needles.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactWith(item, needles);
    if (Array.isArray(item)) return item.map(walk);
    if (isPlainObject(item)) return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redactWith(key, needles), walk(inner)]));
    return item;
  };
  return walk(value);
}
