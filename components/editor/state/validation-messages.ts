/** What the page and the validation worker (validation.worker.ts) say to each other. */
import { z } from 'zod';
import type { CatalogEntry } from '@/server/nodes/catalog';
import type { GraphProblem, ProblemCode } from '@/server/engine/validate';

const catalogEntrySchema = z.custom<CatalogEntry>((value) => typeof value === 'object' && value !== null && 'type' in value && 'configSchema' in value);

export const validationRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('catalog'), entries: z.array(catalogEntrySchema) }),
  // The graph is checked by the validator itself: anything it cannot read is a problem it reports.
  z.object({ kind: z.literal('graph'), id: z.number(), graph: z.unknown() }),
]);
export type ValidationRequest = z.input<typeof validationRequestSchema>;

const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.custom<ProblemCode>((value) => typeof value === 'string'),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  edgeIds: z.array(z.string()).optional(),
  field: z.string().optional(),
});
export const validationAnswerSchema = z.object({ id: z.number(), problems: z.array(problemSchema) });
export interface ValidationAnswer {
  id: number;
  problems: GraphProblem[];
}
