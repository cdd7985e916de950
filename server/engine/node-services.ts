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
  // ---- llm (issue 5): the chat model and the team's agents (llm-port.ts)
  llm?: LlmPort;
  agents?: AgentLookup;
  // ---- end llm
  // ---- http / secrets (issue 5, security)
  secrets?: SecretsPort;
  network?: NetworkPolicyPort;
  // ---- end http / secrets
}

export const NO_SERVICES: NodeServices = Object.freeze({});

// ---- http / secrets (issue 5, security)

/** The run's team secrets, decrypted on demand. Values live only in memory for the attempt that needs them. */
export interface SecretsPort {
  /** Values of the named secrets of the run's team; throws SECRET_NOT_FOUND naming any that do not exist. */
  resolve(runId: string, names: readonly string[]): Promise<Record<string, string>>;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What the network guard needs to know about a run: whether its team may reach private addresses. */
export interface NetworkPolicyPort {
  allowsPrivateNetwork(runId: string): Promise<boolean>;
  /** Resolves a host name (every address). Tests override it like a hosts file; the default is the system resolver. */
  lookup?(hostname: string): Promise<ResolvedAddress[]>;
}
// ---- end http / secrets
