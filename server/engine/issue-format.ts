/**
 * Turning zod issues into sentences that name the node and the field: `Node "summarise" (llm): config.model must be one of
 * gpt-4o, gpt-4o-mini; got "gpt5"`. One place, so validation on save and parsing at run time read alike.
 */
import type { z } from 'zod';

export interface NodeRef {
  id: string;
  type: string;
}

export function nodeLabel(node: NodeRef): string {
  return `Node "${node.id}" (${node.type})`;
}

export function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter((part) => part !== '').join('.');
}

/** Where an issue points: for one unknown field, the field itself, so a form or a list can name it. */
export function issueFieldPath(issue: z.core.$ZodIssue): PropertyKey[] {
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) return [...issue.path, issue.keys[0] as string];
  return issue.path;
}

/** `config.model must be one of a, b; got "c"` */
export function describeIssue(prefix: string, issue: z.core.$ZodIssue): string {
  const field = issuePath(prefix, issue.path) || 'value';
  const got = gotSuffix(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${field} is required (${issue.expected})` : `${field} must be ${article(issue.expected)}${got}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((value) => preview(value)).join(', ')}${got}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => issuePath(prefix, [...issue.path, key])).join(', ')}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return `${field}: ${lowerFirst(issue.message)}${got}`;
    default: {
      const unhandled: never = issue;
      return `${field}: ${String(unhandled)}`;
    }
  }
}

/** What was given, when it helps: a short value, or a list's length; a whole object would only be noise. */
function gotSuffix(input: unknown): string {
  if (input === undefined) return '';
  if (Array.isArray(input)) return `; got ${input.length} item${input.length === 1 ? '' : 's'}`;
  if (typeof input === 'object' && input !== null) return '';
  return `; got ${preview(input)}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : safeJson(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function safeJson(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return String(value);
  return JSON.stringify(value) ?? String(value);
}
