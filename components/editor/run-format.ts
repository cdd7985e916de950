/** Pure helpers for starting and showing a run from the editor: the prefilled input, errors, numbers. */
import { TRPCClientError } from '@trpc/client';
import type { ApiError } from '@/components/trpc/types';
import { formatCost, formatDuration } from '@/lib/figures';

export { formatCost, formatDuration };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `{ field: default }` for every property of the input schema that has a default; `{}` when none. */
export function defaultInput(inputSchema: Record<string, unknown> | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(asRecord(inputSchema?.properties))) {
    const fallback = asRecord(property).default;
    if (fallback !== undefined) input[name] = fallback;
  }
  return input;
}

/** The textarea's text as a run input, or the reason it cannot be one. */
export function parseRunInput(text: string): { input: Record<string, unknown> } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return { problem: `The input is not JSON: ${error instanceof Error ? error.message : 'it cannot be read'}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { problem: 'The input must be a JSON object, like { "name": "value" }' };
  return { input: json as Record<string, unknown> };
}

/** Every problem the server listed ("input.region: …", one per graph problem), or its message. */
export function runProblems(error: unknown): string[] {
  const api = error instanceof TRPCClientError ? (error as ApiError) : null;
  const issues = api?.data?.fieldErrors ?? [];
  if (issues.length > 0) return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  return [error instanceof Error ? error.message : 'The run could not start'];
}

export const TERMINAL_RUN_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
/** The fallback poll (while the live stream is broken) stops here too: a waiting run needs a person, not a refresh. */
export const SETTLED_RUN_STATUSES: ReadonlySet<string> = new Set([...TERMINAL_RUN_STATUSES, 'WAITING']);

/** What a run took and cost, as the run panel and the runs list show it: "1.20 s · 120 tokens · $0.0012". */
export function runTotals(run: { startedAt: Date | null; finishedAt: Date | null; tokensIn: number; tokensOut: number; costUsd: number }): string {
  const durationMs = run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
  const tokens = run.tokensIn + run.tokensOut;
  return `${formatDuration(durationMs)} · ${tokens} ${tokens === 1 ? 'token' : 'tokens'} · ${formatCost(run.costUsd)}`;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

/** How a run is named to people: `#` and the end of its id, as the run panel's title shows it. */
export const runNumber = (id: string) => `#${id.slice(-8)}`;
