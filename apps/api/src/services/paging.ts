import {
  type ActivityCursor,
  type DeliveryCursor,
  findActivity,
  findDelivery,
  type IntegrationRow,
} from '@herald/db';
import { invalid } from '@herald/domain';
import type { Herald } from './herald.ts';

/**
 * Cursors for "Older" and "Newer": the id of the last (or first) row a page showed. An id
 * keeps a place however many rows arrive meanwhile, which an offset would not.
 */
export interface PageCursors {
  /** Rows after (older than) this one. */
  before?: string | undefined;
  /** Rows before (newer than) this one, the nearest first page-full. */
  after?: string | undefined;
}

function refuseBoth(cursors: PageCursors): void {
  if (cursors.before !== undefined && cursors.after !== undefined) {
    throw invalid('Give before or after, not both', [
      { field: 'after', message: 'cannot be given with before' },
    ]);
  }
}

/** The activity a cursor names, as the store's paging wants it. */
export function readActivityCursors(
  herald: Herald,
  projectId: string,
  cursors: PageCursors,
): { olderThan?: ActivityCursor; newerThan?: ActivityCursor } {
  refuseBoth(cursors);
  const find = (field: 'before' | 'after', id: string): ActivityCursor => {
    const activity = findActivity(herald.db, projectId, id);
    if (activity === undefined) {
      throw invalid(`Invalid input: ${field}: activity ${id} is not in project ${projectId}`, [
        { field, message: `activity ${id} is not in project ${projectId}` },
      ]);
    }
    return { createdAt: activity.created_at, id: activity.id };
  };

  if (cursors.before !== undefined) return { olderThan: find('before', cursors.before) };
  if (cursors.after !== undefined) return { newerThan: find('after', cursors.after) };
  return {};
}

/** The delivery a cursor names, which must be the integration's own. */
export function readDeliveryCursors(
  herald: Herald,
  integration: IntegrationRow,
  cursors: PageCursors,
): { olderThan?: DeliveryCursor; newerThan?: DeliveryCursor } {
  refuseBoth(cursors);
  const find = (field: 'before' | 'after', id: string): DeliveryCursor => {
    const delivery = findDelivery(herald.db, id);
    if (delivery === undefined || delivery.integrationId !== integration.id) {
      throw invalid(`Invalid input: ${field}: delivery ${id} is not one of ${integration.id}`, [
        { field, message: `delivery ${id} is not one of integration ${integration.id}` },
      ]);
    }
    return { createdAt: delivery.createdAt, id: delivery.id };
  };

  if (cursors.before !== undefined) return { olderThan: find('before', cursors.before) };
  if (cursors.after !== undefined) return { newerThan: find('after', cursors.after) };
  return {};
}
