import Link from 'next/link';
import { TriangleAlert } from 'lucide-react';
import { runOnItsVersionHref } from '@/components/versions/version-links';
import type { ShownRun } from './run-overlay';

/**
 * Said when the canvas holds another version than the one the run ran (a `?run=` link alone, a run of an
 * older version): the nodes, their settings and the step statuses drawn on them may not be what ran. The
 * way to the run's version is a link, so the unsaved-changes guard asks before edits are left behind.
 */
export function OtherVersionNote({ run, canvasNumber }: { run: ShownRun; canvasNumber: number }) {
  return (
    <p role="note" aria-label="Version of this run" className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md border border-warning-700/20 bg-warning-50 px-3 py-2 text-sm text-zinc-800">
      <TriangleAlert aria-hidden="true" className="size-4 shrink-0 text-warning-700" />
      <span>
        This run ran <strong className="font-semibold">v{run.version.number}</strong>; the canvas shows v{canvasNumber}, whose steps and settings may differ from what ran.
      </span>
      <Link href={runOnItsVersionHref(run.mastery.id, run)} className="font-medium text-accent-700 hover:underline">
        Open v{run.version.number} with this run
      </Link>
    </p>
  );
}
