'use client';

import { Button } from '@/components/ui/button';
import { RESTORABLE_STATUSES } from './version-links';

interface Props {
  version: { number: number; status: string; isCurrent: boolean };
  canEdit: boolean;
  isBusy: boolean;
  onClick(): void;
}

/** Rolls back to this version (a new version on top); shown to editors for a version that may be current. */
export function MakeCurrentButton({ version, canEdit, isBusy, onClick }: Props) {
  if (!canEdit || version.isCurrent || !RESTORABLE_STATUSES.has(version.status)) return null;
  return (
    <Button size="sm" variant="secondary" isBusy={isBusy} onClick={onClick}>
      Make current<span className="sr-only"> version {version.number}</span>
    </Button>
  );
}
