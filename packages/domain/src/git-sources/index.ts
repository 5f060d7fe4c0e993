export * from './bitbucket.ts';
export * from './bitbucket-server.ts';
export * from './effects.ts';
export * from './github.ts';
export * from './gitlab.ts';
export * from './options.ts';
export * from './providers.ts';
