import 'server-only';
import { getServerSession } from 'next-auth';
import { authOptions } from './options';

export interface SignedIn {
  userId: string;
  email: string;
}

export async function currentUser(): Promise<SignedIn | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return { userId: id, email: session.user?.email ?? '' };
}
