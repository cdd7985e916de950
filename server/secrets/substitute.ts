/**
 * Puts secret values into a config field without JSONata: the field's other templates are resolved first
 * (by `resolve`, which never sees a secret), then each whole `{{ $secrets.NAME }}` is replaced by its
 * value at the places the config as written holds one. A template whose *result* reads
 * `{{ $secrets.X }}` therefore stays that text: run data cannot ask for a secret.
 */
import { NodeError } from '@/server/errors';
import { secretTemplateParts } from '@/server/engine/secret-refs';
import { containsTemplate, isPlainObject } from '@/server/engine/templates';
import type { SecretValues } from './redact';

export type TemplateResolver = (value: unknown) => Promise<unknown>;

export async function resolveWithSecrets(written: unknown, secrets: SecretValues, resolve: TemplateResolver): Promise<unknown> {
  const pending = withoutSecrets(written);
  const resolved = containsTemplate(pending) ? await resolve(pending) : pending;
  return withSecrets(written, resolved, secrets);
}

/** The value with each string that holds a secret replaced by the list of its other templates, alone. */
function withoutSecrets(value: unknown): unknown {
  if (typeof value === 'string') {
    const parts = secretTemplateParts(value);
    if (parts === undefined) return value;
    return parts.flatMap((part) => (typeof part !== 'string' && 'source' in part ? [part.source] : []));
  }
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutSecrets(item)]));
  return value;
}

/** Walks the value as written beside its resolved twin, assembling the strings that hold secrets. */
function withSecrets(written: unknown, resolved: unknown, secrets: SecretValues): unknown {
  if (typeof written === 'string') {
    const parts = secretTemplateParts(written);
    if (parts === undefined) return resolved;
    const values = Array.isArray(resolved) ? resolved : [];
    let next = 0;
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else if ('secret' in part) text += secretValue(secrets, part.secret);
      else text += interpolated(values[next++]);
    }
    return text;
  }
  if (Array.isArray(written)) {
    const items = Array.isArray(resolved) ? resolved : [];
    return written.map((item, index) => withSecrets(item, items[index], secrets));
  }
  if (isPlainObject(written)) {
    const fields = isPlainObject(resolved) ? resolved : {};
    return Object.fromEntries(
      Object.entries(written).map(([key, item]) => [key, withSecrets(item, Object.hasOwn(fields, key) ? fields[key] : undefined, secrets)]),
    );
  }
  return resolved;
}

function secretValue(secrets: SecretValues, name: string): string {
  const value = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
  if (value === undefined) throw new NodeError('SECRET_NOT_FOUND', `secret ${name} was not loaded for this step`, { retryable: false });
  return value;
}

/** A template's value inside a longer string, as the engine interpolates it: objects as JSON, nothing as ''. */
function interpolated(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
