/**
 * Where a config may read a team secret. A secret is used only whole: a template that is exactly
 * `{{ $secrets.NAME }}` (spaces inside the braces allowed), alone or inside a string, in a field its node
 * type lists in `secretFields`. The node substitutes the value itself, outside JSONata, so no expression
 * ever holds it. Any other mention of `$secrets` in an expression is refused: a transformed value
 * (`$base64encode`, a substring, a spaced-out join) cannot be redacted by matching text.
 */
import { hasTemplate, isPlainObject, listTemplates, parseTemplate, type TemplateExpression } from './templates';

const WHOLE_SECRET = /^\$secrets\.([A-Z][A-Z0-9_]{0,63})$/;
// Textual, not from the AST: it also catches `$secrets` inside a string handed to `$eval`.
const MENTION = '$secrets';
const LOOSE_SECRET = /^\$secrets\.[A-Za-z0-9_]+$/;

/** A string's parts with each whole-secret template singled out. */
export type SecretTemplatePart = string | { secret: string } | TemplateExpression;

/** The name a template reads when it is exactly `$secrets.NAME`. */
export function wholeSecretName(expression: string): string | undefined {
  return WHOLE_SECRET.exec(expression.trim())?.[1];
}

export function mentionsSecrets(expression: string): boolean {
  return expression.includes(MENTION);
}

/** The parts of a string holding at least one whole-secret template; undefined when it holds none. */
export function secretTemplateParts(text: string): SecretTemplatePart[] | undefined {
  if (!hasTemplate(text) || !mentionsSecrets(text)) return undefined;
  let hasSecret = false;
  const parts = parseTemplate(text).parts.map((part): SecretTemplatePart => {
    if (typeof part === 'string') return part;
    const secret = wholeSecretName(part.expression);
    if (secret === undefined) return part;
    hasSecret = true;
    return { secret };
  });
  return hasSecret ? parts : undefined;
}

/** Names of the secrets a value reads whole, from its strings as written (never from resolved data). */
export function wholeSecretNames(value: unknown): string[] {
  const names = new Set<string>();
  for (const template of listTemplates(value)) {
    const name = wholeSecretName(template.expression);
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

export interface SecretMisuse {
  /** Dotted path: `config.url`, `config.headers.Authorization`. */
  field: string;
  reason: string;
}

export const SECRET_RULE_HINT = 'write a secret only whole, as {{ $secrets.NAME }}, in a field that takes secrets (an http step\'s url, headers, query or body)';

/**
 * Every use of `$secrets` in a node's config that is not a whole secret in one of `secretFields`.
 * `expressionFields` hold raw JSONata, where no secret is ever available.
 */
export function secretMisuses(config: unknown, fields: { secretFields: readonly string[]; expressionFields: readonly string[] }): SecretMisuse[] {
  const misuses: SecretMisuse[] = [];
  if (!isPlainObject(config)) return misuses;
  for (const key of fields.expressionFields) {
    const value = config[key];
    if (typeof value === 'string' && mentionsSecrets(value)) {
      misuses.push({ field: `config.${key}`, reason: `reads $secrets in a raw expression (${shorten(value)})` });
    }
  }
  for (const key in config) {
    if (!Object.hasOwn(config, key) || fields.expressionFields.includes(key)) continue;
    collectMisuses(config[key], `config.${key}`, fields.secretFields.includes(key), misuses);
  }
  return misuses;
}

/** Only strings that mention `$secrets` are parsed: most of a config is walked without building paths. */
function collectMisuses(value: unknown, path: string, takesSecrets: boolean, out: SecretMisuse[]): void {
  if (typeof value === 'string') {
    if (!mentionsSecrets(value) || !hasTemplate(value)) return;
    for (const part of parseTemplate(value).parts) {
      const reason = typeof part === 'string' ? undefined : misuseOf(part, takesSecrets);
      if (reason !== undefined) out.push({ field: path, reason });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => collectMisuses(item, `${path}.${index}`, takesSecrets, out));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key in value) if (Object.hasOwn(value, key)) collectMisuses(value[key], `${path}.${key}`, takesSecrets, out);
}

/** Uses of `$secrets` in the run's result mapping: it takes no secret at all. */
export function resultMappingMisuses(mapping: unknown): SecretMisuse[] {
  return listTemplates(mapping, 'settings.resultMapping')
    .filter((template) => mentionsSecrets(template.expression))
    .map((template) => ({ field: template.path, reason: `reads $secrets in ${shorten(template.source)}, but the run output takes no secrets` }));
}

function misuseOf(template: TemplateExpression, takesSecrets: boolean): string | undefined {
  if (!mentionsSecrets(template.expression)) return undefined;
  const name = wholeSecretName(template.expression);
  if (name === undefined && LOOSE_SECRET.test(template.expression.trim())) {
    return `reads ${template.expression.trim()}, which is not a secret name (A–Z, 0–9 and _, starting with a letter)`;
  }
  if (name === undefined) return `uses $secrets inside an expression (${shorten(template.source)})`;
  if (!takesSecrets) return `reads $secrets.${name}, but this field takes no secrets`;
  return undefined;
}

function shorten(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}
