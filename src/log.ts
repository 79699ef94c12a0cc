/**
 * Structured JSON logs (pino) with request and episode ids. Secrets never reach a log line: known
 * secret-bearing keys are redacted by path, and every configured secret value is scrubbed from strings.
 */
import pino from 'pino';

export type Logger = pino.Logger;

const REDACT_PATHS = [
  'secretKey',
  'secretId',
  'token',
  'password',
  'authorization',
  '*.secretKey',
  '*.secretId',
  '*.token',
  '*.password',
  '*.authorization',
  'headers["x-memfrag-token"]',
  'headers["x-memfrag-signature"]',
  '*.headers["x-memfrag-token"]',
  '*.headers["x-memfrag-signature"]',
];

/** Replaces every occurrence of each secret (longer than 3 chars) in `text` with `***`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length > 3) out = out.split(s).join('***');
  return out;
}

/** The secret values present in this process's environment, for scrubbing. */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = Object.keys(env).filter((k) => /SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL/i.test(k));
  const values = names.map((k) => env[k]).filter((v): v is string => Boolean(v && v.length > 3));
  // a database URL's password alone, too
  for (const v of [...values]) {
    const m = v.match(/^[a-z]+:\/\/[^:/@]+:([^@]+)@/);
    if (m?.[1]) values.push(decodeURIComponent(m[1]));
  }
  return values;
}

/** A logger writing JSON lines to `destination` (stdout by default) with secrets redacted. */
export function createLogger(
  opts: { level?: string; base?: Record<string, unknown>; destination?: pino.DestinationStream } = {},
): Logger {
  const secrets = environmentSecrets();
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      base: opts.base ?? null,
      redact: { paths: REDACT_PATHS, censor: '***' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        streamWrite: (line) => scrubSecrets(line, secrets),
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
