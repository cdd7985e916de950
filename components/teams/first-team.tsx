import { Card } from '@/components/ui/card';
import { CreateTeamForm } from './create-team-form';

/** Shown in place of team pages while the person belongs to no team yet. */
export function FirstTeam() {
  return (
    <div className="mx-auto flex max-w-lg flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Create your first team</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Masteries belong to a team. Create one now, or open an invite link someone sent you to join theirs.
        </p>
      </div>
      <Card>
        <CreateTeamForm />
      </Card>
    </div>
  );
}
