import { randomUUID } from 'node:crypto';
import { type StandInAnswer, type StandInRequest, startHttpStandIn } from './http-stand-in.ts';
import { WaitableList } from './waiter.ts';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key?: string;
  client?: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
}

export interface PagerDutyStandIn {
  /** The Events API base URL, like https://events.pagerduty.com. */
  url: string;
  calls: StandInRequest[];
  /** The events it accepted, as sent. */
  accepted: WaitableList<PagerDutyEvent>;
  /** The alerts by dedup key: open after a trigger, resolved after a resolve. */
  alerts: Map<string, { status: 'triggered' | 'resolved'; severity: string }>;
  /** While on, every event is answered 500, as during an outage of PagerDuty. */
  setOutage: (on: boolean) => void;
  close: () => Promise<void>;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];

/**
 * A stand-in for PagerDuty's Events API v2 (`POST /v2/enqueue`). Like PagerDuty it answers
 * 202 `{"status": "success", "message": "Event processed", "dedup_key": ...}` for a good event
 * and 400 `{"status": "invalid event", "message": "Event object is invalid", "errors": [...]}`
 * for a bad routing key or a malformed event: the rules of the documented parameters.
 */
export async function startPagerDutyStandIn(options: {
  routingKeys: string[];
}): Promise<PagerDutyStandIn> {
  const calls: StandInRequest[] = [];
  const accepted = new WaitableList<PagerDutyEvent>();
  const alerts = new Map<string, { status: 'triggered' | 'resolved'; severity: string }>();
  let outage = false;

  const answer = (request: StandInRequest): StandInAnswer => {
    calls.push(request);
    if (outage) {
      return { status: 500, body: { status: 'error', message: 'Internal Server Error' } };
    }
    if (request.method !== 'POST' || request.path !== '/v2/enqueue') {
      return { status: 404, body: { status: 'not found', message: 'Not found' } };
    }

    let event: PagerDutyEvent;
    try {
      event = JSON.parse(request.body) as PagerDutyEvent;
    } catch {
      return invalid(['Event object is not valid JSON']);
    }
    const errors = checkEvent(event, options.routingKeys);
    if (errors.length > 0) return invalid(errors);

    const dedupKey = event.dedup_key ?? randomUUID().replaceAll('-', '');
    if (event.event_action === 'trigger') {
      alerts.set(dedupKey, { status: 'triggered', severity: event.payload!.severity });
    } else if (event.event_action === 'resolve' && alerts.has(dedupKey)) {
      alerts.set(dedupKey, { ...alerts.get(dedupKey)!, status: 'resolved' });
    }
    accepted.push(event);

    return {
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: dedupKey },
    };
  };

  const server = await startHttpStandIn(answer);
  return {
    url: server.url,
    calls,
    accepted,
    alerts,
    setOutage: (on) => {
      outage = on;
    },
    close: server.close,
  };
}

function invalid(errors: string[]): StandInAnswer {
  return {
    status: 400,
    body: { status: 'invalid event', message: 'Event object is invalid', errors },
  };
}

function checkEvent(event: PagerDutyEvent, routingKeys: string[]): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return ['Event object is not a JSON object'];
  }

  const errors: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key === '') {
    errors.push("'routing_key' is missing or blank");
  } else if (event.routing_key.length !== 32) {
    errors.push('Routing key is the wrong length (should be 32 characters)');
  } else if (!routingKeys.includes(event.routing_key)) {
    errors.push('Invalid routing key');
  }
  if (!ACTIONS.includes(event.event_action)) {
    errors.push("'event_action' must be one of trigger, acknowledge or resolve");
  }
  if (
    event.dedup_key !== undefined &&
    (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255)
  ) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (event.event_action !== 'trigger') {
    if (!event.dedup_key) errors.push(`'dedup_key' is required to ${event.event_action} an alert`);
    return errors;
  }

  const payload = event.payload;
  if (typeof payload !== 'object' || payload === null) {
    errors.push("'payload' is missing");
    return errors;
  }
  if (typeof payload.summary !== 'string' || payload.summary === '') {
    errors.push("'payload.summary' is missing or blank");
  } else if (payload.summary.length > 1024) {
    errors.push("'payload.summary' is longer than 1024 characters");
  }
  if (typeof payload.source !== 'string' || payload.source === '') {
    errors.push("'payload.source' is missing or blank");
  }
  if (!SEVERITIES.includes(payload.severity)) {
    errors.push("'payload.severity' must be one of critical, error, warning or info");
  }
  if (payload.timestamp !== undefined && Number.isNaN(Date.parse(payload.timestamp))) {
    errors.push("'payload.timestamp' is not an ISO 8601 timestamp");
  }

  return errors;
}
