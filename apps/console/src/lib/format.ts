/** Times show in UTC on the server and the client alike, so a refresh never reshuffles them. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;

  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The start of a response body, on one line, for a table cell. */
export function excerpt(text: string, length = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** A setting's value as people read it: lists with commas, nothing as a dash. */
export function formatSetting(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);

  return String(value);
}

/** A delivery in the words of activities: its state, and once finished, its result. */
export function describeDelivery(delivery: { status: string; attempt_count: number }): {
  state: string;
  result: 'success' | 'failure' | null;
} {
  switch (delivery.status) {
    case 'succeeded':
      return { state: 'complete', result: 'success' };
    case 'failed':
      return { state: 'complete', result: 'failure' };
    case 'sending':
      return { state: 'in_progress', result: null };
    default:
      return { state: delivery.attempt_count > 0 ? 'retrying' : 'pending', result: null };
  }
}
