import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Field names that hold secrets wherever they appear in a log object: tokens, keys, passwords,
 * signatures and the Authorization header. Over-masking a harmless field costs nothing;
 * a secret in a log file is a leak.
 */
const SECRET_FIELD =
  /^(authorization|cookie|password|secret|signature)$|(_|-)?(token|key|secret)s?$/i;
const MASK = '******';

/** Copies the object with secret fields masked, down to a few levels. */
export function maskSecretFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) {
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => maskSecretFields(item, depth + 1));

  const masked: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    masked[name] =
      SECRET_FIELD.test(name) && field !== null && field !== undefined
        ? MASK
        : maskSecretFields(field, depth + 1);
  }

  return masked;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'herald-api' },
    formatters: { log: (object) => maskSecretFields(object) as Record<string, unknown> },
  };

  return destination ? pino(options, destination) : pino(options);
}
