import { z } from 'zod';

export const metricsSummarySchema = z
  .strictObject({ days: z.union([z.literal(7), z.literal(30), z.literal(90)]).default(7) })
  .default({ days: 7 });
