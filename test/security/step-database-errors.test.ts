/**
 * A step whose own database call fails (here: the database refuses a child run's row) fails with a coded,
 * readable error naming the SQLSTATE, never Prisma's invocation text, which quotes the server's source
 * and names tables, and which every viewer of the run reads. Real API, engine and database: a trigger
 * makes the database refuse the row as it would refuse an unstorable character.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';

const REFUSE_MARK = 'refuse-this-row';

const echo = makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'result', type: 'output', config: { result: '{{ input }}' } }], edges: ['input->result'] });

const calls = (childId: string, type: 'mastery' | 'map') =>
  makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      type === 'mastery'
        ? { id: 'k', type: 'mastery', config: { masteryId: childId, input: `{{ { "mark": "${REFUSE_MARK}" } }}` } }
        : { id: 'k', type: 'map', config: { masteryId: childId, items: `["${REFUSE_MARK}"]`, input: '{{ { "mark": $item } }}' } },
      { id: 'result', type: 'output' },
    ],
    edges: ['input->k', 'k->result'],
  });

describeEachDb('a database error inside a step', (getDb) => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  let childId: string;

  beforeAll(async () => {
    const db = getDb().client;
    team = await makeTeam(db, 'Db errors');
    childId = (await makeMasteryWithGraph(db, team.id, echo, 'Echo')).masteryId;
    await db.$executeRawUnsafe(`CREATE FUNCTION test_refuse_marked_run() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."input"::text LIKE '%${REFUSE_MARK}%' THEN
          RAISE EXCEPTION 'invalid byte sequence for encoding "UTF8": 0x00' USING ERRCODE = '22021';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe('CREATE TRIGGER test_refuse_marked_run BEFORE INSERT ON "Run" FOR EACH ROW EXECUTE FUNCTION test_refuse_marked_run()');
  });

  it.each(['mastery', 'map'] as const)('fails a %s step with DATABASE_REFUSED and a readable message, no Prisma text', async (type) => {
    const db = getDb().client;
    const { masteryId } = await makeMasteryWithGraph(db, team.id, calls(childId, type), `Calls via ${type}`);
    const { id } = await team.as('EDITOR').runs.start({ masteryId, input: {} });
    await runtimeFor(db).engine.untilAtRest(id as RunId);
    const run = await team.as('VIEWER').runs.get({ id });
    expect(run.status).toBe('FAILED');
    const step = run.steps.find((s) => s.nodeId === 'k');
    const errors = [run.error, step?.error].map((e) => e as { code?: string; message?: string } | null);
    for (const error of errors) {
      expect(error?.message).toContain('SQLSTATE 22021');
      expect(error?.message).not.toMatch(/prisma|invocation|Invalid `|"Run"/i);
    }
    // A map step reports its item's failure under its own code; the item's cause is the refused row.
    if (type === 'mastery') expect(errors.map((e) => e?.code)).toEqual(['DATABASE_REFUSED', 'DATABASE_REFUSED']);
    expect(errors[1]?.message).toMatch(/^Node "k" \((mastery|map)\): .*the database refused what this step asked of it: a value holds a character it cannot store/);
  });
});
