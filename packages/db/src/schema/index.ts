export * from './auth.ts';
export * from './backups.ts';
export * from './domains.ts';
export * from './git-sources.ts';
export * from './integrations.ts';
export * from './projects.ts';
export * from './routes.ts';
export * from './variables.ts';
