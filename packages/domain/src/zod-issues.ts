import type { z } from 'zod';
import { type FieldIssue, invalid } from './errors.ts';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/** Parses `input` or throws an INVALID HeraldError whose message names every field at fault. */
export function parseOrInvalid<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }

  const issues = toFieldIssues(parsed.error);
  const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  throw invalid(`Invalid input: ${summary}`, issues);
}
