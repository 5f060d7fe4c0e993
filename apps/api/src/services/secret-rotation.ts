import { updateIntegration as storeUpdateIntegration } from '@herald/db';
import { findIntegrationType, generateSigningSecret, invalid } from '@herald/domain';
import { type Herald, isoNow } from './herald.ts';
import { type IntegrationView, presentIntegration, requireIntegration } from './integrations.ts';

/** How long a replaced signing secret keeps signing beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

const SIGNING_FIELD = 'shared_key';

export interface RotatedSecret {
  integration: IntegrationView;
  /** The new secret when Herald made it: shown this once and never again. */
  generated_secret: string | null;
  /** Until when the replaced secret still signs every delivery, or null when there was none. */
  previous_valid_until: string | null;
}

/**
 * Replaces an integration's signing secret. For 24 hours both sign every delivery (Standard
 * Webhooks lists both signatures), so receivers can switch to the new one without missing a
 * delivery. A second rotation within those hours drops the oldest secret at once.
 */
export function rotateSigningSecret(
  herald: Herald,
  projectId: string,
  integrationId: string,
  input: { secret?: string | undefined },
): RotatedSecret {
  const integration = requireIntegration(herald, projectId, integrationId);
  const spec = findIntegrationType(integration.type);
  if (!spec?.fields.some((field) => field.name === SIGNING_FIELD && field.secret)) {
    throw invalid(`Integrations of type ${integration.type} have no signing secret to rotate`);
  }
  if (input.secret !== undefined && (input.secret.length < 16 || input.secret.length > 1024)) {
    throw invalid('The new secret must be 16 to 1024 characters long', [
      { field: 'secret', message: 'must be 16 to 1024 characters long' },
    ]);
  }

  const now = herald.clock.now();
  const secret = input.secret ?? generateSigningSecret();
  const previous = integration.secrets[SIGNING_FIELD];
  const retiringSecrets = { ...integration.retiringSecrets };
  if (previous !== undefined && previous !== secret) {
    retiringSecrets[SIGNING_FIELD] = { value: previous, until: now + SECRET_OVERLAP_MS };
  }

  const next = {
    ...integration,
    secrets: { ...integration.secrets, [SIGNING_FIELD]: secret },
    retiringSecrets,
    updatedAt: isoNow(herald),
  };
  storeUpdateIntegration(herald.db, integration.id, next);
  herald.logger.info({ integration_id: integration.id }, 'signing secret rotated');

  const retiring = retiringSecrets[SIGNING_FIELD];
  return {
    integration: presentIntegration(herald, next),
    generated_secret: input.secret === undefined ? secret : null,
    previous_valid_until:
      retiring !== undefined && retiring.until > now
        ? new Date(retiring.until).toISOString()
        : null,
  };
}
