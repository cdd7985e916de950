import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/trpc/provider';
import './globals.css';

// Every page renders per request, the not-found page included: each carries the fresh CSP nonce that
// proxy.ts puts in that request's policy, which a page prerendered at build time could not.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Mastery Studio',
  description: 'Design, run and evolve AI-agent workflows as node graphs.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
