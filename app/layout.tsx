import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/trpc/provider';
import './globals.css';

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
