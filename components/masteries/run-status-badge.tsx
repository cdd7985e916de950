import type { RunStatus } from '@/server/generated/prisma/enums';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const LOOK = {
  QUEUED: { tone: 'neutral', label: 'Queued' },
  RUNNING: { tone: 'accent', label: 'Running' },
  WAITING: { tone: 'warning', label: 'Waiting' },
  SUCCEEDED: { tone: 'success', label: 'Succeeded' },
  FAILED: { tone: 'danger', label: 'Failed' },
  CANCELLED: { tone: 'neutral', label: 'Cancelled' },
} as const satisfies Record<RunStatus, { tone: BadgeTone; label: string }>;

export function RunStatusBadge({ status }: { status: RunStatus | null }) {
  if (!status) return <span className="text-sm text-zinc-500">Never run</span>;
  const look = LOOK[status];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}
