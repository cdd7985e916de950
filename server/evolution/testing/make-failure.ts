/** Recorded failures for strategy tests: a graph, the step that failed and how, as readFailure builds them. */
import { graphSchema, type GraphInput } from '@/server/engine/graph';
import type { Failure, FailureError } from '../failure';

export function makeFailure(graphInput: GraphInput, nodeId: string | undefined, error: FailureError, extra: Partial<Failure> = {}): Failure {
  const graph = graphSchema.parse(graphInput);
  return {
    runId: 'run_1',
    teamId: 'team_1',
    masteryId: 'mastery_1',
    versionId: 'version_1',
    versionNumber: 1,
    graph,
    node: nodeId === undefined ? undefined : graph.nodes.find((node) => node.id === nodeId),
    error,
    attempts: [],
    runInput: {},
    stepInput: null,
    scope: { input: {}, steps: {} },
    pastDurationsMs: [],
    instruction: undefined,
    ...extra,
  };
}
