import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** The link to hand to the invited person (no mail is sent), with a copy button. */
export function InviteLink({ url, email }: { url: string; email: string }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopyState('copied');
    } catch {
      // The clipboard needs a secure context and permission; the field stays selectable either way.
      setCopyState('failed');
    }
  }

  return (
    <div className="flex flex-col gap-2 rounded-md border border-accent-100 bg-accent-50 p-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field label="Invite link" hint={`Send this link to ${email}. It works once and expires in 7 days.`} className="flex-1">
          {(control) => <Input {...control} value={url} readOnly onFocus={(event) => event.currentTarget.select()} className="font-mono" />}
        </Field>
        <Button variant="secondary" onClick={copy} className="sm:mb-5">
          Copy
        </Button>
      </div>
      <p role="status" className="text-sm text-zinc-700">
        {copyState === 'copied' ? 'Link copied.' : copyState === 'failed' ? 'Could not copy; select the link and copy it by hand.' : ''}
      </p>
    </div>
  );
}
