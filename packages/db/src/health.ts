import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { healthStates } from './schema/index.ts';

export type HealthStateRow = typeof healthStates.$inferSelect;

export interface HealthKey {
  projectId: string;
  environment: string;
  service: string;
  metric: string;
}

export function findHealthState(db: DbOrTx, key: HealthKey): HealthStateRow | undefined {
  return db
    .select()
    .from(healthStates)
    .where(
      and(
        eq(healthStates.projectId, key.projectId),
        eq(healthStates.environment, key.environment),
        eq(healthStates.service, key.service),
        eq(healthStates.metric, key.metric),
      ),
    )
    .get();
}

export function saveHealthState(db: DbOrTx, row: HealthStateRow): void {
  db.insert(healthStates)
    .values(row)
    .onConflictDoUpdate({
      target: [
        healthStates.projectId,
        healthStates.environment,
        healthStates.service,
        healthStates.metric,
      ],
      set: {
        state: row.state,
        used: row.used,
        total: row.total,
        reportedAt: row.reportedAt,
        changedAt: row.changedAt,
      },
    })
    .run();
}

/** A project's metrics, by environment, service and metric. */
export function listHealthStates(db: DbOrTx, projectId: string): HealthStateRow[] {
  return db
    .select()
    .from(healthStates)
    .where(eq(healthStates.projectId, projectId))
    .orderBy(asc(healthStates.environment), asc(healthStates.service), asc(healthStates.metric))
    .all();
}
