/**
 * Replaces secret values by `[secret:NAME]` in anything about to be stored or shown (a step's output,
 * an error message). Values are also matched in their URL-encoded and JSON-escaped forms, the ways a
 * server commonly echoes a request back.
 */
import { isPlainObject } from '@/server/engine/templates';

export type SecretValues = Readonly<Record<string, string>>;

interface Needle {
  text: string;
  label: string;
}

function needlesOf(secrets: SecretValues): Needle[] {
  const needles: Needle[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const label = `[secret:${name}]`;
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
      if (form !== '') needles.push({ text: form, label });
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return needles.sort((a, b) => b.text.length - a.text.length);
}

export function redactText(text: string, secrets: SecretValues): string {
  return redactWith(text, needlesOf(secrets));
}

function redactWith(text: string, needles: readonly Needle[]): string {
  let result = text;
  for (const needle of needles) if (result.includes(needle.text)) result = result.split(needle.text).join(needle.label);
  return result;
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
