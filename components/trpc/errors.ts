import type { ApiError } from './types';

/** The server's field issues (`data.fieldErrors`) as one message per field path: the first one wins. */
export function fieldErrors(error: ApiError | null | undefined): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of error?.data?.fieldErrors ?? []) {
    byPath[issue.path] ??= issue.message;
  }
  return byPath;
}

/**
 * The message to show above a form: the error's own message unless every issue is already shown beside
 * one of the form's fields.
 */
export function formError(error: ApiError | null | undefined, fields: readonly string[]): string | null {
  if (!error) return null;
  const issues = error.data?.fieldErrors ?? [];
  const allInline = issues.length > 0 && issues.every((issue) => fields.includes(issue.path));
  return allInline ? null : error.message;
}
