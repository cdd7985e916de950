import { flakyOutcome, flakyQuerySchema, flakyRows } from '@/server/demo/data';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const parsed = flakyQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error: `${issue?.path.join('.')}: ${issue?.message}` }, { status: 400 });
  }
  const outcome = flakyOutcome(parsed.data);
  if (outcome.kind === 'fail') return Response.json({ error: 'Upstream import service unavailable' }, { status: 503 });
  if (outcome.kind === 'slow') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, outcome.delayMs);
      req.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return Response.json(flakyRows(parsed.data.batch));
}
