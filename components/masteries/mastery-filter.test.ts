import { describe, expect, it } from 'vitest';
import { filterMasteries } from './mastery-filter';
import type { MasteryItem } from './mastery-row';

function mastery(name: string, fields: Partial<MasteryItem> = {}): MasteryItem {
  return {
    id: name,
    name,
    description: '',
    archivedAt: null,
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    currentVersion: 1,
    draftVersion: null,
    lastRun: null,
    ...fields,
  };
}

const list = [
  mastery('Weekly digest', { description: 'Summarises Mondays', updatedAt: new Date('2026-12-03T00:00:00Z'), lastRun: { status: 'SUCCEEDED', createdAt: new Date('2026-12-02T00:00:00Z') } }),
  mastery('API report', { draftVersion: 4, updatedAt: new Date('2026-12-05T00:00:00Z'), lastRun: { status: 'FAILED', createdAt: new Date('2026-12-06T00:00:00Z') } }),
  mastery('flaky import', { updatedAt: new Date('2026-12-02T00:00:00Z') }),
];
const names = (items: MasteryItem[]) => items.map((item) => item.name);

describe('filterMasteries', () => {
  it('matches every typed word in the name or description, in any case', () => {
    expect(names(filterMasteries(list, { text: 'mondays WEEKLY', show: 'all', sort: 'updated' }))).toEqual(['Weekly digest']);
    expect(names(filterMasteries(list, { text: 'report digest', show: 'all', sort: 'updated' }))).toEqual([]);
  });

  it('filters by drafts, failing last run and never run', () => {
    expect(names(filterMasteries(list, { text: '', show: 'drafts', sort: 'updated' }))).toEqual(['API report']);
    expect(names(filterMasteries(list, { text: '', show: 'failing', sort: 'updated' }))).toEqual(['API report']);
    expect(names(filterMasteries(list, { text: '', show: 'neverRun', sort: 'updated' }))).toEqual(['flaky import']);
  });

  it('sorts by last update, name (ignoring case) or last run', () => {
    expect(names(filterMasteries(list, { text: '', show: 'all', sort: 'updated' }))).toEqual(['API report', 'Weekly digest', 'flaky import']);
    expect(names(filterMasteries(list, { text: '', show: 'all', sort: 'name' }))).toEqual(['API report', 'flaky import', 'Weekly digest']);
    expect(names(filterMasteries(list, { text: '', show: 'all', sort: 'lastRun' }))).toEqual(['API report', 'Weekly digest', 'flaky import']);
  });
});
