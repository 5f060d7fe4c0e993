import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  HERALD_API_URL: z.url().default('http://127.0.0.1:4000'),
  HERALD_TOKEN: z.string().min(1).optional(),
  HERALD_DATA_DIR: z.string().min(1).default('./data'),
  HERALD_PROJECT: z.string().min(1).optional(),
  NO_COLOR: z.string().optional(),
});

export interface CliEnv {
  apiUrl: string;
  /** The token to send, or null when none is configured. */
  token: string | null;
  /** Where the CLI looked for the server's admin token when HERALD_TOKEN was not set. */
  adminTokenFile?: string;
  project: string | undefined;
  color: boolean;
}

export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }

  const env = parsed.data;
  const adminTokenFile = join(resolve(env.HERALD_DATA_DIR), 'admin-token');
  return {
    apiUrl: env.HERALD_API_URL.replace(/\/$/, ''),
    token: env.HERALD_TOKEN ?? readAdminToken(adminTokenFile),
    adminTokenFile,
    project: env.HERALD_PROJECT,
    color: env.NO_COLOR === undefined || env.NO_COLOR === '',
  };
}

/** The token the server wrote on its first start, when the CLI runs beside it. */
function readAdminToken(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}
