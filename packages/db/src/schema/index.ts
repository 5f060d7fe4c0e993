export * from './auth.ts';
export * from './integrations.ts';
export * from './projects.ts';
