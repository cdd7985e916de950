/**
 * Calls a PL/pgSQL function of jsonb arguments (the run store's journal and projection) as directly as
 * the database allows: on a server, a named prepared statement, planned once per connection; embedded,
 * a statement without parameters, its arguments written in as literals (`executeSimple`).
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect, executeOnWriter, executeSimple, hasPreparedStatements } from './connect';
import { dollarQuoted } from './sql-literal';

export interface JsonbCallOptions {
  /** On the connection kept for commits (a server's; see writer-connection.ts). */
  onWriter?: boolean;
}

export function callJsonbFunction(client: PrismaClient, fn: string, args: readonly string[], options: JsonbCallOptions = {}): Promise<Array<Record<string, unknown>>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(fn)) throw new Error(`"${fn}" is not a function name this call can write into SQL`);
  if (hasPreparedStatements(client)) {
    const sql = `SELECT ${fn}(${args.map((_, i) => `$${i + 1}::jsonb`).join(', ')})`;
    return (options.onWriter === true ? executeOnWriter : executeDirect)(client, fn, sql, args);
  }
  return executeSimple(client, `SELECT ${fn}(${args.map((arg) => `${dollarQuoted(arg)}::jsonb`).join(', ')})`);
}
