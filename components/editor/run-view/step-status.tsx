import { Ban, CheckCircle2, CircleDashed, Clock, Hourglass, Loader2, RotateCw, SkipForward, XCircle, type LucideIcon } from 'lucide-react';
import type { BadgeTone } from '@/components/ui/badge';

interface StatusLook {
  label: string;
  icon: LucideIcon;
  tone: BadgeTone;
  /** Fill and border of a node card whose step has this status. */
  card: string;
  /** The bar of a step in the run's timeline. */
  bar: string;
}

/** How a step or run status looks everywhere in the run view: one table, so the canvas and the list agree. */
export const STATUS_LOOKS: Readonly<Record<string, StatusLook>> = {
  PENDING: { label: 'Pending', icon: CircleDashed, tone: 'neutral', card: 'border-zinc-300 bg-white', bar: 'bg-zinc-300' },
  QUEUED: { label: 'Queued', icon: Clock, tone: 'neutral', card: 'border-zinc-400 bg-zinc-50', bar: 'bg-zinc-400' },
  RUNNING: { label: 'Running', icon: Loader2, tone: 'accent', card: 'border-accent-500 bg-accent-50', bar: 'bg-accent-500' },
  RETRYING: { label: 'Retrying', icon: RotateCw, tone: 'warning', card: 'border-warning-700 bg-warning-50', bar: 'bg-warning-700' },
  WAITING: { label: 'Waiting', icon: Hourglass, tone: 'warning', card: 'border-warning-700 bg-warning-50', bar: 'bg-warning-700' },
  SUCCEEDED: { label: 'Succeeded', icon: CheckCircle2, tone: 'success', card: 'border-success-700 bg-success-50', bar: 'bg-success-700' },
  FAILED: { label: 'Failed', icon: XCircle, tone: 'danger', card: 'border-danger-600 bg-danger-50', bar: 'bg-danger-600' },
  SKIPPED: { label: 'Skipped', icon: SkipForward, tone: 'neutral', card: 'border-dashed border-zinc-300 bg-zinc-50', bar: 'bg-zinc-300' },
  CANCELLED: { label: 'Cancelled', icon: Ban, tone: 'neutral', card: 'border-dashed border-zinc-400 bg-zinc-50', bar: 'bg-zinc-400' },
};

export function statusLook(status: string): StatusLook {
  return STATUS_LOOKS[status] ?? { label: status.charAt(0) + status.slice(1).toLowerCase(), icon: CircleDashed, tone: 'neutral', card: 'border-zinc-300 bg-white', bar: 'bg-zinc-300' };
}
