import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClasses } from '@/components/ui/button';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <EmptyState
        headingLevel="h1"
        title="Page not found"
        description="This page does not exist, or it belongs to a team you are not a member of."
        action={
          <Link href="/masteries" className={buttonClasses({ variant: 'secondary' })}>
            Go to masteries
          </Link>
        }
      />
    </div>
  );
}
