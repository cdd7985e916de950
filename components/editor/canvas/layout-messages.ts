/** What the page and the folded-layout worker (folded-layout.worker.ts) say to each other. */
import { z } from 'zod';

export const foldRequestSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), width: z.number(), height: z.number(), outputs: z.array(z.string()) })),
  edges: z.array(z.object({ id: z.string(), source: z.string(), target: z.string(), sourceHandle: z.string().nullish() })),
});
export type FoldRequest = z.infer<typeof foldRequestSchema>;

/** One `[id, x, y]` per step. */
export const foldAnswerSchema = z.array(z.tuple([z.string(), z.number(), z.number()]));
export type FoldAnswer = z.infer<typeof foldAnswerSchema>;
