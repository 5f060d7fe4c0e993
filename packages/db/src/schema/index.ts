export * from './auth.ts';
export * from './git-sources.ts';
export * from './health.ts';
export * from './integrations.ts';
export * from './projects.ts';
