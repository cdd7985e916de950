/**
 * The figures of a step row in the run view, each short enough to show whole in its cell: a duration in
 * the unit that suits it, attempts, tokens in thousands past 10,000, cost.
 */
import { formatCost } from '../run-format';

/** "850 ms", "1.25 s", "12.3 s", "2:05 min", "1:02 h"; "—" when the step has no timing. */
export function formatStepDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} min`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} h`;
}

/** "950", "9,950", "12.3k", "1.2M". */
export function formatTokenCount(tokens: number): string {
  if (tokens < 10_000) return tokens.toLocaleString('en-US');
  if (tokens < 999_950) return `${(tokens / 1000).toFixed(1)}k`;
  return `${(tokens / 1_000_000).toFixed(1)}M`;
}

export interface StepFigureTexts {
  duration: string;
  attempts: string;
  /** Tokens and cost, or null for a step that used no model. */
  usage: string | null;
  /** Every figure in full, for the row's tooltip. */
  full: string;
}

export function stepFigureTexts(figures: { durationMs: number | null; attempts: number; tokens: number; costUsd: number }): StepFigureTexts {
  const attempts = `${figures.attempts} attempt${figures.attempts === 1 ? '' : 's'}`;
  const usage = figures.tokens > 0 ? `${formatTokenCount(figures.tokens)} tok · ${formatCost(figures.costUsd)}` : null;
  const exact = figures.durationMs === null ? 'no timing' : `${figures.durationMs.toLocaleString('en-US')} ms`;
  const full = [exact, attempts, ...(figures.tokens > 0 ? [`${figures.tokens.toLocaleString('en-US')} tokens`, formatCost(figures.costUsd)] : [])].join(' · ');
  return { duration: formatStepDuration(figures.durationMs), attempts, usage, full };
}
