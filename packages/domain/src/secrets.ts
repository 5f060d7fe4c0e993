/*
 * Secrets Herald makes for integrations. Web Crypto rather than node:crypto: the integration
 * type specs reference these, and the console ships those specs to the browser for its forms,
 * where node:crypto would drag a polyfill of several hundred kilobytes along.
 */

function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export function generateSigningSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...randomBytes(24)))}`;
}

/**
 * A new hook secret for a Git source: 32 random bytes in hex. Hex because the user pastes it into
 * a provider's settings page and GitLab sends it back verbatim in a header.
 */
export function generateHookSecret(): string {
  return Array.from(randomBytes(32), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
