import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Select } from '@/components/ui/select';

const TEMPLATE = /(\{\{[\s\S]*?\}\})/;

/** The text with `insertion` in place of the control's selection (at the end when it has none). */
export function insertAtCursor(control: HTMLTextAreaElement | HTMLInputElement | null, text: string, insertion: string): string {
  const start = control?.selectionStart ?? text.length;
  const end = control?.selectionEnd ?? text.length;
  return text.slice(0, start) + insertion + text.slice(end);
}

/** The field's text with each `{{ … }}` template highlighted; nothing when it holds none. */
export function TemplatePreview({ text }: { text: string }) {
  if (!TEMPLATE.test(text)) return null;
  return (
    <p aria-label="Templates" className="max-h-24 overflow-y-auto whitespace-pre-wrap break-all rounded bg-zinc-50 px-2 py-1 font-mono text-xs text-zinc-600">
      {text.split(TEMPLATE).map((part, index) =>
        index % 2 === 1 ? <mark key={index} className="rounded bg-accent-50 px-0.5 text-accent-700">{part}</mark> : <span key={index}>{part}</span>,
      )}
    </p>
  );
}

interface PickerProps {
  label: string;
  options: readonly string[];
  isDisabled: boolean;
  onPick(value: string): void;
}

/** A select that inserts the chosen option and goes back to its prompt. */
function InsertPicker({ label, options, isDisabled, onPick }: PickerProps) {
  if (options.length === 0) return null;
  return (
    <Select
      aria-label={label}
      controlSize="sm"
      value=""
      disabled={isDisabled}
      onChange={(e) => e.target.value && onPick(e.target.value)}
      options={[{ value: '', label: `${label}…` }, ...options.map((option) => ({ value: option, label: option }))]}
    />
  );
}

interface ReferencePickerProps {
  references: readonly string[];
  /** A raw JSONata field takes the bare reference; any other string field a `{{ … }}` template. */
  isRawExpression: boolean;
  isDisabled: boolean;
  onInsert(text: string): void;
}

/** Completion of `steps.<id>.output` (upstream steps only) and `input.<field>` (the input schema). */
export function ReferencePicker({ references, isRawExpression, isDisabled, onInsert }: ReferencePickerProps) {
  const format = (reference: string) => (isRawExpression ? reference : `{{ ${reference} }}`);
  return <InsertPicker label="Insert a reference" options={references} isDisabled={isDisabled} onPick={(reference) => onInsert(format(reference))} />;
}

/** The team's secret names (never values), inserted as `{{ $secrets.NAME }}`. */
export function SecretPicker({ isDisabled, onInsert }: { isDisabled: boolean; onInsert(text: string): void }) {
  const trpc = useTRPC();
  const secrets = useQuery(trpc.secrets.list.queryOptions());
  const names = (secrets.data ?? []).map((secret) => secret.name);
  const manage = (
    <Link href="/settings/team#secrets" target="_blank" className="text-xs font-medium text-accent-700 underline">
      {names.length === 0 ? 'Add one in Team settings → Secrets' : 'Manage secrets'}
    </Link>
  );
  if (secrets.isSuccess && names.length === 0) return <p className="text-xs text-zinc-500">No team secrets yet. {manage}</p>;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InsertPicker label="Insert a secret" options={names} isDisabled={isDisabled} onPick={(name) => onInsert(`{{ $secrets.${name} }}`)} />
      {manage}
    </div>
  );
}
