import { z } from 'zod';

/** The platform's activity types that integrations can subscribe to, with what each means. */
export const EVENT_CATALOG = {
  'environment.access.add': 'A user was given access to an environment.',
  'environment.access.remove': "A user's access to an environment was removed.",
  'environment.activate': 'An inactive environment was activated.',
  'environment.backup': 'A backup of an environment was taken.',
  'environment.branch': 'A new environment was branched from its parent.',
  'environment.deactivate': 'An environment was deactivated; its code is kept.',
  'environment.delete': 'An environment was deleted.',
  'environment.initialize': "The project's default environment was initialized.",
  'environment.merge': 'An environment was merged into its parent.',
  'environment.push': 'Commits were pushed to the branch of an environment.',
  'environment.restore': 'An environment was restored from a backup.',
  'environment.route.create': 'A route was added to an environment.',
  'environment.route.delete': 'A route was removed from an environment.',
  'environment.route.update': 'A route of an environment was changed.',
  'environment.subscription.update': "The project's plan was changed.",
  'environment.synchronize': 'Code or data was copied down from the parent environment.',
  'environment.update.http_access': 'HTTP access control of an environment was changed.',
  'environment.update.restrict_robots': 'The search-engine robots setting was changed.',
  'environment.update.smtp': 'Outgoing e-mail was enabled or disabled for an environment.',
  'environment.variable.create': 'A variable was created on an environment.',
  'environment.variable.delete': 'A variable was deleted from an environment.',
  'environment.variable.update': 'A variable of an environment was changed.',
  'project.domain.create': 'A domain was added to the project.',
  'project.domain.delete': 'A domain was removed from the project.',
  'project.domain.update': 'A domain of the project was changed.',
} as const;

export type EventType = keyof typeof EVENT_CATALOG;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

export function isProjectLevelEvent(type: string): boolean {
  return type.startsWith('project.');
}
