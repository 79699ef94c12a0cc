/** SCF `sweep` (timer): probe the fleet and remediate within budgets, or fan shards out to the worker. */
import middy from '@middy/core';
import { MARGINS, runSweep } from '../src/app/handlers';
import { answerInputErrors, requestLog } from '../src/app/requestLog';
import { scfHandler } from '../src/app/scfContext';

// the engine parks episodes longDeadlineMarginMs before the end; a timeout is retried and reconciles
export const main_handler = scfHandler(
  middy({ timeoutEarlyInMillis: MARGINS.longTimeoutEarlyMs })
    .use(requestLog('sweep'))
    .use(answerInputErrors())
    .handler(runSweep),
);
