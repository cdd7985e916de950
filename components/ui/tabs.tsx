'use client';

import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';

export interface TabItem {
  value: string;
  label: ReactNode;
  content: ReactNode;
}

/** Tabs on Radix UI (arrow keys move between tabs, each panel labelled by its tab). */
export function Tabs({ label, value, onValueChange, items, className }: { label: string; value: string; onValueChange(value: string): void; items: readonly TabItem[]; className?: string }) {
  return (
    <RadixTabs.Root value={value} onValueChange={onValueChange} className={['flex min-h-0 flex-col', className].filter(Boolean).join(' ')}>
      <RadixTabs.List aria-label={label} className="flex shrink-0 gap-1 border-b border-zinc-200 px-2">
        {items.map((item) => (
          <RadixTabs.Trigger
            key={item.value}
            value={item.value}
            className="-mb-px inline-flex items-center gap-1.5 border-b-2 border-transparent px-2 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 data-[state=active]:border-accent-600 data-[state=active]:text-zinc-900"
          >
            {item.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {items.map((item) => (
        <RadixTabs.Content key={item.value} value={item.value} className="min-h-0 flex-1 overflow-y-auto focus:outline-none">
          {item.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
