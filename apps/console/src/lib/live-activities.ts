/** The fields a live list needs to place an activity pushed by the API. */
export interface ListedActivity {
  id: string;
  created_at: string;
  updated_at: string;
  environments: string[];
  integration: string | null;
}

export interface LiveListRules {
  /** Whether activities new to the list join it: on the newest page only. */
  acceptNew: boolean;
  /** Only activities of this environment, when the list is narrowed to one. */
  environment?: string | undefined;
  /** How many rows the page shows. */
  size: number;
}

function compareNewestFirst(a: ListedActivity, b: ListedActivity): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The list with one pushed activity applied: a listed one takes its newer state, a new one
 * joins the newest page when it belongs there, anything else leaves the list as it was.
 */
export function mergeActivity<T extends ListedActivity>(
  list: T[],
  activity: T,
  rules: LiveListRules,
): T[] {
  const index = list.findIndex((listed) => listed.id === activity.id);
  if (index >= 0) {
    // Events may arrive twice after a reconnect; an older version never replaces a newer one.
    if (list[index]!.updated_at > activity.updated_at) return list;
    return list.map((listed, at) => (at === index ? activity : listed));
  }

  // The overview lists the project's own activities, not integrations' bookkeeping.
  if (!rules.acceptNew || activity.integration !== null) return list;
  if (rules.environment !== undefined && !activity.environments.includes(rules.environment)) {
    return list;
  }
  const newest = list[0];
  if (newest !== undefined && compareNewestFirst(activity, newest) > 0) return list;

  return [activity, ...list].sort(compareNewestFirst).slice(0, rules.size);
}
