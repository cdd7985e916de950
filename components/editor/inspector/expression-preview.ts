/**
 * The preview under an expression field: its value against the last run's data, evaluated here in the
 * browser (nothing goes to the server) with the engine's own evaluator and a short time and depth limit.
 */
import { evaluateExpression, evaluateTemplate, resolveTemplates, type ExpressionLimits } from '@/server/engine/expressions';
import { containsTemplate, hasTemplate } from '@/server/engine/templates';
import type { RunScope } from './expression-completions';

export type EditorMode = 'expression' | 'template' | 'json';

export type Preview = { kind: 'none' } | { kind: 'value'; text: string } | { kind: 'error'; message: string };

export const PREVIEW_LIMITS: ExpressionLimits = { timeoutMs: 250, maxDepth: 300 };
const MAX_PREVIEW_CHARS = 4_000;

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing (no value)' : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS)}…` : text;
}

async function evaluate(text: string, mode: EditorMode, scope: RunScope): Promise<{ value: unknown } | null> {
  if (mode === 'expression') return text.trim() === '' ? null : { value: await evaluateExpression(text, scope, PREVIEW_LIMITS) };
  if (mode === 'template') return hasTemplate(text) ? { value: await evaluateTemplate(text, scope, PREVIEW_LIMITS) } : null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // the field says why the JSON cannot be read
  }
  return containsTemplate(json) ? { value: await resolveTemplates(json, scope, PREVIEW_LIMITS) } : null;
}

/** The field's value against `scope`: nothing to show (no expression in it), the value, or why it failed. */
export async function previewOf(text: string, mode: EditorMode, scope: RunScope): Promise<Preview> {
  try {
    const result = await evaluate(text, mode, scope);
    return result === null ? { kind: 'none' } : { kind: 'value', text: shown(result.value) };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
