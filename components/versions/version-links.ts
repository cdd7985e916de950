/** Where the editor shows a version read-only, alone or compared with an older one on the canvas. */
export function viewVersionHref(masteryId: string, versionId: string, compareWithId?: string): string {
  const query = new URLSearchParams({ view: versionId, ...(compareWithId === undefined ? {} : { compare: compareWithId }) });
  return `/masteries/${masteryId}?${query.toString()}`;
}

/** The older of two versions is the one compared from. */
export function compareHref(masteryId: string, a: { id: string; number: number }, b: { id: string; number: number }): string {
  const [from, to] = a.number < b.number ? [a, b] : [b, a];
  return viewVersionHref(masteryId, to.id, from.id);
}

export function reviewHref(masteryId: string, proposalId: string): string {
  return `/masteries/${masteryId}/versions?proposal=${proposalId}`;
}

/** Statuses a version may be made current from; proposals are decided in review instead. */
export const RESTORABLE_STATUSES: ReadonlySet<string> = new Set(['DRAFT', 'PUBLISHED', 'APPROVED']);

/** A run opened on the version it ran, so the canvas shows the steps that ran. */
export function runOnItsVersionHref(masteryId: string, run: { id: string; version: { id: string } }): string {
  return `/masteries/${masteryId}?${new URLSearchParams({ version: run.version.id, run: run.id }).toString()}`;
}
