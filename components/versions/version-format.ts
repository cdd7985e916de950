/** Labels and tones for version and replay states, shared by the Versions and Review pages. */
import type { BadgeTone } from '@/components/ui/badge';

export const STATUS_TONE: Record<string, BadgeTone> = {
  DRAFT: 'warning',
  PUBLISHED: 'success',
  PROPOSED: 'accent',
  APPROVED: 'success',
  REJECTED: 'danger',
};

export const SOURCE_LABEL: Record<string, string> = { USER: 'Person', EVOLVER: 'Evolver', COMPOSER: 'Composer', ROLLBACK: 'Rollback' };

export const REPLAY_LABEL: Record<string, { label: string; tone: BadgeTone }> = {
  PASSED: { label: 'Passed', tone: 'success' },
  CHECK_FAILED: { label: 'Check failed', tone: 'danger' },
  FAILED: { label: 'Failed', tone: 'danger' },
  TIMED_OUT: { label: 'Timed out', tone: 'danger' },
  BUDGET_EXCEEDED: { label: 'Budget exceeded', tone: 'warning' },
  ERROR: { label: 'Not run', tone: 'warning' },
};

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

export function personName(person: { name: string | null; email: string } | null): string {
  return person === null ? 'the system' : (person.name ?? person.email);
}

export function formatJson(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
