'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

/** Unexpected failures of a signed-in page. Server errors arrive without detail; `digest` matches the server log. */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;

  return (
    <EmptyState
      headingLevel="h1"
      title="Something went wrong"
      description={`This page could not be shown. Try again in a moment.${digest ? ` (Reference ${digest})` : ''}`}
      action={<Button onClick={() => retry()}>Try again</Button>}
    />
  );
}
