/**
 * The one event each function handles in the cold-start benchmark, chosen so it is answered without any
 * service: the HTTP functions refuse an unauthenticated call (after parsing config and the body), the worker
 * refuses an empty payload, the sweep builds its app and finds the database unreachable at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The environment every cold-start process gets (nothing reachable: 127.0.0.1:1 refuses at once). */
export const COLD_START_ENV: Record<string, string> = {
  MEMFRAG_REGION: 'ap-guangzhou',
  MEMFRAG_ALARM_TOKEN: 'bench-alarm-token-0123456789',
  MEMFRAG_API_KEY: 'bench-api-key-0123456789abcdef0123456789',
  MEMFRAG_DATABASE_URL: 'postgres://bench:bench@127.0.0.1:1/memfrag',
  MEMFRAG_TAT_ENDPOINT: 'http://127.0.0.1:1',
  TENCENTCLOUD_SECRETID: 'AKIDbenchColdStart',
  TENCENTCLOUD_SECRETKEY: 'benchColdStartKey',
  TENCENTCLOUD_RUNENV: 'SCF',
};

function alarmBody(): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'payloads', 'cm-metric-official.json'), 'utf8');
}

/** The event per function name (`alarm`, `invoke`, `sweep`, `worker`). */
export function coldStartEvent(fn: string): unknown {
  switch (fn) {
    case 'alarm':
      return {
        httpMethod: 'POST',
        path: '/alarm',
        headers: { 'content-type': 'application/json' },
        body: alarmBody(),
        isBase64Encoded: false,
      };
    case 'invoke':
      return { httpMethod: 'GET', path: '/runs', headers: {}, queryString: {}, body: '' };
    case 'sweep':
      return { Type: 'Timer', TriggerName: 'memfrag-sweep', Time: '2026-11-28T03:00:00Z', Message: '' };
    default:
      return {};
  }
}
