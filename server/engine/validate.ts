/**
 * `validateGraph` returns every problem of a graph at once: the editor shows them all, the
 * API refuses to save or run while any is an error. Each rule is a small function in `validation/`.
 */
import { GraphError } from '@/server/errors';
import type { Graph, GraphLimits } from './graph';
import { createGraphSchema, DEFAULT_GRAPH_LIMITS, graphSchema, isNote } from './graph';
import type { NodeRegistry } from './node-type';
import { cycleProblems } from './validation/cycle-rule';
import { edgeProblems } from './validation/edge-rule';
import { expressionProblems } from './validation/expression-rule';
import { identityProblems } from './validation/identity-rule';
import { inputProblems } from './validation/input-rule';
import { nodeTypeProblems } from './validation/node-type-rule';
import { passThroughProblems } from './validation/pass-through-rule';
import type { GraphProblem, LinkEdge, LooseGraph, LooseNode, ValidationContext, ValidationRule } from './validation/problem';
import { looseGraphSchema } from './validation/problem';
import { reachabilityProblems } from './validation/reachability-rule';
import { schemaProblems } from './validation/schema-rule';
import { sizeProblem } from './validation/size-rule';
import { storableProblem } from './validation/storable-rule';
import { secretProblems } from './validation/secret-rule';

export type { GraphProblem, ProblemCode } from './validation/problem';

const RULES: readonly ValidationRule[] = [
  identityProblems,
  nodeTypeProblems,
  edgeProblems,
  cycleProblems,
  inputProblems,
  expressionProblems,
  secretProblems,
  reachabilityProblems,
  passThroughProblems,
];

export type ValidationResult =
  | { isValid: true; graph: Graph; problems: GraphProblem[] }
  | { isValid: false; graph?: undefined; problems: GraphProblem[] };

export interface ValidateOptions {
  limits?: GraphLimits;
}

export function validateGraph(input: unknown, registry: NodeRegistry, options: ValidateOptions = {}): ValidationResult {
  const limits = options.limits ?? DEFAULT_GRAPH_LIMITS;
  const oversized = sizeProblem(input, limits);
  if (oversized !== undefined) return { isValid: false, problems: [oversized] };
  const unstorable = storableProblem(input);
  if (unstorable !== undefined) return { isValid: false, problems: [unstorable] };
  const schema = schemaFor(limits);
  const strict = schema.safeParse(input);
  // Field problems are phrased with the offending value, which zod reports only when asked (and slowly).
  const problems = strict.success ? [] : schemaProblems(input, schema.safeParse(input, { reportInput: true }).error?.issues ?? []);
  // The rules need only ids, types and ends, so a graph with bad fields elsewhere is still checked whole.
  const loose = strict.success ? strict : looseGraphSchema.safeParse(input);
  if (loose.success) {
    const ctx = buildContext(loose.data, registry);
    for (const rule of RULES) problems.push(...rule(ctx));
  }
  const hasErrors = problems.some((problem) => problem.severity === 'error');
  if (strict.success && loose.success && !hasErrors) return { isValid: true, graph: strict.data, problems };
  return { isValid: false, problems };
}

/** The parsed graph, or a GraphError (code GRAPH_INVALID) listing every error, each with its field path. */
export function assertValidGraph(input: unknown, registry: NodeRegistry, options: ValidateOptions = {}): Graph {
  const result = validateGraph(input, registry, options);
  if (result.isValid) return result.graph;
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  const summary = errors.map((problem) => problem.message).join('; ');
  throw new GraphError('GRAPH_INVALID', `Graph is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${summary}`, {
    issues: errors.map((problem) => ({ path: problemPath(problem), message: problem.message })),
  });
}

const schemas = new Map<string, ReturnType<typeof createGraphSchema>>();

/** Building a zod schema (and its compiled fast path) costs far more than parsing with it: build once per limits. */
function schemaFor(limits: GraphLimits): ReturnType<typeof createGraphSchema> {
  if (limits === DEFAULT_GRAPH_LIMITS) return graphSchema;
  const key = `${limits.maxNodes}/${limits.maxEdges}`;
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = createGraphSchema(limits);
    schemas.set(key, schema);
  }
  return schema;
}

function problemPath(problem: GraphProblem): string {
  const field = problem.field === undefined ? '' : `.${problem.field}`;
  if (problem.edgeId !== undefined) return `edges.${problem.edgeId}${field}`;
  if (problem.nodeId !== undefined) return `nodes.${problem.nodeId}${field}`;
  return problem.field ?? 'graph';
}

function buildContext(graph: LooseGraph, registry: NodeRegistry): ValidationContext {
  const nodes: LooseNode[] = [];
  const noteIds = new Set<string>();
  const indexOf = new Map<string, number>();
  for (const node of graph.nodes) {
    if (isNote(node)) {
      noteIds.add(node.id);
      continue;
    }
    if (!indexOf.has(node.id)) indexOf.set(node.id, nodes.length);
    nodes.push(node);
  }
  const linkEdges: LinkEdge[] = [];
  const outgoing = nodes.map((): LinkEdge[] => []);
  const incoming = nodes.map((): LinkEdge[] => []);
  for (const edge of graph.edges) {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const link = { edge, source, target };
    linkEdges.push(link);
    outgoing[source]?.push(link);
    incoming[target]?.push(link);
  }
  return { registry, nodes, indexOf, noteIds, edges: graph.edges, linkEdges, outgoing, incoming, resultMapping: graph.settings?.resultMapping };
}
