/**
 * The errors Herald's services throw. They carry no transport: the API maps them to tRPC
 * codes in one place and the CLI maps those to exit codes.
 */
export type HeraldErrorCode = 'NOT_FOUND' | 'INVALID' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'CONFLICT';

export interface FieldIssue {
  /** A dotted path to the field at fault, e.g. `events.1`. */
  field: string;
  message: string;
}

export class HeraldError extends Error {
  readonly code: HeraldErrorCode;
  readonly issues: FieldIssue[];

  constructor(
    code: HeraldErrorCode,
    message: string,
    options: { issues?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HeraldError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export const notFound = (message: string) => new HeraldError('NOT_FOUND', message);
export const conflict = (message: string) => new HeraldError('CONFLICT', message);
export const forbidden = (message: string) => new HeraldError('FORBIDDEN', message);
export const invalid = (message: string, issues: FieldIssue[] = []) =>
  new HeraldError('INVALID', message, { issues });
