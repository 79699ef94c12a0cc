/**
 * Hands work to another function asynchronously (SCF Invoke with InvocationType Event), through the same
 * limiter, retry and error mapping as the other cloud calls. The only file that imports the SCF client.
 */
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import type { InvokeRequest } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import { NonRetryableError } from '../../errors';
import type { Invoker } from '../../ports';
import { type CloudApiOptions, createCloudApi, type SdkClientClass } from './cloudApi';

/** Async event payloads are capped at 128 KB by SCF. */
export const ASYNC_EVENT_LIMIT = 128 * 1024;

/** An Invoker over SCF `Invoke` (InvocationType Event) in `namespace`. */
export function createScfInvoker(opts: CloudApiOptions & { namespace?: string }): Invoker {
  const scf = createCloudApi('scf', ScfClient as unknown as SdkClientClass, opts);
  return {
    async invokeAsync(functionName, payload) {
      const ClientContext = JSON.stringify(payload);
      if (Buffer.byteLength(ClientContext) > ASYNC_EVENT_LIMIT) {
        throw new NonRetryableError(`payload for ${functionName} is over SCF's 128 KB async event limit`);
      }
      const req: InvokeRequest = {
        FunctionName: functionName,
        InvocationType: 'Event',
        Namespace: opts.namespace ?? 'default',
        ClientContext,
      };
      // Invoke is a write: retried only when refused (throttled), never after a lost answer
      await scf.call('Invoke', req, 'write');
    },
  };
}
