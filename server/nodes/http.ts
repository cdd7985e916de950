/**
 * `http`: calls an HTTP API under the team's network policy (DESIGN §9). Secrets are written as
 * `{{ $secrets.NAME }}` in the URL, headers, query or body; those fields are deferred templates, so the
 * engine never holds a secret value: execute resolves them with the team's secrets, and redacts every
 * value it used from its output and its error messages before they can be stored.
 */
import { z } from 'zod';
import { defineNodeType, done, type NodeContext } from '@/server/engine/node-type';
import { AppError, NodeError } from '@/server/errors';
import { NetworkError } from '@/server/net/errors';
import type { GuardedResponse } from '@/server/net/guarded-fetch';
import { redactText, redactValue, referencedSecretNames, type SecretValues } from '@/server/secrets/redact';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const TEMPLATE_HINT = 'Templates such as {{ input.id }} and {{ $secrets.API_TOKEN }} are allowed';

const configSchema = z.strictObject({
  method: z.enum(METHODS).default('GET').meta({ title: 'Method', description: 'The HTTP method' }),
  url: z.string().min(1).max(8_192).meta({
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
    description: 'A string is sent as is; any other JSON value is sent as JSON. Not sent with GET or HEAD.',
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

// What the deferred templates must resolve to.
const resolvedSchema = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  body: z.unknown().optional(),
});

export const httpNode = defineNodeType({
  type: 'http',
  title: 'HTTP request',
  category: 'integration',
  description: 'Calls an HTTP API. Private and cloud-metadata addresses are refused unless the team allows private networks.',
  icon: 'globe',
  configSchema,
  outputs: ['out'],
  deferredTemplateFields: ['url', 'headers', 'query', 'body'],
  async execute(ctx) {
    const secrets = await loadSecrets(ctx);
    try {
      const response = await send(ctx, secrets);
      return done(redactValue(parseBody(ctx.config, response), secrets));
    } catch (error) {
      throw redactError(error, secrets);
    }
  },
});

async function loadSecrets(ctx: NodeContext<HttpConfig>): Promise<SecretValues> {
  const { url, headers, query, body } = ctx.config;
  // Only names written in the config count: run data cannot add a `$secrets` read of its own.
  const names = referencedSecretNames({ url, headers, query, body });
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

async function send(ctx: NodeContext<HttpConfig>, secrets: SecretValues): Promise<GuardedResponse> {
  const { method, url, headers, query, body } = ctx.config;
  const resolved = resolvedSchema.parse(await ctx.resolveTemplates({ url, headers, query, body }, { secrets }));
  const target = parseUrl(resolved.url);
  for (const [key, value] of Object.entries(resolved.query)) target.searchParams.append(key, String(value));
  const hasBody = resolved.body !== undefined && method !== 'GET' && method !== 'HEAD';
  const outgoing = { ...resolved.headers };
  if (hasBody && typeof resolved.body !== 'string' && !hasHeader(outgoing, 'content-type')) outgoing['content-type'] = 'application/json';
  const network = ctx.services.network;
  // No network service: the strict policy (public addresses only).
  const allowsPrivateNetwork = network === undefined ? false : await network.allowsPrivateNetwork(ctx.runId);
  // Imported on use: node:http and node:dns must stay out of the catalog, which reaches the browser.
  const { guardedFetch } = await import('@/server/net/guarded-fetch');
  const response = await guardedFetch({
    url: target,
    method,
    headers: outgoing,
    body: hasBody ? Buffer.from(typeof resolved.body === 'string' ? resolved.body : JSON.stringify(resolved.body)) : undefined,
    maxBytes: ctx.config.maxResponseBytes,
    signal: ctx.signal,
    policy: { allowsPrivateNetwork, lookup: network?.lookup?.bind(network) },
  });
  assertExpectedStatus(ctx.config, response);
  return response;
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch (error) {
    throw new NodeError('NODE_CONFIG_INVALID', `config.url is not a valid URL after templates: "${text.slice(0, 200)}"`, { retryable: false, cause: error });
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function assertExpectedStatus(config: HttpConfig, response: GuardedResponse): void {
  const { status } = response;
  const isExpected = config.expectedStatus === undefined ? status >= 200 && status < 300 : config.expectedStatus.includes(status);
  if (isExpected) return;
  const expected = config.expectedStatus === undefined ? 'a 2xx status' : config.expectedStatus.join(', ');
  const snippet = response.body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
  // Rate limits and server errors pass; a 4xx means the request itself is wrong, and will stay wrong.
  const retryable = status === 429 || status === 408 || status >= 500;
  throw new NodeError('HTTP_STATUS', `${config.method} ${response.url.host} answered ${status} (expected ${expected})${snippet ? `: ${snippet}` : ''}`, {
    retryable,
  });
}

function parseBody(config: HttpConfig, response: GuardedResponse): unknown {
  const text = response.body.toString('utf8');
  if (config.responseType === 'text' || config.method === 'HEAD') return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const snippet = text.slice(0, 120).replace(/\s+/g, ' ');
    throw new NodeError('NODE_FAILED', `${response.url.host} answered ${response.status} with a body that is not JSON: "${snippet}" (set responseType to text)`, {
      retryable: false,
      cause: error,
    });
  }
}

/** Typed, redacted errors: network refusals and failures keep their code; messages lose secret values. */
function redactError(error: unknown, secrets: SecretValues): unknown {
  if (error instanceof NetworkError) {
    return new NodeError(error.code, redactText(error.message, secrets), { retryable: error.retryable });
  }
  if (error instanceof NodeError) {
    return new NodeError(error.code, redactText(error.message, secrets), { retryable: error.retryable, nodeId: error.nodeId, attempt: error.attempt });
  }
  if (error instanceof AppError) return new AppError(error.code, redactText(error.message, secrets));
  if (error instanceof z.ZodError) return new NodeError('NODE_CONFIG_INVALID', redactText(`templates resolved to the wrong shape: ${error.message}`, secrets), { retryable: false });
  // An abort (timeout/cancel) is reported from the signal's reason by the executor; other errors lose detail only if it holds a secret.
  if (error instanceof Error) return Object.keys(secrets).length === 0 ? error : new Error(redactText(error.message, secrets));
  return error;
}
