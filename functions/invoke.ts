/** SCF `invoke`: the manual runbook API (start a run, run and episode status, approve, history), HMAC-signed. */
import middy from '@middy/core';
import { bodyLimit, httpErrors, jsonBody, signatureAuth } from '../src/adapters/http/middleware';
import { currentConfig } from '../src/app/appFromConfig';
import { answerApi, MARGINS } from '../src/app/handlers';
import { logFault, requestLog } from '../src/app/requestLog';
import { scfHandler } from '../src/app/scfContext';

// the engine stops starting stages apiDeadlineMarginMs before the end; timeoutEarly is the backstop
export const main_handler = scfHandler(
  middy({ timeoutEarlyInMillis: MARGINS.apiTimeoutEarlyMs })
    .use(requestLog('invoke'))
    .use(httpErrors(logFault('invoke')))
    .use(bodyLimit(1024 * 1024))
    .use(
      signatureAuth(
        () => currentConfig().apiKey,
        () => Math.floor(Date.now() / 1000),
      ),
    )
    .use(jsonBody({ optional: true }))
    .handler(answerApi),
);
