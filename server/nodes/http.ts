/**
 * `http`: calls an HTTP API under the team's network policy. Secrets are written whole, as
 * `{{ $secrets.NAME }}`, in the URL, headers, query or body (validation refuses any other use). The engine
 * never holds a secret value: execute resolves the other templates, then puts the values in itself.
 * Errors name the method and the URL as written, never what it resolved to; every value used is also
 * redacted from the output and the error before they can be stored, as a last line.
 */
import { z } from 'zod';
import { defineNodeType, done, type NodeContext } from '@/server/engine/node-type';
import type { PrivateNetworkAccess } from '@/server/engine/node-services';
import { issuePath } from '@/server/engine/issue-format';
import { SECRET_RULE_HINT, secretMisuses, wholeSecretNames } from '@/server/engine/secret-refs';
import { AppError, NodeError } from '@/server/errors';
import { AddressRefusedError, NetworkError } from '@/server/net/errors';
import type { GuardedResponse } from '@/server/net/guarded-fetch';
import { redactText, redactValue, type SecretValues } from '@/server/secrets/redact';
import { resolveWithSecrets } from '@/server/secrets/substitute';

const NO_PRIVATE_NETWORK: PrivateNetworkAccess = { addresses: 'none', closedBy: 'installation' };
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const TEMPLATE_HINT = 'Templates such as {{ input.id }} are allowed; a secret only whole, as {{ $secrets.API_TOKEN }}, never inside an expression';
const SECRET_FIELDS = ['url', 'headers', 'query', 'body'] as const;

const configSchema = z.strictObject({
  method: z.enum(METHODS).default('GET').meta({ title: 'Method', description: 'The HTTP method' }),
  url: z.string().min(1).max(8_192).refine(hasHttpSchemeIfWritten, { message: 'only http and https URLs are allowed' }).meta({
    title: 'URL',
    description: `http or https URL. ${TEMPLATE_HINT}`,
    examples: ['https://api.example.com/orders?region={{ input.region }}'],
  }),
  headers: z
    .record(z.string().min(1).max(256), z.string().max(8_192))
    .default({})
    .meta({ title: 'Headers', description: TEMPLATE_HINT, examples: [{ Authorization: 'Bearer {{ $secrets.API_TOKEN }}' }] }),
  query: z
    .record(z.string().min(1).max(256), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .meta({ title: 'Query parameters', description: `Added to the URL, encoded. ${TEMPLATE_HINT}` }),
  body: z.unknown().optional().meta({
    title: 'Body',
    description: `A string is sent as is; any other JSON value is sent as JSON. Not sent with GET or HEAD. ${TEMPLATE_HINT}`,
  }),
  expectedStatus: z
    .array(z.number().int().min(100).max(599))
    .min(1)
    .optional()
    .meta({ title: 'Expected status', description: 'Statuses that count as success (default: any 2xx)', examples: [[200]] }),
  responseType: z.enum(['json', 'text']).default('json').meta({ title: 'Response', description: 'Parse the body as JSON, or keep it as text' }),
  maxResponseBytes: z
    .number()
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .default(DEFAULT_MAX_BYTES)
    .meta({ title: 'Size limit (bytes)', description: 'A larger response fails the step (default 5 MB)' }),
});

type HttpConfig = z.output<typeof configSchema>;

/** A scheme written before any template (`file:`, `gopher:`) is refused when the graph is saved, not at run time. */
function hasHttpSchemeIfWritten(url: string): boolean {
  const literal = url.split('{{')[0] ?? '';
  const scheme = /^\s*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(literal)?.[1];
  return scheme === undefined || ['http', 'https'].includes(scheme.toLowerCase());
}

// What the templates must resolve to.
const resolvedSchema = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  body: z.unknown().optional(),
});
type ResolvedRequest = z.output<typeof resolvedSchema>;

export const httpNode = defineNodeType({
  type: 'http',
  title: 'HTTP request',
  category: 'integration',
  description: 'Calls an HTTP API. Private addresses are refused unless the installation and the team allow them; cloud-metadata addresses always.',
  icon: 'globe',
  configSchema,
  outputs: ['out'],
  secretFields: SECRET_FIELDS,
  async execute(ctx) {
    assertSecretsWhole(ctx.config);
    const secrets = await loadSecrets(ctx);
    try {
      const response = await send(ctx, secrets);
      return done(redactValue(parseBody(ctx.config, response, secrets), secrets));
    } catch (error) {
      throw redactError(describeFailure(ctx.config, error), secrets);
    }
  },
});

/** Validation refuses these before a run starts; checked again here so no path reaches a secret otherwise. */
function assertSecretsWhole(config: HttpConfig): void {
  const [misuse] = secretMisuses(config, { secretFields: SECRET_FIELDS, expressionFields: [] });
  if (misuse !== undefined) throw new NodeError('NODE_CONFIG_INVALID', `${misuse.field} ${misuse.reason}; ${SECRET_RULE_HINT}`, { retryable: false });
}

async function loadSecrets(ctx: NodeContext<HttpConfig>): Promise<SecretValues> {
  const { url, headers, query, body } = ctx.config;
  // Only names written in the config count: run data cannot add a secret of its own.
  const names = wholeSecretNames({ url, headers, query, body });
  if (names.length === 0) return {};
  const port = ctx.services.secrets;
  if (port === undefined) throw new NodeError('SECRET_NOT_FOUND', 'reads secrets, but this server has no secrets service', { retryable: false });
  try {
    return await port.resolve(ctx.runId, names);
  } catch (error) {
    if (error instanceof AppError) throw new NodeError(error.code, error.message, { retryable: false, cause: error });
    throw error;
  }
}

async function resolveRequest(ctx: NodeContext<HttpConfig>, secrets: SecretValues): Promise<ResolvedRequest> {
  const { url, headers, query, body } = ctx.config;
  const resolved = resolvedSchema.safeParse(await resolveWithSecrets({ url, headers, query, body }, secrets, (value) => ctx.resolveTemplates(value)));
  if (resolved.success) return resolved.data;
  // Named by field and expected type only: the resolved value may hold a secret.
  const [issue] = resolved.error.issues;
  const field = issuePath('config', issue?.path ?? []);
  const expected = issue?.code === 'invalid_type' ? `a ${issue.expected}` : 'text, a number or a boolean';
  throw new NodeError('NODE_CONFIG_INVALID', `${field} must resolve to ${expected}`, { retryable: false });
}

async function send(ctx: NodeContext<HttpConfig>, secrets: SecretValues): Promise<GuardedResponse> {
  const { method } = ctx.config;
  const resolved = await resolveRequest(ctx, secrets);
  const target = parseUrl(ctx.config, resolved.url);
  for (const [key, value] of Object.entries(resolved.query)) target.searchParams.append(key, String(value));
  const hasBody = resolved.body !== undefined && method !== 'GET' && method !== 'HEAD';
  const outgoing = { ...resolved.headers };
  if (hasBody && typeof resolved.body !== 'string' && !hasHeader(outgoing, 'content-type')) outgoing['content-type'] = 'application/json';
  const network = ctx.services.network;
  // No network service: the strict policy (public addresses only).
  const privateNetwork = network === undefined ? NO_PRIVATE_NETWORK : await network.privateNetwork(ctx.runId);
  // Imported on use: node:http and node:dns must stay out of the catalog, which reaches the browser.
  const { guardedFetch } = await import('@/server/net/guarded-fetch');
  const response = await guardedFetch({
    url: target,
    method,
    headers: outgoing,
    body: hasBody ? Buffer.from(typeof resolved.body === 'string' ? resolved.body : JSON.stringify(resolved.body)) : undefined,
    maxBytes: ctx.config.maxResponseBytes,
    signal: ctx.signal,
    policy: { privateNetwork, appOrigin: network?.appOrigin, lookup: network?.lookup?.bind(network) },
  });
  assertExpectedStatus(ctx.config, response, secrets);
  return response;
}

function parseUrl(config: HttpConfig, text: string): URL {
  try {
    return new URL(text);
  } catch (error) {
    throw new NodeError('NODE_CONFIG_INVALID', `${requestLabel(config)}: config.url is not a valid URL once its templates are resolved`, { retryable: false, cause: error });
  }
}

/** The method and the URL as written (templates, not values): what every error of this node names. */
function requestLabel(config: HttpConfig): string {
  const url = config.url.length <= 200 ? config.url : `${config.url.slice(0, 197)}...`;
  return `${config.method} ${url}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The start of a response body for a message: redacted before it is cut, so no half secret survives. */
function bodySnippet(text: string, secrets: SecretValues, length: number): string {
  return redactText(text, secrets).slice(0, length).replace(/\s+/g, ' ').trim();
}

function assertExpectedStatus(config: HttpConfig, response: GuardedResponse, secrets: SecretValues): void {
  const { status } = response;
  const isExpected = config.expectedStatus === undefined ? status >= 200 && status < 300 : config.expectedStatus.includes(status);
  if (isExpected) return;
  const expected = config.expectedStatus === undefined ? 'a 2xx status' : config.expectedStatus.join(', ');
  const snippet = bodySnippet(response.body.toString('utf8'), secrets, 200);
  // Rate limits and server errors pass; a 4xx means the request itself is wrong, and will stay wrong.
  const retryable = status === 429 || status === 408 || status >= 500;
  throw new NodeError('HTTP_STATUS', `${requestLabel(config)} answered ${status} (expected ${expected})${snippet ? `: ${snippet}` : ''}`, { retryable });
}

function parseBody(config: HttpConfig, response: GuardedResponse, secrets: SecretValues): unknown {
  const text = response.body.toString('utf8');
  if (config.responseType === 'text' || config.method === 'HEAD') return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const snippet = bodySnippet(text, secrets, 120);
    throw new NodeError('NODE_FAILED', `${requestLabel(config)} answered ${response.status} with a body that is not JSON: "${snippet}" (set responseType to text)`, {
      retryable: false,
      cause: error,
    });
  }
}

/**
 * Every failure as a typed error naming the request as written. Network failures keep their code and
 * reason (the net layer never names the resolved host); an unexpected error keeps only its name and code.
 */
function describeFailure(config: HttpConfig, error: unknown): unknown {
  // The parser normalises a host (`0x0a000001` to 10.0.0.1), which redaction by matching text may miss.
  if (error instanceof AddressRefusedError && wholeSecretNames({ url: config.url }).length > 0) {
    return new NodeError(error.code, `${requestLabel(config)}: ${error.messageWithoutAddress} (not shown: the URL uses a secret)`, { retryable: false });
  }
  if (error instanceof NetworkError) return new NodeError(error.code, `${requestLabel(config)}: ${error.message}`, { retryable: error.retryable });
  // Ours (already phrased from the config as written), an expression's or the secrets service's.
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return error;
  // An abort (timeout/cancel) is reported from the signal's reason by the executor.
  const code = 'code' in error && typeof error.code === 'string' ? `, ${error.code}` : '';
  return new NodeError('NODE_FAILED', `${requestLabel(config)} failed (${error.name}${code})`, { retryable: true });
}

/** The last line: whatever a message still holds of a secret value (an echo in a response) is redacted. */
function redactError(error: unknown, secrets: SecretValues): unknown {
  if (Object.keys(secrets).length === 0) return error;
  if (error instanceof NodeError) {
    return new NodeError(error.code, redactText(error.message, secrets), { retryable: error.retryable, nodeId: error.nodeId, attempt: error.attempt });
  }
  if (error instanceof AppError) return new AppError(error.code, redactText(error.message, secrets));
  return error;
}
