/** SCF `alarm`: Cloud Monitor / Alertmanager / EventBridge callbacks → episodes → worker, answered within 5 s. */
import middy from '@middy/core';
import { bodyLimit, httpErrors, jsonBody, tokenAuth } from '../src/adapters/http/middleware';
import { currentConfig } from '../src/app/appFromConfig';
import { answerAlarm, MARGINS } from '../src/app/handlers';
import { logFault, requestLog } from '../src/app/requestLog';
import { scfHandler } from '../src/app/scfContext';

// timeoutEarly fires inside the caller's 5 s (scfHandler caps the remaining time): a 500 it will retry
export const main_handler = scfHandler(
  middy({ timeoutEarlyInMillis: MARGINS.alarmTimeoutEarlyMs })
    .use(requestLog('alarm'))
    .use(httpErrors(logFault('alarm')))
    .use(bodyLimit(256 * 1024))
    .use(tokenAuth(() => currentConfig().alarmToken))
    .use(jsonBody())
    .handler(answerAlarm),
  { budgetMs: MARGINS.alarmBudgetMs },
);
