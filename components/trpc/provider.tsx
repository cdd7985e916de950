'use client';

import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { dataTransformer } from '@/server/api/transformer';
import type { AppRouter } from '@/server/api/root';
import { TRPCProvider } from './client';

function makeQueryClient() {
  // Server components render fresh data on every request; a short stale time avoids an immediate refetch
  // of anything the client asks for again right after.
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions (the live run view) stream over Server-Sent Events, whose automatic reconnection
        // sends the last tracked id back; batching would hold a response open for the whole stream.
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer: dataTransformer }),
          false: httpBatchLink({ url: '/api/trpc', transformer: dataTransformer }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
