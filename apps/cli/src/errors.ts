import { TRPCClientError } from '@trpc/client';

/** The exit codes platform users' scripts already rely on. */
export const EXIT = {
  ok: 0,
  /** Not found, declined, or nothing to do. */
  failed: 1,
  usage: 2,
  /** The API refused the input. */
  invalid: 4,
} as const;

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.failed) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

interface IssueData {
  code?: string;
  issues?: { field: string; message: string }[];
}

/** What toCliError needs to know of the CLI's environment. */
export interface ErrorEnv {
  apiUrl: string;
  token: string | null;
  adminTokenFile?: string;
}

/**
 * Turns whatever a command threw into the message and exit code the user gets. Refused
 * credentials (UNAUTHORIZED) and a missing permission (FORBIDDEN) both exit with 1.
 */
export function toCliError(
  error: unknown,
  env: ErrorEnv,
  optionOf: (field: string) => string = (f) => f,
) {
  const { apiUrl } = env;
  if (error instanceof CliError) return error;

  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as IssueData;
    if (data.code === 'BAD_REQUEST' && data.issues?.length) {
      const lines = data.issues.map((issue) => `  ${optionOf(issue.field)}: ${issue.message}`);
      return new CliError(`The API refused the input:\n${lines.join('\n')}`, EXIT.invalid);
    }
    if (data.code === 'BAD_REQUEST') return new CliError(error.message, EXIT.invalid);
    if (data.code === 'UNAUTHORIZED' && env.token === null) {
      const file = env.adminTokenFile ?? './data/admin-token';
      return new CliError(
        `No API token found in HERALD_TOKEN or ${file}; set HERALD_TOKEN, or run the CLI ` +
          'from the directory holding data/ (or set HERALD_DATA_DIR).',
      );
    }
    if (data.code === 'UNAUTHORIZED') {
      return new CliError(
        `${error.message}\nSet HERALD_TOKEN, or run the CLI beside the server's data directory.`,
      );
    }
    if (isConnectionFailure(error)) {
      return new CliError(`Cannot reach the Herald API at ${apiUrl}: is it running (pnpm start)?`);
    }

    return new CliError(error.message, data.code === 'CONFLICT' ? EXIT.invalid : EXIT.failed);
  }

  return new CliError(error instanceof Error ? error.message : String(error));
}

function isConnectionFailure(error: TRPCClientError<never>): boolean {
  const cause = error.cause as { cause?: { code?: string } } | undefined;
  return error.message === 'fetch failed' || cause?.cause?.code === 'ECONNREFUSED';
}
