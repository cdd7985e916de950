import { salesFor, salesQuerySchema } from '@/server/demo/data';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  const parsed = salesQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    return Response.json({ error: 'region must be one of north, south, east, west' }, { status: 400 });
  }
  return Response.json(salesFor(parsed.data.region));
}
