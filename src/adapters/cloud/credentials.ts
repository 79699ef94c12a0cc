/**
 * Tencent Cloud credentials, re-read on every API call because SCF role keys rotate.
 * Order: explicit options, then SCF's names (TENCENTCLOUD_SECRETID/SECRETKEY/SESSIONTOKEN), then the SDK's
 * underscore names (TENCENTCLOUD_SECRET_ID/...). Secrets never appear in logs or messages: use `redactSecrets`.
 */
import { NonRetryableError } from '../../errors';

/** A secret pair and, for temporary role keys, the session token. */
export interface CloudCredentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** Where credentials come from: fixed values, or a function read before each call. */
export type CredentialSource = CloudCredentials | (() => CloudCredentials);

const ENV_NAMES = [
  ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SESSIONTOKEN'],
  ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY', 'TENCENTCLOUD_SESSION_TOKEN'],
] as const;

/** Resolves the credentials to use right now; throws NonRetryableError (naming variables, not values) when none. */
export function resolveCredentials(
  explicit?: CredentialSource,
  env: NodeJS.ProcessEnv = process.env,
): CloudCredentials {
  if (explicit) {
    const creds = typeof explicit === 'function' ? explicit() : explicit;
    if (creds.secretId && creds.secretKey) return creds;
    throw new NonRetryableError('Tencent Cloud credentials were given but secretId or secretKey is empty');
  }
  for (const [idName, keyName, tokenName] of ENV_NAMES) {
    const secretId = env[idName];
    const secretKey = env[keyName];
    if (!secretId || !secretKey) continue;
    const token = env[tokenName];
    return token ? { secretId, secretKey, token } : { secretId, secretKey };
  }
  throw new NonRetryableError(
    'no Tencent Cloud credentials: pass --secret-id/--secret-key or set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY',
  );
}

/** The SDK's DynamicCredential: the SDK calls getCredential() before signing each request. */
export function dynamicCredential(
  explicit?: CredentialSource,
  env: NodeJS.ProcessEnv = process.env,
): { getCredential(): Promise<CloudCredentials> } {
  return { getCredential: async () => resolveCredentials(explicit, env) };
}

/** Replaces every occurrence of the given secrets (id, key, token) in `text` with `***`. */
export function redactSecrets(text: string, creds: Partial<CloudCredentials> | undefined): string {
  let out = text;
  for (const secret of [creds?.secretKey, creds?.token, creds?.secretId]) {
    // very short values would redact ordinary words; real keys are long
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
