import { createRequestContext } from '@/server/api/context';
import { createTrpcHandler } from '@/server/api/http-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = createTrpcHandler((req, resHeaders) => createRequestContext({ resHeaders, secure: new URL(req.url).protocol === 'https:' }));

export { handler as GET, handler as POST };
