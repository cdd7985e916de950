/**
 * What a read capped by bytes (output-cap.ts) sends in place of an output it left out: the words a person
 * reads and the output's size. Plain data with no server code, so the run panel can recognise it.
 */
export const OMITTED_OUTPUT_NOTE = 'output too large to show here — open the step';

// A type, not an interface, so it is a JSON value as it stands (interfaces have no index signature).
export type OmittedOutput = {
  omitted: typeof OMITTED_OUTPUT_NOTE;
  /** Bytes of the output's JSON text. */
  bytes: number;
};

export const omittedOutput = (bytes: number): OmittedOutput => ({ omitted: OMITTED_OUTPUT_NOTE, bytes });

export function isOmittedOutput(value: unknown): value is OmittedOutput {
  return typeof value === 'object' && value !== null && (value as { omitted?: unknown }).omitted === OMITTED_OUTPUT_NOTE;
}
