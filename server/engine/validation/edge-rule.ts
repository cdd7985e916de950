/** Edges join existing steps (not notes) and leave through a handle their source type has. */
import { nodeLabel } from '../issue-format';
import { edgeLabel, nodeOf, type GraphProblem, type LooseEdge, type ValidationContext } from './problem';

export function edgeProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const edge of ctx.edges) {
    const endProblems = danglingProblems(ctx, edge);
    const found = endProblems.length === 0 ? handleProblems(ctx, edge) : endProblems;
    if (found.length > 0) problems.push(...found);
  }
  return problems;
}

const ENDS = ['source', 'target'] as const;

function danglingProblems(ctx: ValidationContext, edge: LooseEdge): readonly GraphProblem[] {
  if (ctx.indexOf.has(edge.source) && ctx.indexOf.has(edge.target)) return NONE;
  const problems: GraphProblem[] = [];
  for (const end of ENDS) {
    const id = edge[end];
    if (ctx.noteIds.has(id)) {
      problems.push({
        severity: 'error',
        code: 'NOTE_CONNECTED',
        message: `${edgeLabel(edge)}: ${end} "${id}" is a note; notes cannot be connected`,
        edgeId: edge.id,
        field: end,
      });
    } else if (!ctx.indexOf.has(id)) {
      problems.push({
        severity: 'error',
        code: 'DANGLING_EDGE',
        message: `${edgeLabel(edge)}: ${end} "${id}" does not exist`,
        edgeId: edge.id,
        field: end,
      });
    }
  }
  return problems;
}

function handleProblems(ctx: ValidationContext, edge: LooseEdge): readonly GraphProblem[] {
  const source = nodeOf(ctx, edge.source);
  const outputs = source === undefined ? undefined : ctx.registry.get(source.type)?.outputs;
  if (source === undefined || outputs === undefined) return NONE; // unknown type: reported by its own rule
  const handle = edge.sourceHandle;
  if (handle === undefined ? outputs.length === 1 : outputs.includes(handle)) return NONE;
  const from = `${edgeLabel(edge)} from ${nodeLabel(source)}`;
  let message: string;
  if (outputs.length === 0) message = `${from}: ${source.type} has no outputs, so nothing can follow it`;
  else if (handle === undefined) message = `${from} must name its handle: one of ${outputs.join(', ')}`;
  else message = `${from}: handle "${handle}" is not an output; use one of ${outputs.join(', ')}`;
  return [{ severity: 'error', code: 'INVALID_SOURCE_HANDLE', message, edgeId: edge.id, nodeId: source.id, field: 'sourceHandle' }];
}

const NONE: readonly GraphProblem[] = Object.freeze([]);
