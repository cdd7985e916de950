/**
 * The model price table over the real API: everyone reads it, only owners change it, every change is in
 * the audit log under the owner's team, bad prices are named, and a saved price prices the next call.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeTeam, outcomeText } from '@/test/api';
import { prismaPriceLookup } from './prices';

describeEachDb('model prices', (getDb) => {
  it('lets owners add, change and remove a price, audit-logged, and refuses editors and viewers', async () => {
    const db = getDb().client;
    const team = await makeTeam(db, 'Pricing');
    const price = { model: 'edited-model', inputPerMTok: 2.5, outputPerMTok: 10 };
    expect(await outcomeText(team.as('EDITOR').prices.save(price))).toMatch(/^FORBIDDEN/);
    expect(await outcomeText(team.as('VIEWER').prices.save(price))).toMatch(/^FORBIDDEN/);
    expect(await db.modelPrice.count({ where: { model: price.model } })).toBe(0);

    await team.as('OWNER').prices.save(price);
    expect(await team.as('VIEWER').prices.list()).toEqual(expect.arrayContaining([expect.objectContaining(price)]));
    expect(await prismaPriceLookup(db)('edited-model-2026-01-01')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
    await team.as('OWNER').prices.save({ ...price, outputPerMTok: 12 });
    expect(await outcomeText(team.as('EDITOR').prices.remove({ model: price.model }))).toMatch(/^FORBIDDEN/);
    await team.as('OWNER').prices.remove({ model: price.model });
    expect(await prismaPriceLookup(db)(price.model)).toBeUndefined();

    const log = await db.auditLog.findMany({ where: { teamId: team.id, targetType: 'ModelPrice' }, orderBy: { createdAt: 'asc' } });
    expect(log.map((entry) => [entry.action, entry.targetId, entry.actorId])).toEqual([
      ['price.create', price.model, team.members.OWNER.userId],
      ['price.update', price.model, team.members.OWNER.userId],
      ['price.remove', price.model, team.members.OWNER.userId],
    ]);
    expect(log[1]?.data).toMatchObject({ outputPerMTok: 12, before: { outputPerMTok: 10 } });
  });

  it('names a bad price', async () => {
    const db = getDb().client;
    const owner = (await makeTeam(db, 'Bad prices')).as('OWNER');
    expect(await outcomeText(owner.prices.save({ model: ' ', inputPerMTok: 1, outputPerMTok: 1 }))).toBe('BAD_REQUEST: model: Enter a model name');
    expect(await outcomeText(owner.prices.save({ model: 'm', inputPerMTok: -1, outputPerMTok: 1 }))).toBe('BAD_REQUEST: inputPerMTok: Input price must be 0 or more');
    expect(await outcomeText(owner.prices.remove({ model: 'never-priced' }))).toBe('NOT_FOUND: Model price was not found');
  });
});
