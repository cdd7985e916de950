/**
 * Named prepared statements on PGlite. `pglite.query` parses, analyses and plans its statement on every
 * call; for the run commit (a statement of nine parts) that took 2.7 of a one-step commit's 4.7 ms of CPU,
 * on the thread the engine runs on. Here a statement is parsed once per name, as the PostgreSQL driver
 * does, and each call only binds and executes it, through the same locks and file sync as `query`.
 *
 * Only parameters given as text (or NULL) take this path: the database converts them by the types the
 * statement gives its parameters. Anything else goes through `query`, which converts values itself.
 */
import { parse, protocol, types, type PGlite } from '@electric-sql/pglite';

type Row = Record<string, unknown>;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/**
 * The plan is picked at bind, and for these statements the generic one: left to choose, PostgreSQL kept
 * making a custom plan for each grouped commit (its arrays of hundreds of rows are costly to plan), so
 * 1,000 runs of a 50-step mastery took 9.8 s of commits instead of 5.2 s (150 commits each, quiet).
 * Only around these statements: Prisma's own queries keep the default.
 */
const GENERIC_PLANS = 'SET plan_cache_mode = force_generic_plan';
const DEFAULT_PLANS = 'RESET plan_cache_mode';

/** SQLSTATE of a statement name the session does not know (after a DEALLOCATE ALL, say). */
const UNKNOWN_STATEMENT = '26000';

const isText = (value: unknown): value is string | null => value === null || typeof value === 'string';

export function preparedPgliteExecutor(pglite: PGlite): (name: string, sql: string, params: readonly unknown[]) => Promise<Row[]> {
  const prepared = new Map<string, string>();
  const { serialize } = protocol;

  async function execute(name: string, sql: string, values: Array<string | null>): Promise<Row[]> {
    await pglite._checkReady();
    return pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        const messages: BackendMessage[] = [];
        const send = async (message: Uint8Array) => {
          messages.push(...(await pglite.execProtocolStream(message, { syncToFs: false })));
        };
        await pglite.execProtocolStream(serialize.query(GENERIC_PLANS), { syncToFs: false });
        try {
          if (prepared.get(name) !== sql) {
            await send(serialize.parse({ name, text: sql }));
            prepared.set(name, sql);
          }
          await send(serialize.bind({ statement: name, values }));
          await send(serialize.describe({ type: 'P' }));
          await send(serialize.execute({}));
        } finally {
          messages.push(...(await pglite.execProtocolStream(serialize.sync(), { syncToFs: false })));
          await pglite.execProtocolStream(serialize.query(DEFAULT_PLANS), { syncToFs: false });
        }
        await pglite.syncToFs();
        return (parse.parseResults(messages, types.parsers)[0]?.rows ?? []) as Row[];
      }),
    );
  }

  return async (name, sql, params) => {
    const values = [...params];
    const known = prepared.get(name);
    // A name already holding another statement, or values that are not text: `query` converts them.
    if ((known !== undefined && known !== sql) || !values.every(isText)) {
      return (await pglite.query<Row>(sql, values)).rows;
    }
    try {
      return await execute(name, sql, values);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNKNOWN_STATEMENT) throw error;
      prepared.delete(name);
      return execute(name, sql, values);
    }
  };
}
