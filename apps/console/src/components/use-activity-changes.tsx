'use client';

import { useEffect, useRef, useState } from 'react';
import type { ActivityView } from '@/lib/api.ts';
import { createLiveClient } from '@/lib/live.ts';

export type LiveState = 'connecting' | 'live' | 'stopped';

/**
 * Subscribes to the project's activity changes from `since` on and hands each pushed
 * activity to `onActivity`. The connection reconnects by itself from the last event seen.
 */
export function useActivityChanges(
  project: string,
  since: string,
  onActivity: (activity: ActivityView) => void,
  /** False once there is nothing left to follow: the subscription closes. */
  enabled = true,
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onActivity);
  handler.current = onActivity;

  useEffect(() => {
    if (!enabled) return;
    const subscription = createLiveClient().activity.changes.subscribe(
      { project, since },
      {
        onStarted: () => setState('live'),
        onData: (event) => {
          setState('live');
          handler.current(event.data);
        },
        onConnectionStateChange: (change) => {
          if (change.state === 'connecting' && change.error) setState('connecting');
        },
        onError: () => setState('stopped'),
      },
    );
    return () => subscription.unsubscribe();
  }, [project, since, enabled]);

  return state;
}

const LIVE_WORDS: Record<LiveState, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live: activities change here as they run.',
  stopped: 'Live updates stopped; reload the page to see changes.',
};

export function LiveNote({ state }: { state: LiveState }) {
  return (
    <p className="live-note" role="status" data-live={state}>
      {LIVE_WORDS[state]}
    </p>
  );
}
