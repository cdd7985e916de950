import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  headingLevel?: 'h1' | 'h2' | 'h3';
}

export function EmptyState({ title, description, action, headingLevel: Heading = 'h2' }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center">
      <Heading className="text-base font-semibold text-zinc-900">{title}</Heading>
      {description && <p className="max-w-md text-sm text-zinc-600">{description}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
