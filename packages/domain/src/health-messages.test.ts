import { describe, expect, it } from 'vitest';
import type { HealthNotice } from './health.ts';
import {
  buildHealthDeliveryBody,
  buildHealthEmail,
  buildPagerDutyHealthEvent,
  buildSlackHealthMessage,
  formatBytes,
  healthDedupKey,
} from './health-messages.ts';

const GIB = 1024 ** 3;

function notice(overrides: Partial<HealthNotice> = {}): HealthNotice {
  return {
    id: 'hn_1',
    project: { id: 'abcdefghijklm', title: 'Shop <EU>' },
    environment: 'main',
    service: 'app',
    metric: 'disk',
    used: 9420 * 1024 ** 2,
    total: 10 * GIB,
    state: 'critical',
    previous_state: 'warning',
    kind: 'critical',
    reported_at: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

describe('formatBytes', () => {
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * GIB)).toBe('10 GiB');
    expect(formatBytes(150 * GIB)).toBe('150 GiB');
  });
});

describe('buildHealthEmail', () => {
  it('names the project, environment, service, figures and what to do', () => {
    const email = buildHealthEmail(notice());

    expect(email.subject).toBe(
      '[Shop <EU>] Critical: app in main is critically low on disk space (8 % free)',
    );
    expect(email.text).toContain('Project:     Shop <EU> (abcdefghijklm)');
    expect(email.text).toContain('Environment: main');
    expect(email.text).toContain('Service:     app');
    expect(email.text).toContain('Disk space:  9.2 GiB used of 10 GiB (8 % free)');
    expect(email.text).toContain('State:       critical (was warning)');
    expect(email.text).toContain('What to do: Act now.');
    expect(email.html).toContain('Shop &lt;EU&gt; (abcdefghijklm)');
    expect(email.html).not.toContain('<EU>');
  });

  it('says a recovery needs nothing done', () => {
    const email = buildHealthEmail(
      notice({ used: 5 * GIB, state: 'normal', previous_state: 'critical', kind: 'recovery' }),
    );

    expect(email.subject).toBe(
      '[Shop <EU>] Recovered: app in main is back to normal on disk space (50 % free)',
    );
    expect(email.text).toContain('What to do: Nothing to do');
  });

  it('explains inodes in inodes', () => {
    const email = buildHealthEmail(
      notice({
        metric: 'inodes',
        used: 850_000,
        total: 1_000_000,
        state: 'warning',
        kind: 'warning',
      }),
    );

    expect(email.text).toContain('Inodes:      850,000 of 1,000,000 inodes used (15 % free)');
    expect(email.text).toContain('Each file uses one inode');
  });
});

describe('buildSlackHealthMessage', () => {
  it('escapes what Slack reads as markup', () => {
    const message = buildSlackHealthMessage(notice());

    expect(message.text).toContain('project Shop &lt;EU&gt;');
    expect(JSON.stringify(message.blocks)).not.toContain('<EU>');
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Critical: app in main', emoji: true },
    });
  });
});

describe('buildPagerDutyHealthEvent', () => {
  it('triggers with the severity of the state, keyed per environment, service and metric', () => {
    const event = buildPagerDutyHealthEvent(notice());

    expect(event).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'herald/abcdefghijklm/main/app/disk',
      payload: { severity: 'critical', source: 'abcdefghijklm/main/app', component: 'app' },
    });
    expect(event).not.toHaveProperty('routing_key');
  });

  it('resolves the same alert on recovery', () => {
    const event = buildPagerDutyHealthEvent(
      notice({ state: 'normal', kind: 'recovery', used: GIB }),
    );

    expect(event).toEqual({
      event_action: 'resolve',
      dedup_key: 'herald/abcdefghijklm/main/app/disk',
    });
  });

  it('keeps the dedup key inside the 255 characters PagerDuty allows', () => {
    const key = healthDedupKey({
      project: { id: 'a'.repeat(13), title: '' },
      environment: 'e'.repeat(128),
      service: 's'.repeat(64),
      metric: 'inodes',
    });

    expect(key.length).toBeLessThanOrEqual(255);
  });
});

describe('buildHealthDeliveryBody', () => {
  it('refuses a type that is not a health type', () => {
    expect(() => buildHealthDeliveryBody('webhook', notice())).toThrow(/not a health/);
  });
});
