import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request from the memoised options, so importing this module has no side effects.
const handler: Handler = (req, ctx) => (NextAuth(authOptions()) as Handler)(req, ctx);
export { handler as GET, handler as POST };
