import type { GitSourceType } from '../integrations/git-source.ts';
import { safeEqual, verifyHubSignature } from '../signing.ts';
import { mapBitbucketHook } from './bitbucket.ts';
import { mapBitbucketServerHook } from './bitbucket-server.ts';
import type { HookMapping } from './effects.ts';
import { mapGithubHook } from './github.ts';
import { mapGitlabHook } from './gitlab.ts';

/** Request headers by lower-case name, as node's `IncomingMessage` gives them. */
export type HookHeaders = Readonly<Record<string, string | undefined>>;

/** How one provider sends its hooks: who signed, which event, which delivery. */
export interface GitSourceProvider {
  type: GitSourceType;
  label: string;
  /** The header that names the event. */
  eventHeader: string;
  /** The headers that stay the same when the provider retries a delivery, best first. */
  deliveryHeaders: readonly string[];
  /** The header that carries the signature or token, for the message of a 401. */
  signatureHeader: string;
  /** Whether the request was signed (or sent) with the hook secret, compared in constant time. */
  authenticate: (headers: HookHeaders, body: Uint8Array, secret: string) => boolean;
  /** What the hook means for the project; throws INVALID for a malformed payload. */
  mapHook: (event: string, payload: unknown) => HookMapping;
}

export const GIT_SOURCE_PROVIDERS: Readonly<Record<GitSourceType, GitSourceProvider>> = {
  github: {
    type: 'github',
    label: 'GitHub',
    eventHeader: 'x-github-event',
    deliveryHeaders: ['x-github-delivery'],
    signatureHeader: 'X-Hub-Signature-256',
    // GitHub: `sha256=` and the hex HMAC-SHA256 of the body ("Validating webhook deliveries").
    authenticate: (headers, body, secret) =>
      verifyHubSignature(secret, body, headers['x-hub-signature-256']),
    mapHook: mapGithubHook,
  },
  gitlab: {
    type: 'gitlab',
    label: 'GitLab',
    eventHeader: 'x-gitlab-event',
    // Event-UUID is the same for every hook one event triggers, Idempotency-Key (17.4+) for
    // the retries of one hook: either names the event, per integration.
    deliveryHeaders: ['x-gitlab-event-uuid', 'idempotency-key'],
    signatureHeader: 'X-Gitlab-Token',
    // GitLab signs nothing: it sends the secret token itself in `X-Gitlab-Token`.
    authenticate: (headers, _body, secret) => {
      const token = headers['x-gitlab-token'];
      return token !== undefined && safeEqual(token, secret);
    },
    mapHook: mapGitlabHook,
  },
  bitbucket: {
    type: 'bitbucket',
    label: 'Bitbucket',
    eventHeader: 'x-event-key',
    deliveryHeaders: ['x-request-uuid'],
    signatureHeader: 'X-Hub-Signature',
    // Bitbucket Cloud: `X-Hub-Signature: sha256=<hex>` although GitHub's header of that name
    // is SHA-1; only hooks with a secret are signed, and Herald always has one.
    authenticate: (headers, body, secret) =>
      verifyHubSignature(secret, body, headers['x-hub-signature']),
    mapHook: mapBitbucketHook,
  },
  bitbucket_server: {
    type: 'bitbucket_server',
    label: 'Bitbucket Server',
    eventHeader: 'x-event-key',
    deliveryHeaders: ['x-request-id'],
    signatureHeader: 'X-Hub-Signature',
    // Bitbucket Server / Data Center: HMAC-SHA256, its default algorithm, in the same form.
    authenticate: (headers, body, secret) =>
      verifyHubSignature(secret, body, headers['x-hub-signature']),
    mapHook: mapBitbucketServerHook,
  },
};

/** The delivery id the provider keeps across retries, if it sent one. */
export function readDeliveryId(provider: GitSourceProvider, headers: HookHeaders): string | null {
  for (const name of provider.deliveryHeaders) {
    const value = headers[name]?.trim();
    if (value) return value.slice(0, 200);
  }

  return null;
}

/**
 * Whether a hook's repository is the integration's. Providers treat owner and repository names
 * case-insensitively (GitHub, GitLab paths, Bitbucket project keys), so Herald does too.
 */
export function isSameRepository(configured: string, received: string): boolean {
  return configured.toLowerCase() === received.toLowerCase();
}
