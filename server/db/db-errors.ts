/**
 * Database errors told apart by their SQLSTATE code (PostgreSQL's stable error codes), never by their
 * message. Both drivers put the code on the error they throw (`code`); PGlite has been seen throwing a
 * plain object rather than an Error, which `toDbError` turns into one that keeps its code.
 */

/** An Error with the SQLSTATE code of the database's refusal, when there was one. */
export class DbError extends Error {
  constructor(
    message: string,
    readonly sqlState: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DbError';
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE code carried by an error (pg's DatabaseError, PGlite's, Prisma's, or a wrapped one). */
export function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof DbError) return error.sqlState;
  if (typeof error !== 'object' || error === null) return undefined;
  // Prisma's own codes (P2007) look like SQLSTATEs; the database's code is in its driver adapter's error.
  if (isPrismaError(error)) return prismaSqlState(error);
  const code: unknown = (error as { code?: unknown }).code;
  // Node's own errors also have a `code` (ECONNREFUSED): only a five-character SQLSTATE counts here.
  if (typeof code === 'string' && SQLSTATE.test(code)) return code;
  const cause: unknown = (error as { cause?: unknown }).cause;
  return cause === undefined || cause === error ? undefined : sqlStateOf(cause);
}

/** An error thrown by the Prisma client (it carries the client's version); its `code` is Prisma's, not a SQLSTATE. */
export function isPrismaError(error: unknown): error is Error & { meta?: unknown } {
  return error instanceof Error && error.name.startsWith('PrismaClient') && 'clientVersion' in error;
}

function prismaSqlState(error: { meta?: unknown }): string | undefined {
  // A query's error carries it under its driver adapter's error; a raw query's (P2010) as `meta.code`.
  const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } }; code?: unknown } | undefined;
  const code = meta?.driverAdapterError?.cause?.originalCode ?? meta?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : undefined;
}

/** Anything thrown by a database call, as an Error (the original kept as `cause`). */
export function toDbError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message = typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string'
    ? (thrown as { message: string }).message
    : `the database failed without an error message (${describeValue(thrown)})`;
  return new DbError(message, sqlStateOf(thrown), { cause: thrown });
}

function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const keys = Object.keys(value).slice(0, 8);
  return keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
}

export type DbErrorKind =
  /** Another writer got there first: a unique key refused the row (a second process driving a run). */
  | 'conflict'
  /** The server could not be reached or dropped the connection; the same statement may work later. */
  | 'unreachable'
  /** The database refused this statement itself (bad data, a constraint, a full disk): trying again fails again. */
  | 'refused';

/**
 * What an error from the database means for the caller. An error without any SQLSTATE (a socket closed
 * mid-statement, a closed embedded database) never reached the server's judgement: it counts as
 * unreachable.
 */
export function classifyDbError(error: unknown): DbErrorKind {
  const state = sqlStateOf(error);
  if (state === undefined) return 'unreachable';
  if (state === '23505') return 'conflict';
  // 08: connection exceptions; 57P01–57P03: the server shutting down, crashed or starting; 53300: too many connections.
  if (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300') return 'unreachable';
  return 'refused';
}

