import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/api/root';

/** `useTRPC()` gives `trpc.x.y.queryOptions()` / `.mutationOptions()` for @tanstack/react-query hooks. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
