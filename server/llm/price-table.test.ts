/**
 * A team's model price table over the real API: everyone reads it, only owners change it, every change is
 * in the audit log under the team, bad prices are named, and a saved price prices the team's next call.
 */
import { expect, it } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, outcomeText } from '@/test/api';
import { prismaPriceLookup } from './prices';

/** A run of the team, only for its id: prices are looked up by the run's team. */
async function runOf(db: PrismaClient, teamId: string): Promise<string> {
  const { masteryId, versionId } = await makeMasteryWithGraph(db, teamId, { nodes: [], edges: [] });
  return (await db.run.create({ data: { teamId, masteryId, versionId, input: {} } })).id;
}

describeEachDb('model prices', (getDb) => {
  it('lets owners add, change and remove a price, audit-logged, and refuses editors and viewers', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Pricing');
    const runId = await runOf(db, team.id);
    const price = { model: 'edited-model', inputPerMTok: 2.5, outputPerMTok: 10 };
    expect(await outcomeText(team.as('EDITOR').prices.save(price))).toMatch(/^FORBIDDEN/);
    expect(await outcomeText(team.as('VIEWER').prices.save(price))).toMatch(/^FORBIDDEN/);
    expect(await db.modelPrice.count({ where: { model: price.model } })).toBe(0);

    await team.as('OWNER').prices.save(price);
    expect(await team.as('VIEWER').prices.list()).toEqual(expect.arrayContaining([expect.objectContaining({ ...price, source: 'team', builtIn: null })]));
    expect(await prismaPriceLookup(db)(runId, 'edited-model-2026-01-01')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
    await team.as('OWNER').prices.save({ ...price, outputPerMTok: 12 });
    expect(await outcomeText(team.as('EDITOR').prices.remove({ model: price.model }))).toMatch(/^FORBIDDEN/);
    await team.as('OWNER').prices.remove({ model: price.model });
    expect(await prismaPriceLookup(db)(runId, price.model)).toBeUndefined();

    const log = await db.auditLog.findMany({ where: { teamId: team.id, targetType: 'ModelPrice' }, orderBy: { createdAt: 'asc' } });
    expect(log.map((entry) => [entry.action, entry.targetId, entry.actorId])).toEqual([
      ['price.create', price.model, team.members.OWNER.userId],
      ['price.update', price.model, team.members.OWNER.userId],
      ['price.remove', price.model, team.members.OWNER.userId],
    ]);
    expect(log[1]?.data).toMatchObject({ outputPerMTok: 12, before: { outputPerMTok: 10 } });
  });

  it("shows a team's own price of a built-in model with the built-in one it replaces", async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Overriders');
    await team.as('OWNER').prices.save({ model: 'gpt-4o', inputPerMTok: 1, outputPerMTok: 2 });
    const rows = (await team.as('VIEWER').prices.list()).filter((row) => row.model === 'gpt-4o');
    expect(rows).toEqual([expect.objectContaining({ inputPerMTok: 1, outputPerMTok: 2, source: 'team', builtIn: { inputPerMTok: 2.5, outputPerMTok: 10 } })]);
  });

  it('names a bad price', async () => {
    const db = getDb().client;
    const owner = (await makeTeam(db, 'Bad prices')).as('OWNER');
    expect(await outcomeText(owner.prices.save({ model: ' ', inputPerMTok: 1, outputPerMTok: 1 }))).toBe('BAD_REQUEST: model: Enter a model name');
    expect(await outcomeText(owner.prices.save({ model: 'm', inputPerMTok: -1, outputPerMTok: 1 }))).toBe('BAD_REQUEST: inputPerMTok: Input price must be 0 or more');
    expect(await outcomeText(owner.prices.remove({ model: 'never-priced' }))).toBe('NOT_FOUND: Model price was not found');
  });
});
