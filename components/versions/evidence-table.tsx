import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { withNodeNames } from '@/components/editor/state/node-names';
import { formatCost } from '@/lib/figures';
import { duration, REPLAY_LABEL } from './version-format';

type Evidence = NonNullable<NonNullable<RouterOutputs['evolution']['byId']['evolution']>['evidence']>;
type Replay = Evidence['items'][number]['parent'];

function ReplayCell({ replay, names, isUnreproduced = false }: { replay: Replay; names: ReadonlyMap<string, string>; isUnreproduced?: boolean }) {
  const state = REPLAY_LABEL[replay.status] ?? { label: replay.status, tone: 'neutral' as const };
  return (
    <td className="px-3 py-2 align-top text-sm">
      <Badge tone={isUnreproduced ? 'warning' : state.tone}>{state.label}</Badge>
      {isUnreproduced && <div className="mt-1 text-xs text-warning-700">The failure did not happen again</div>}
      <div className="mt-1 text-xs text-zinc-500">
        {duration(replay.durationMs)} · {replay.tokens} tokens · {formatCost(replay.costUsd)}
      </div>
      {replay.error && <div className="mt-1 max-w-sm text-xs wrap-anywhere text-zinc-600">{withNodeNames(replay.error, names)}</div>}
    </td>
  );
}

/** Each input replayed on the version the proposal changes and on the proposal itself. */
export function EvidenceTable({ evidence, parentNumber, proposalNumber, names }: { evidence: Evidence; parentNumber: number | null; proposalNumber: number; names: ReadonlyMap<string, string> }) {
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
              {item.checkExpression && <div className="font-mono text-xs font-normal wrap-anywhere text-zinc-500">{item.checkExpression}</div>}
            </th>
            <ReplayCell replay={item.parent} names={names} isUnreproduced={item.testInputId === null && item.parent.status === 'PASSED'} />
            <ReplayCell replay={item.proposal} names={names} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
