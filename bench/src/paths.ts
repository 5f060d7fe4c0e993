import { fileURLToPath } from 'node:url';

export const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PROFILES_DIR = fileURLToPath(new URL('../profiles', import.meta.url));
