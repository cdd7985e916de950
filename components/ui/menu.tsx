'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  shortcut?: string;
  disabled?: boolean;
  onSelect(): void;
}

/**
 * A button that opens a list of actions (Radix UI: arrow keys, typeahead, Escape, focus return); `heading`
 * is plain text above them (who is signed in, say).
 */
export function Menu({ trigger, label, items, heading }: { trigger: ReactNode; label: string; items: ReadonlyArray<MenuItem | 'separator'>; heading?: string }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild aria-label={label}>
        {trigger}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-52 rounded-md border border-zinc-200 bg-white p-1 text-sm shadow-lg">
          {heading !== undefined && <DropdownMenu.Label className="max-w-72 truncate px-2 py-1.5 text-xs text-zinc-600" title={heading}>{heading}</DropdownMenu.Label>}
          {items.map((item, index) =>
            item === 'separator' ? (
              <DropdownMenu.Separator key={`separator-${index}`} className="my-1 h-px bg-zinc-200" />
            ) : (
              <DropdownMenu.Item
                key={item.label}
                disabled={item.disabled}
                onSelect={item.onSelect}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-zinc-800 outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-zinc-100"
              >
                <span aria-hidden="true" className="flex size-4 items-center justify-center text-zinc-500">{item.icon}</span>
                <span className="flex-1">{item.label}</span>
                {item.shortcut && <span className="text-xs text-zinc-500">{item.shortcut}</span>}
              </DropdownMenu.Item>
            ),
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
