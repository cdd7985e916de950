'use client';

import * as RadixToast from '@radix-ui/react-toast';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';

const TONES = {
  info: 'border-zinc-200',
  danger: 'border-danger-600/40',
} as const;

/** Where toasts appear (bottom centre) and the hotkey that moves focus to them (F8). */
export function ToastProvider({ children }: { children: ReactNode }) {
  return (
    <RadixToast.Provider swipeDirection="down" duration={5000}>
      {children}
      <RadixToast.Viewport className="fixed bottom-4 left-1/2 z-50 flex w-[min(32rem,calc(100%-2rem))] -translate-x-1/2 flex-col gap-2 outline-none" />
    </RadixToast.Provider>
  );
}

/** A message that clears itself after a few seconds (longer while hovered or focused), announced politely. */
export function Toast({ message, tone = 'info', isOpen, onOpenChange }: { message: string; tone?: keyof typeof TONES; isOpen: boolean; onOpenChange(isOpen: boolean): void }) {
  return (
    <RadixToast.Root open={isOpen} onOpenChange={onOpenChange} className={`flex items-start gap-3 rounded-md border bg-white px-4 py-3 text-sm text-zinc-900 shadow-lg ${TONES[tone]}`}>
      <RadixToast.Description className="min-w-0 flex-1 break-words">{message}</RadixToast.Description>
      <RadixToast.Close aria-label="Dismiss" className="text-zinc-500 hover:text-zinc-900">
        <X aria-hidden="true" className="size-4" />
      </RadixToast.Close>
    </RadixToast.Root>
  );
}
