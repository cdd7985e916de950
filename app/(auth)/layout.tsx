import Link from 'next/link';
import type { ReactNode } from 'react';

/** Signed-out screens (and the invite screen): one centred card under the app name. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-12">
      <Link href="/" className="text-lg font-semibold tracking-tight text-zinc-900">
        Mastery <span className="text-accent-600">Studio</span>
      </Link>
      <main className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm sm:p-8">{children}</main>
    </div>
  );
}
