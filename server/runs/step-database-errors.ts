/**
 * A step's database calls (its node services: child runs, secrets, the network policy, agents) fail
 * with the database's or Prisma's own text, which names tables and quotes an invocation; a step's error
 * is read by every viewer of the team. Such an error becomes a NodeError with a code and a sentence
 * decided by its SQLSTATE (db-errors.ts); the original stays its cause, for the server log.
 */
import { NodeError } from '@/server/errors';
import type { NodeServices } from '@/server/engine/node-services';
import { DbError, isPrismaError, sqlStateOf } from '@/server/db/db-errors';

/** What a SQLSTATE class means to the person reading the step's error. */
function refusalReason(state: string): string {
  if (state === '22021' || state === '22P05') return 'a value holds a character it cannot store (a NUL character, or an unpaired surrogate)';
  if (state.startsWith('22')) return 'a value is not valid data for it';
  if (state.startsWith('23')) return 'a value breaks one of its rules (a constraint)';
  if (state.startsWith('53')) return 'it is out of resources (disk, memory or connections)';
  if (state.startsWith('40')) return 'the change conflicted with another one being made at the same time';
  return 'it could not carry out the request';
}

function isUnreachable(state: string | undefined): boolean {
  return state !== undefined && (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300');
}

/** The step error for an error thrown by the database or Prisma, or undefined for any other error. */
export function stepErrorOfDatabase(error: unknown): NodeError | undefined {
  const state = sqlStateOf(error);
  const isDatabase = error instanceof DbError || isPrismaError(error) || state !== undefined;
  if (!isDatabase) return undefined;
  if (isUnreachable(state)) {
    return new NodeError('DATABASE_UNREACHABLE', `the database could not be reached (SQLSTATE ${state ?? 'none'}); the step may be tried again`, { retryable: true, cause: error });
  }
  if (state === undefined) {
    // Prisma refused the request before the database saw it: a value it could not encode.
    return new NodeError('DATABASE_REFUSED', 'the database client could not send a value this step gave it (a value it cannot encode)', { retryable: false, cause: error });
  }
  return new NodeError('DATABASE_REFUSED', `the database refused what this step asked of it: ${refusalReason(state)} (SQLSTATE ${state})`, { retryable: false, cause: error });
}

function guarded<F extends (...args: never[]) => unknown>(call: F, self: object): F {
  return ((...args: Parameters<F>) => {
    const result = call.apply(self, args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      throw stepErrorOfDatabase(error) ?? error;
    });
  }) as F;
}

/** The services, each port's async calls turning database errors into step errors (the rest untouched). */
export function withStepDatabaseErrors(services: NodeServices): NodeServices {
  const out: NodeServices = {};
  for (const [name, port] of Object.entries(services)) {
    // A Proxy rather than a copy: some ports are class instances, whose methods live on the prototype.
    out[name] = typeof port === 'object' && port !== null ? new Proxy(port, { get: (target, key) => guardedMember(target, key) }) : port;
  }
  return out;
}

function guardedMember(port: object, key: string | symbol): unknown {
  const member: unknown = Reflect.get(port, key);
  return typeof member === 'function' ? guarded(member as (...args: never[]) => unknown, port) : member;
}
