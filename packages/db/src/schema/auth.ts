import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the whole token; the token itself is shown once and never stored. */
    hash: text('hash').notNull().unique(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    /** admin for installation-wide tokens; project roles come with project grants. */
    role: text('role').notNull(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (table) => [index('api_tokens_prefix').on(table.prefix)],
);
