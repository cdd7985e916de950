import { Badge } from '@/components/ui/badge';
import { statusLook } from './step-status';

/** A run's or step's status as icon and word, coloured by its tone. */
export function StatusBadge({ status }: { status: string }) {
  const look = statusLook(status);
  const Icon = look.icon;
  return (
    <Badge tone={look.tone}>
      <Icon aria-hidden="true" className={`mr-1 size-3 ${status === 'RUNNING' ? 'animate-spin' : ''}`} />
      {look.label}
    </Badge>
  );
}
