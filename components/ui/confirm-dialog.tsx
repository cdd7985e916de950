'use client';

import type { ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormAlert } from './field';

/** Asks before a destructive action; the action's error shows inside, so the person can retry or cancel. */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  error,
  confirmLabel,
  isBusy,
  onConfirm,
  onClose,
}: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  error: string | null | undefined;
  confirmLabel: string;
  isBusy: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <Dialog isOpen={isOpen} title={title} onClose={onClose}>
      <p className="text-sm text-zinc-700">{children}</p>
      <FormAlert message={error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" isBusy={isBusy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
