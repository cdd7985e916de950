/** Compares two versions of one mastery of the caller's team. */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { graphSchema, type Graph } from '@/server/engine/graph';
import type { TeamScope } from '@/server/teams/service';
import { diffGraphs, graphDiffSchema } from './diff';

const versionRefSchema = z.object({ id: z.string(), number: z.number(), status: z.string(), source: z.string() });

export const versionComparisonSchema = z.object({
  masteryId: z.string(),
  from: versionRefSchema,
  to: versionRefSchema,
  diff: graphDiffSchema,
});
export type VersionComparison = z.infer<typeof versionComparisonSchema>;

/** Stored graphs were validated on save; one that no longer parses is named rather than half compared. */
export function storedGraph(graph: unknown, number: number): Graph {
  const parsed = graphSchema.safeParse(graph);
  if (!parsed.success) throw new AppError('GRAPH_INVALID', `Version ${number} holds a graph this server cannot read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export async function compareVersions(db: PrismaClient, team: TeamScope, fromId: string, toId: string): Promise<VersionComparison> {
  const rows = await db.masteryVersion.findMany({
    where: { id: { in: [fromId, toId] }, mastery: { teamId: team.id } },
    select: { id: true, masteryId: true, number: true, status: true, source: true, graph: true },
  });
  const from = rows.find((row) => row.id === fromId);
  const to = rows.find((row) => row.id === toId);
  if (from === undefined || to === undefined) throw new NotFoundError('Version');
  if (from.masteryId !== to.masteryId) throw new AppError('BAD_INPUT', 'Only versions of the same mastery can be compared');
  const ref = ({ id, number, status, source }: typeof from) => ({ id, number, status, source });
  return {
    masteryId: from.masteryId,
    from: ref(from),
    to: ref(to),
    diff: diffGraphs(storedGraph(from.graph, from.number), storedGraph(to.graph, to.number)),
  };
}
