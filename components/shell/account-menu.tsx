'use client';

import { useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { CircleUser, LogOut, Plus } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Menu } from '@/components/ui/menu';

/**
 * The header's less frequent actions behind one button: who is signed in, Create team and Sign out. The
 * header then holds the app name, the navigation and the team switcher on one line down to 1024 px.
 */
export function AccountMenu({ email }: { email: string }) {
  const router = useRouter();
  return (
    <Menu
      label="Account"
      heading={`Signed in as ${email}`}
      items={[
        { label: 'Create team', icon: <Plus className="size-4" />, onSelect: () => router.push('/teams/new') },
        'separator',
        { label: 'Sign out', icon: <LogOut className="size-4" />, onSelect: () => void signOut({ callbackUrl: '/signin' }) },
      ]}
      trigger={
        <Button size="sm" variant="ghost" className="px-2" title={email}>
          <CircleUser aria-hidden="true" className="size-5" />
        </Button>
      }
    />
  );
}
