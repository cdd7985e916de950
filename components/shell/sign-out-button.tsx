'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button, type ButtonProps } from '@/components/ui/button';

export interface SignOutButtonProps {
  /** Where to land once signed out. */
  callbackUrl?: string;
  variant?: ButtonProps['variant'];
  label?: string;
}

export function SignOutButton({ callbackUrl = '/signin', variant = 'ghost', label = 'Sign out' }: SignOutButtonProps) {
  const [isBusy, setIsBusy] = useState(false);
  return (
    <Button
      variant={variant}
      size="sm"
      isBusy={isBusy}
      onClick={() => {
        setIsBusy(true);
        void signOut({ callbackUrl });
      }}
    >
      {label}
    </Button>
  );
}
