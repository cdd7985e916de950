'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';

const LINKS = [
  { href: '/masteries', label: 'Masteries' },
  { href: '/runs', label: 'Runs' },
  { href: '/agents', label: 'Agents' },
  { href: '/metrics', label: 'Metrics' },
  { href: '/review', label: 'Review' },
  { href: '/settings/team', label: 'Team settings' },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  const trpc = useTRPC();
  // Open proposals, as a badge on Review; refreshed now and then rather than pushed.
  const queue = useQuery({ ...trpc.evolution.queue.queryOptions({}), refetchInterval: 30_000, retry: false });
  const openProposals = queue.data?.count ?? 0;
  return (
    <nav aria-label="Main" className="flex shrink-0 items-center gap-1">
      {LINKS.map((link) => {
        const isCurrent = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={isCurrent ? 'page' : undefined}
            className={[
              'rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap',
              isCurrent ? 'bg-zinc-100 text-zinc-900' : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900',
            ].join(' ')}
          >
            {link.label}
            {link.href === '/review' && openProposals > 0 && (
              <span className="ml-1.5 rounded-full bg-accent-600 px-1.5 py-0.5 text-xs text-white" aria-label={`${openProposals} open`}>
                {openProposals}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
