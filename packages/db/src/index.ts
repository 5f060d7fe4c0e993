export * from './activities.ts';
export * from './client.ts';
export * from './deliveries.ts';
export * from './hook-deliveries.ts';
export * from './integrations.ts';
export * from './project-users.ts';
export * from './projects.ts';
export * as schema from './schema/index.ts';
export * from './tokens.ts';
