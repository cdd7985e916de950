'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import { PriceForm } from './price-form';

type Price = RouterOutputs['prices']['list'][number];

const usd = (perMTok: number) => `$${perMTok.toLocaleString('en-US', { maximumFractionDigits: 4 })}`;

function sourceText(price: Price): string {
  if (price.source === 'built-in') return 'Built-in';
  if (price.builtIn === null) return 'This team';
  return `This team (built-in: ${usd(price.builtIn.inputPerMTok)} / ${usd(price.builtIn.outputPerMTok)})`;
}

/** The team's model prices; owners set the team's own and remove them (a built-in price then applies again). */
export function PriceTable({ prices, canManage }: { prices: readonly Price[]; canManage: boolean }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [editing, setEditing] = useState<Price | undefined>(undefined);
  const remove = useMutation(trpc.prices.remove.mutationOptions({ onSuccess: () => router.refresh() }));
  const saved = () => {
    setEditing(undefined);
    router.refresh();
  };

  return (
    <div className="flex flex-col gap-4">
      <FormAlert message={remove.error?.message} />
      <div className="relative -mx-5 overflow-x-auto">
        <table aria-label="Model prices" className="min-w-full divide-y divide-zinc-200 text-sm">
          <thead>
            <tr className="text-xs font-semibold tracking-wide text-zinc-600 uppercase">
              <th scope="col" className="px-4 py-2 text-left">Model</th>
              <th scope="col" className="px-4 py-2 text-right">Input / M tokens</th>
              <th scope="col" className="px-4 py-2 text-right">Output / M tokens</th>
              <th scope="col" className="px-4 py-2 text-left">Source</th>
              {canManage && <th scope="col" className="px-4 py-2 text-right"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {prices.map((price) => (
              <tr key={price.model}>
                <th scope="row" className="px-4 py-2 text-left font-mono font-medium text-zinc-900">{price.model}</th>
                <td className="px-4 py-2 text-right text-zinc-700 tabular-nums">{usd(price.inputPerMTok)}</td>
                <td className="px-4 py-2 text-right text-zinc-700 tabular-nums">{usd(price.outputPerMTok)}</td>
                <td className="px-4 py-2 text-left text-zinc-600">{sourceText(price)}</td>
                {canManage && (
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(price)}>
                      Edit<span className="sr-only"> {price.model}</span>
                    </Button>
                    {price.source === 'team' && (
                      <Button size="sm" variant="danger" isBusy={remove.isPending && remove.variables.model === price.model} onClick={() => remove.mutate({ model: price.model })}>
                        {price.builtIn === null ? 'Remove' : 'Use built-in'}
                        <span className="sr-only"> {price.model}</span>
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {prices.length === 0 && <p className="text-sm text-zinc-500">No prices: every call costs $0.</p>}
      {canManage && <PriceForm key={editing?.model ?? 'new'} price={editing} onSaved={saved} />}
    </div>
  );
}
