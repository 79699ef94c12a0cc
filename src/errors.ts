/**
 * The failure family. Expected outcomes (a fragmented node, an offline agent) are values, not errors;
 * these are for failures a caller may branch on. `cause` is always kept.
 */
export class MemfragError extends Error {
  override readonly name: string = 'MemfragError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input from a caller: maps to HTTP 4xx / CLI exit 2. `field` names what was wrong. */
export class InputError extends MemfragError {
  override readonly name: string = 'InputError';
  readonly field: string | undefined;
  readonly statusCode: number;
  constructor(message: string, options?: { field?: string; statusCode?: number; cause?: unknown }) {
    super(message, options);
    this.field = options?.field;
    this.statusCode = options?.statusCode ?? 400;
  }
}

/** Retrying cannot help (auth failure, invalid parameter). */
export class NonRetryableError extends MemfragError {
  override readonly name: string = 'NonRetryableError';
}

/** The node cannot be reached (agent offline, instance stopped). */
export class TargetUnreachableError extends MemfragError {
  override readonly name: string = 'TargetUnreachableError';
}

/** Probe output is cut, garbled or inconsistent: it must not drive a remediation. */
export class ProbeOutputError extends MemfragError {
  override readonly name: string = 'ProbeOutputError';
}
