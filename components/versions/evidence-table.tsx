import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { duration, money, REPLAY_LABEL } from './version-format';

type Evidence = NonNullable<NonNullable<RouterOutputs['evolution']['byId']['evolution']>['evidence']>;
type Replay = Evidence['items'][number]['parent'];

function ReplayCell({ replay }: { replay: Replay }) {
  const state = REPLAY_LABEL[replay.status] ?? { label: replay.status, tone: 'neutral' as const };
  return (
    <td className="px-3 py-2 align-top text-sm">
      <Badge tone={state.tone}>{state.label}</Badge>
      <div className="mt-1 text-xs text-zinc-500">
        {duration(replay.durationMs)} · {replay.tokens} tokens · {money(replay.costUsd)}
      </div>
      {replay.error && <div className="mt-1 max-w-sm text-xs break-words text-zinc-600">{replay.error}</div>}
    </td>
  );
}

/** Each input replayed on the version the proposal changes and on the proposal itself. */
export function EvidenceTable({ evidence, parentNumber, proposalNumber }: { evidence: Evidence; parentNumber: number | null; proposalNumber: number }) {
  return (
    <table aria-label="Evidence" className="w-full text-left">
      <thead className="text-xs text-zinc-500 uppercase">
        <tr>
          <th className="px-3 py-2">Input</th>
          <th className="px-3 py-2">Version {parentNumber ?? '?'} (before)</th>
          <th className="px-3 py-2">Version {proposalNumber} (proposal)</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {evidence.items.map((item) => (
          <tr key={item.testInputId ?? 'failed-run'}>
            <th scope="row" className="px-3 py-2 align-top text-sm font-medium text-zinc-900">
              {item.label}
              {item.checkExpression && <div className="font-mono text-xs font-normal text-zinc-500">{item.checkExpression}</div>}
            </th>
            <ReplayCell replay={item.parent} />
            <ReplayCell replay={item.proposal} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
