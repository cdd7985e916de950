/**
 * Text a person types cannot hold a NUL character or a lone surrogate: every such field is refused with
 * 400 naming it, never a 500 from the database (a text column refuses NUL; Prisma's parser refuses a lone
 * surrogate). Real routers, real database. To add a case: the procedure, the caller's role, and the input
 * built around the odd text, with the field the message must name.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, trpcFailure, uniqueEmail } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';

type Team = Awaited<ReturnType<typeof makeTeam>>;
type Caller = ReturnType<Team['as']>;

interface Case {
  name: string;
  field: string;
  call(caller: Caller, odd: string, ids: { masteryId: string; versionId: string }): Promise<unknown>;
  role?: 'OWNER' | 'EDITOR' | 'APPROVER';
  /** A field inside a union is named with zod's own words for it. */
  isInUnion?: boolean;
}

const cases: Case[] = [
  { name: 'masteries.create', field: 'name', call: (c, odd) => c.masteries.create({ name: `m${odd}` }) },
  { name: 'masteries.create (description)', field: 'description', call: (c, odd) => c.masteries.create({ name: 'fine', description: `d${odd}` }) },
  { name: 'masteries.rename', field: 'name', call: (c, odd, ids) => c.masteries.rename({ id: ids.masteryId, name: `m${odd}` }) },
  { name: 'masteries.byId (an id)', field: 'id', call: (c, odd) => c.masteries.byId({ id: `x${odd}` }) },
  { name: 'teams.rename', field: 'name', role: 'OWNER', call: (c, odd) => c.teams.rename({ name: `team ${odd}` }) },
  { name: 'teams.create', field: 'name', call: (c, odd) => c.teams.create({ name: `team ${odd}` }) },
  { name: 'testInputs.create', field: 'name', call: (c, odd, ids) => c.testInputs.create({ masteryId: ids.masteryId, name: `t${odd}`, input: {} }) },
  { name: 'prices.save', field: 'model', role: 'OWNER', call: (c, odd) => c.prices.save({ model: `zz${odd}`, inputPerMTok: 1, outputPerMTok: 1 }) },
  { name: 'agents.create', field: 'name', call: (c, odd) => c.agents.create({ name: `a${odd}`, model: 'gpt-4o-mini' }) },
  { name: 'agents.create (a trait)', field: 'traits.tone', isInUnion: true, call: (c, odd) => c.agents.create({ name: 'fine', model: 'gpt-4o-mini', traits: { tone: `t${odd}` } }) },
  { name: 'versions.saveDraft (note)', field: 'note', call: (c, odd, ids) => c.versions.saveDraft({ masteryId: ids.masteryId, baseVersionId: ids.versionId, graph: {}, note: `n${odd}` }) },
  { name: 'evolution.reject (reason)', field: 'reason', role: 'APPROVER', call: (c, odd, ids) => c.evolution.reject({ proposalId: ids.versionId, reason: `r${odd}` }) },
  { name: 'runs.decide (comment)', field: 'comment', role: 'APPROVER', call: (c, odd) => c.runs.decide({ runId: 'r1', nodeId: 'n1', decision: 'approve', comment: `c${odd}` }) },
  { name: 'secrets.set (value)', field: 'value', call: (c, odd) => c.secrets.set({ name: 'API_TOKEN', value: `secret${odd}` }) },
];

const ODD = [
  { what: 'a NUL', odd: '\u0000', says: 'NUL character' },
  { what: 'a lone high surrogate', odd: '\ud800', says: 'lone surrogate' },
  { what: 'a lone low surrogate', odd: '\udc00', says: 'lone surrogate' },
];

describeEachDb('typed text holding NUL or lone surrogates', (getDb) => {
  let team: Team;
  let ids: { masteryId: string; versionId: string };

  beforeAll(async () => {
    team = await makeTeam(getDb().client, 'Odd text fields');
    ids = await makeMasteryWithGraph(getDb().client, team.id, makeGraph({ nodes: [{ id: 'input', type: 'input' }], edges: [] }));
  });

  it.each(ODD)('refuses $what in each typed field with 400 naming the field', async ({ odd, says }) => {
    for (const c of cases) {
      const failure = await trpcFailure(c.call(team.as(c.role ?? 'EDITOR'), odd, ids));
      const message = c.isInUnion === true ? `${c.field}: Invalid input` : `${c.field}: must not contain a ${says}`;
      expect([c.name, failure.code, failure.message]).toEqual([c.name, 'BAD_REQUEST', expect.stringContaining(message)]);
    }
  });

  it.each(ODD)('refuses $what in a sign-up name with 400 naming the field, signed out', async ({ odd, says }) => {
    const anonymous = callerFor(getDb().client, { user: null });
    const failure = await trpcFailure(anonymous.auth.signUp({ name: `n${odd}`, email: uniqueEmail('odd'), password: 'long enough passphrase' }));
    expect([failure.code, failure.message]).toEqual(['BAD_REQUEST', expect.stringContaining(`name: must not contain a ${says}`)]);
  });

  it('still takes text with a surrogate pair (an emoji) as it was', async () => {
    const created = await team.as('EDITOR').masteries.create({ name: 'rocket \ud83d\ude80' });
    expect((await team.as('VIEWER').masteries.byId({ id: created.id })).name).toBe('rocket \ud83d\ude80');
  });
});
