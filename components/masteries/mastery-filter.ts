/** Search, filter and sort of the masteries list: pure, so the list and its tests share one rule. */
import type { MasteryItem } from './mastery-row';

export type MasterySort = 'updated' | 'name' | 'lastRun';
export type MasteryShow = 'all' | 'drafts' | 'failing' | 'neverRun';

export interface MasteryQuery {
  text: string;
  show: MasteryShow;
  sort: MasterySort;
}

const FAILED = new Set(['FAILED', 'CANCELLED']);

/** Name or description contains every word typed, in any case; then the chosen filter and order. */
export function filterMasteries(masteries: readonly MasteryItem[], query: MasteryQuery): MasteryItem[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = masteries.filter((mastery) => {
    const haystack = `${mastery.name} ${mastery.description}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
    switch (query.show) {
      case 'all':
        return true;
      case 'drafts':
        return mastery.draftVersion !== null;
      case 'failing':
        return mastery.lastRun !== null && FAILED.has(mastery.lastRun.status);
      case 'neverRun':
        return mastery.lastRun === null;
      default: {
        const never: never = query.show;
        return never;
      }
    }
  });
  return matches.sort(comparator(query.sort));
}

function comparator(sort: MasterySort): (a: MasteryItem, b: MasteryItem) => number {
  const time = (date: Date | string | undefined) => (date === undefined ? 0 : new Date(date).getTime());
  switch (sort) {
    case 'name':
      return (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    case 'lastRun':
      return (a, b) => time(b.lastRun?.createdAt) - time(a.lastRun?.createdAt);
    case 'updated':
      return (a, b) => time(b.updatedAt) - time(a.updatedAt);
    default: {
      const never: never = sort;
      return never;
    }
  }
}
