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
  | 'STEP_OUTPUT_TOO_LARGE'
  | 'RUN_OUTPUTS_TOO_LARGE'
  | 'EXPRESSION_FAILED'
  | 'RUN_CANCELLED'
  | 'BUDGET_EXCEEDED'
  | 'LLM_NOT_CONFIGURED'
  // LLM call failures, kept apart so the evolver can pick a fix by code.
  | 'LLM_RATE_LIMITED'
  | 'LLM_UNAVAILABLE'
  | 'LLM_REQUEST_REJECTED'
  | 'LLM_OUTPUT_INVALID'
  | 'INVALID_TRANSITION'
  | 'STEP_NOT_WAITING'
  | 'STEP_INTERRUPTED'
  | 'PROCESS_CRASHED'
  // The database refused a run's commit (or could not be reached, again and again): the run ended there.
  | 'RUN_STORE_FAILED'
  // A step's own database call (a child run's row, a secret) refused by the database, or not answered.
  | 'DATABASE_REFUSED'
  | 'DATABASE_UNREACHABLE'
  // http, code and secrets
  | 'SECRET_NOT_FOUND'
  | 'ADDRESS_REFUSED'
  | 'HTTP_STATUS'
  | 'HTTP_NETWORK'
  | 'RESPONSE_TOO_LARGE'
  | 'CODE_FAILED'
  | 'SANDBOX_TIMEOUT'
  | 'SANDBOX_MEMORY'
  // map, mastery and approval
  | 'APPROVAL_REJECTED'
  | 'MASTERY_DEPTH_EXCEEDED'
  | 'CHILD_RUN_LIMIT'
  | 'CHILD_RUN_FAILED'
  | 'MAP_ITEM_FAILED'
  | 'NODE_SERVICE_MISSING';

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

/** A graph that cannot be saved or run; `issues` holds every problem the validator found. */
export class GraphError extends AppError {}

/**
 * A step's failure. `retryable` says whether another attempt may help (a timeout or a 503 may; a bad
 * config will not), so the scheduler and the evolver decide without parsing text. `nodeId` and
 * `attempt` are filled by the engine when a node type throws without them.
 */
export class NodeError extends AppError {
  readonly retryable: boolean;
  readonly nodeId: string | undefined;
  readonly attempt: number | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { retryable: boolean; nodeId?: string; attempt?: number; cause?: unknown },
  ) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
    this.nodeId = options.nodeId;
    this.attempt = options.attempt;
  }
}
