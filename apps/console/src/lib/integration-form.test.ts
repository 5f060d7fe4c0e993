import type { IntegrationTypeSpec } from '@herald/domain/integrations';
import { webhookType } from '@herald/domain/integrations';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  diffSettings,
  type FormValues,
  listShownFields,
  readCurrentValues,
  readDefaultValues,
  toFieldErrors,
  toSettings,
  validateChanges,
  validateSettings,
} from './integration-form.ts';

describe('the integration form', () => {
  it('starts from the schema defaults', () => {
    expect(readDefaultValues(webhookType)).toEqual({
      url: '',
      shared_key: '',
      events: '*',
      states: 'complete',
      result: '*',
      environments: '*',
      excluded_environments: '',
    });
  });

  it('turns typed values into settings: lists split, empty fields left to their defaults', () => {
    const values = {
      ...readDefaultValues(webhookType),
      url: '  https://example.com/hook ',
      events: 'environment.push, environment.branch,',
      environments: '',
    };

    expect(toSettings(webhookType, values)).toEqual({
      url: 'https://example.com/hook',
      events: ['environment.push', 'environment.branch'],
      states: ['complete'],
      result: '*',
    });
  });

  it('puts the schema message beside the field at fault', () => {
    const settings = toSettings(webhookType, {
      ...readDefaultValues(webhookType),
      url: 'not a url',
      states: 'complete, finished',
    });
    const result = validateSettings(webhookType, settings);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      url: 'must be a valid URL, e.g. https://example.com/hook',
      states: '"finished" is not a state; use pending, in_progress, complete or cancelled',
    });
  });

  it('maps API issues with dotted paths to their top-level field', () => {
    expect(
      toFieldErrors([
        { field: 'events.1', message: 'not an event' },
        { field: 'events.2', message: 'ignored: one message a field' },
        { field: '(input)', message: 'whole form' },
      ]),
    ).toEqual({ events: 'not an event', _form: 'whole form' });
  });

  it('sends only what an edit changed, keeping an untouched secret', () => {
    const current = {
      url: 'https://example.com/hook',
      shared_key: '******',
      events: ['*'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: [],
    };
    const values: FormValues = {
      ...readCurrentValues(webhookType, current),
      events: 'environment.*',
    };
    expect(values.shared_key).toBe('');

    const changes = diffSettings(webhookType, current, toSettings(webhookType, values));
    expect(changes).toEqual({ events: ['environment.*'] });
    expect(validateChanges(webhookType, current, changes)).toEqual({});
  });

  it('puts an emptied field back to its default', () => {
    const current = { url: 'https://example.com', events: ['environment.push'], states: ['*'] };
    const values = { ...readCurrentValues(webhookType, current), events: '' };

    expect(diffSettings(webhookType, current, toSettings(webhookType, values))).toMatchObject({
      events: ['*'],
    });
  });

  it('shows a dependent field only when the field it depends on asks for it', () => {
    const spec: IntegrationTypeSpec = {
      type: 'example',
      label: 'Example',
      description: 'A type with a dependent field',
      schema: z.object({
        build_pull_requests: z.boolean().default(false),
        pull_request_clone_parent: z.boolean().optional(),
      }),
      fields: [
        {
          name: 'build_pull_requests',
          option: 'b',
          label: 'Build PRs',
          description: '',
          kind: 'boolean',
        },
        {
          name: 'pull_request_clone_parent',
          option: 'c',
          label: 'Clone parent data',
          description: '',
          kind: 'boolean',
          askWhen: (values) => values.build_pull_requests === true,
        },
      ],
      summarize: () => '',
      hasFilters: false,
    };
    const values = readDefaultValues(spec);
    expect(listShownFields(spec, values).map((field) => field.name)).toEqual([
      'build_pull_requests',
    ]);

    const asked = { ...values, build_pull_requests: true, pull_request_clone_parent: true };
    expect(listShownFields(spec, asked)).toHaveLength(2);
    expect(toSettings(spec, asked)).toEqual({
      build_pull_requests: true,
      pull_request_clone_parent: true,
    });
    expect(toSettings(spec, { ...asked, build_pull_requests: false })).toEqual({
      build_pull_requests: false,
    });
  });
});
