import { type IpcError } from '../../../src-preload/contract';

/** Messages per top-level input field ("channels", "email.to" → "email"), and the rest. */
export type FieldErrors = { byField: Record<string, string>; other: string | null };

type Issue = { path: string; message: string };

function isIssueList(value: unknown): value is { path: (string | number)[]; message: string }[] {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => typeof item === 'object' && item !== null && 'path' in item && Array.isArray(item.path) && 'message' in item && typeof item.message === 'string')
  );
}

// The dispatcher sends a failed input schema's issues as `details` (src-main/core/api/dispatch.ts).
function issuesOf(error: IpcError): Issue[] | null {
  return isIssueList(error.details) ? error.details.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) : null;
}

/**
 * Spreads a host validation error over the form's fields, so "выберите товар" stands next to the
 * product picker; issues for fields the form does not show, and other errors, go to `other`.
 */
export function fieldErrors(error: IpcError, fields: readonly string[]): FieldErrors {
  const issues = error.code === 'validation' ? issuesOf(error) : null;
  if (!issues) return { byField: {}, other: error.message };
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fields.find((name) => issue.path === name || issue.path.startsWith(`${name}.`));
    if (field && !(field in byField)) byField[field] = issue.message;
    else if (field) byField[field] = `${byField[field]}; ${issue.message}`;
    else rest.push(issue.path === '(вход)' ? issue.message : `${issue.path}: ${issue.message}`);
  }
  return { byField, other: rest.length > 0 ? rest.join('; ') : null };
}
