import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'herald-api' },
    redact: {
      paths: [
        '*.authorization',
        '*.shared_key',
        '*.secret',
        '*.token',
        'req.headers.authorization',
      ],
      censor: '******',
    },
  });
}
