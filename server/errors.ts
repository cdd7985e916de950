/**
 * Typed application errors. Every failure a person can act on carries a stable `code`, so the API layer,
 * the engine and the evolver decide by code, never by parsing messages.
 */
export type AppErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_INPUT'
  | 'RATE_LIMITED'
  | 'INVITE_INVALID'
  | 'GRAPH_INVALID'
  | 'GRAPH_CYCLE'
  | 'NODE_CONFIG_INVALID'
  | 'NODE_FAILED'
  | 'NODE_TIMEOUT'
  | 'EXPRESSION_FAILED'
  | 'RUN_CANCELLED'
  | 'BUDGET_EXCEEDED'
  | 'LLM_NOT_CONFIGURED';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `email` or `nodes.2.config.url`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(code: AppErrorCode, message: string, options?: { issues?: FieldIssue[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.issues = options?.issues ?? [];
  }
}

/** Access problems: not signed in, not a member, role too low, or a record outside the caller's team. */
export class AccessError extends AppError {}

/** Input a person sent that the domain refuses (duplicate email, weak password, bad invite). */
export class InputError extends AppError {
  constructor(message: string, issues?: FieldIssue[], code: AppErrorCode = 'BAD_INPUT') {
    super(code, message, { issues });
  }
}

export class NotFoundError extends AccessError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found`);
  }
}
