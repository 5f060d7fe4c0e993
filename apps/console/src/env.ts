import { z } from 'zod';

const envSchema = z.object({
  HERALD_CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
  HERALD_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HERALD_API_URL: z.url().default('http://127.0.0.1:4000'),
});

export interface ConsoleEnv {
  host: string;
  port: number;
  /** The API the console's server side calls, without a trailing slash. */
  apiUrl: string;
}

/** Parses the console's environment; a wrong value stops it with a message naming the variable. */
export function readConsoleEnv(source: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }

  return {
    host: parsed.data.HERALD_CONSOLE_HOST,
    port: parsed.data.HERALD_CONSOLE_PORT,
    apiUrl: parsed.data.HERALD_API_URL.replace(/\/+$/, ''),
  };
}
