import type { Metadata } from 'next';
import Link from 'next/link';
import { TRPCError } from '@trpc/server';
import { serverApi } from '@/server/api/caller';
import { roleLabel } from '@/server/auth/roles';
import { AppError } from '@/server/errors';
import { requireUser } from '@/app/_lib/session';
import { AcceptInvite } from '@/components/teams/accept-invite';
import { SignOutButton } from '@/components/shell/sign-out-button';

export const metadata: Metadata = { title: 'Team invite · Mastery Studio' };

const INVALID = 'This invite link is not valid. Ask for a new one.';

async function loadInvite(token: string) {
  try {
    return { info: await (await serverApi()).teams.inviteInfo({ token }), problem: null };
  } catch (error) {
    // Domain errors (used, expired, revoked) carry a message for people; a malformed token gets the generic one.
    if (error instanceof TRPCError) return { info: null, problem: error.cause instanceof AppError ? error.message : INVALID };
    throw error;
  }
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const path = `/invite/${encodeURIComponent(token)}`;
  const user = await requireUser(path);
  const { info, problem } = await loadInvite(token);

  if (!info) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold text-zinc-900">Invite not available</h1>
        <p role="alert" className="text-sm text-danger-700">
          {problem}
        </p>
        <Link href="/masteries" className="text-sm font-medium text-accent-700 hover:underline">
          Go to Mastery Studio
        </Link>
      </div>
    );
  }

  const isOtherEmail = info.email.toLowerCase() !== user.email.toLowerCase();
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-xl font-semibold text-zinc-900">Join {info.teamName}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-zinc-500">Team</dt>
        <dd className="font-medium text-zinc-900">{info.teamName}</dd>
        <dt className="text-zinc-500">Role</dt>
        <dd className="font-medium text-zinc-900">{roleLabel(info.role)}</dd>
        <dt className="text-zinc-500">Invited email</dt>
        <dd className="font-medium break-all text-zinc-900">{info.email}</dd>
      </dl>
      {isOtherEmail ? (
        <div className="flex flex-col gap-3">
          <p role="alert" className="text-sm text-danger-700">
            You are signed in as {user.email}. Sign in as {info.email} to accept this invite.
          </p>
          <SignOutButton variant="secondary" label="Sign out and switch account" callbackUrl={`/signin?callbackUrl=${encodeURIComponent(path)}`} />
        </div>
      ) : (
        <AcceptInvite token={token} />
      )}
    </div>
  );
}
