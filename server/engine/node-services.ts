/**
 * Side-effecting capabilities that some node types need (an LLM, secrets, the network policy of the
 * run's team, child runs). Declared here as types only, so the engine stays pure; `server/runs/` builds
 * the real ones and tests pass fakes. A missing service fails the step with a code that says what to set
 * up (e.g. LLM_NOT_CONFIGURED) instead of crashing.
 *
 * Every call receives the run id: implementations resolve the run's team from it.
 */
export interface NodeServices {
  // Each node-type issue adds its port here, e.g. `llm?: LlmPort`.
  [name: string]: unknown;
}

export const NO_SERVICES: NodeServices = Object.freeze({});
