import type { TRPCClientErrorLike } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

/** An error from a tRPC call: `message`, and `data.fieldErrors` / `data.appCode` from the server's formatter. */
export type ApiError = TRPCClientErrorLike<AppRouter>;
/** What each procedure returns, for typing the props that server pages pass to client components. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
