import type { ReactNode } from 'react';

type Tone = 'neutral' | 'info' | 'good' | 'bad' | 'muted';

/** A coloured label; the words carry the meaning, the colour only helps the eye. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STATE_TONES: Record<string, Tone> = {
  pending: 'neutral',
  in_progress: 'info',
  complete: 'muted',
  cancelled: 'muted',
};

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONES[state] ?? 'neutral'}>{state.replace('_', ' ')}</Badge>;
}

export function ResultBadge({ result }: { result: string | null }) {
  if (result === null) return <span className="quiet">—</span>;
  return <Badge tone={result === 'success' ? 'good' : 'bad'}>{result}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled ? <Badge tone="good">enabled</Badge> : <Badge tone="bad">disabled</Badge>;
}
