/** SCF `worker` (async Invoke): one episode or one sweep shard, to the end or the deadline; idempotent. */
import middy from '@middy/core';
import { MARGINS, runWorker } from '../src/app/handlers';
import { answerInputErrors, requestLog } from '../src/app/requestLog';
import { scfHandler } from '../src/app/scfContext';

// bad payloads answer {ok:false} (no retry can fix them); faults throw, and SCF's async retries reconcile
export const main_handler = scfHandler(
  middy({ timeoutEarlyInMillis: MARGINS.longTimeoutEarlyMs })
    .use(requestLog('worker'))
    .use(answerInputErrors())
    .handler(runWorker),
);
