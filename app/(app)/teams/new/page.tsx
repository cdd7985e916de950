import type { Metadata } from 'next';
import { requireUser } from '@/app/_lib/session';
import { Card } from '@/components/ui/card';
import { CreateTeamForm } from '@/components/teams/create-team-form';

export const metadata: Metadata = { title: 'Create team · Mastery Studio' };

export default async function NewTeamPage() {
  await requireUser('/teams/new');
  return (
    <div className="mx-auto flex max-w-lg flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Create team</h1>
        <p className="mt-1 text-sm text-zinc-600">You will be its owner and can invite others from the team settings.</p>
      </div>
      <Card>
        <CreateTeamForm />
      </Card>
    </div>
  );
}
