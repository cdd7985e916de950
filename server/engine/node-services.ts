/**
 * Side-effecting capabilities that some node types need (an LLM, secrets, the network policy of the
 * run's team, child runs). Declared here as types only, so the engine stays pure; `server/runs/` builds
 * the real ones and tests pass fakes. A missing service fails the step with a code that says what to set
 * up (e.g. LLM_NOT_CONFIGURED) instead of crashing.
 *
 * Every call receives the run id: implementations resolve the run's team from it.
 */
import type { AgentLookup, LlmPort } from './llm-port';

export interface NodeServices {
  // Each node-type issue adds its port here, e.g. `llm?: LlmPort`.
  [name: string]: unknown;
  // ---- llm: the chat model and the team's agents (llm-port.ts)
  llm?: LlmPort;
  agents?: AgentLookup;
  // ---- end llm
  // ---- http / secrets
  secrets?: SecretsPort;
  network?: NetworkPolicyPort;
  // ---- end http / secrets
  // ---- mastery / map: child runs of other masteries of the run's team
  runs?: ChildRunPort;
  // ---- end mastery / map
  /** Which team a run's sandbox jobs count for: the sandboxes are shared fairly between teams. */
  teams?: RunTeamsPort;
}

export interface RunTeamsPort {
  teamOf(runId: string): Promise<string>;
}

export const NO_SERVICES: NodeServices = Object.freeze({});

// ---- http / secrets

/** The run's team secrets, decrypted on demand. Values live only in memory for the attempt that needs them. */
export interface SecretsPort {
  /** Values of the named secrets of the run's team; throws SECRET_NOT_FOUND naming any that do not exist. */
  resolve(runId: string, names: readonly string[]): Promise<Record<string, string>>;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The private addresses a run's http steps may reach: the installation's setting narrowed by the team's.
 * `none` says which of the two closed them, for the refusal's message.
 */
export type PrivateNetworkAccess =
  | { addresses: 'all' }
  | { addresses: 'ranges'; ranges: readonly string[] }
  | { addresses: 'none'; closedBy: 'installation' | 'team' };

/** What the network guard needs to know about a run: which private addresses its team may reach. */
export interface NetworkPolicyPort {
  privateNetwork(runId: string): Promise<PrivateNetworkAccess>;
  /** The app's own origin (`http://localhost:3000`): its demo endpoints are reached on any address. */
  appOrigin?: string;
  /** Resolves a host name (every address). Tests override it like a hosts file; the default is the system resolver. */
  lookup?(hostname: string): Promise<ResolvedAddress[]>;
}
// ---- end http / secrets

// ---- mastery / map

export interface ChildRunRequest {
  parentRunId: string;
  /** The parent's node id; a `map` item adds its index (`split[3]`), so a resumed attempt finds its children. */
  parentStep: string;
  masteryId: string;
  /** A pinned version; the mastery's current version when absent. */
  versionId?: string;
  input: unknown;
  /** Refuse (MASTERY_DEPTH_EXCEEDED) when the child would be deeper than this (the root run is depth 0). */
  maxDepth: number;
  /**
   * A resumed attempt (after a restart) takes over the child the interrupted one started, if it did not
   * fail or get cancelled, instead of starting the work twice.
   */
  isResumed: boolean;
}

export type ChildRunResult =
  | { runId: string; status: 'SUCCEEDED'; output: unknown }
  | { runId: string; status: 'FAILED' | 'CANCELLED'; error: { code: string; message: string; nodeId?: string } };

/** Starts runs of another mastery as children of a step, and waits for them. */
export interface ChildRunPort {
  /** Creates and starts the child run (same team as the parent; NOT_FOUND otherwise). */
  startChild(request: ChildRunRequest): Promise<{ runId: string; depth: number }>;
  /** Resolves once the child finished. When `signal` aborts, the child is cancelled and this rejects. */
  waitForChild(runId: string, signal: AbortSignal): Promise<ChildRunResult>;
}
// ---- end mastery / map
