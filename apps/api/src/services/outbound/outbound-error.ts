/** Why an outbound request got no usable answer; stored as an attempt's `error_kind`. */
export type OutboundErrorKind =
  | 'invalid_url'
  | 'refused_address'
  | 'dns'
  | 'connect'
  | 'connect_timeout'
  | 'timeout'
  | 'reset'
  | 'tls'
  | 'aborted'
  | 'network';

export class OutboundError extends Error {
  readonly kind: OutboundErrorKind;
  /** How long the request ran before it failed. */
  readonly durationMs: number;

  constructor(
    kind: OutboundErrorKind,
    message: string,
    options: { durationMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'OutboundError';
    this.kind = kind;
    this.durationMs = options.durationMs ?? 0;
  }
}

/** Raised inside the connection's own lookup, so the refused address is never dialled. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_HERALD_REFUSED_ADDRESS';
}
