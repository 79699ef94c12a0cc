/** Routes an alarm body of any supported kind to its normalizer. */
import { InputError } from '../errors';
import { fromAlertmanager, looksLikeAlertmanager } from './alertmanager';
import { fromCloudMonitor, looksLikeCloudMonitor } from './cloudMonitor';
import { fromEventBridge, looksLikeCloudEvent } from './eventBridge';
import type { RemediationRequest } from './request';

/** Cloud Monitor callback, Alertmanager webhook or CloudEvent → requests (one per alerted node). */
export function normalizeAlarm(body: unknown): RemediationRequest[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('body: expected a JSON object', { field: 'body' });
  }
  if (looksLikeCloudEvent(body)) return [fromEventBridge(body)];
  if (looksLikeAlertmanager(body)) return fromAlertmanager(body);
  if (looksLikeCloudMonitor(body)) return [fromCloudMonitor(body)];
  throw new InputError(
    'body: not a Cloud Monitor alarm callback, an Alertmanager webhook (version 4) or a CloudEvent',
    { field: 'body' },
  );
}
