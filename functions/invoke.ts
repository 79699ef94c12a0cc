/** SCF `invoke`: the manual runbook API (start a run, run and episode status, approve, history), HMAC-signed. */

import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { REPLAY_WINDOW_SECONDS } from '../src/adapters/http/auth';
import { bodyLimit, httpErrors, jsonBody, signatureAuth } from '../src/adapters/http/middleware';
import { currentApp, currentConfig } from '../src/app/appFromConfig';
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
        // each signature once, for as long as its timestamp could be accepted (both sides of the window)
        async (sig) => {
          const { store } = await currentApp();
          const ttl = 2 * REPLAY_WINDOW_SECONDS * 1000;
          return (await store.claimDedup(`sig:${sig}`, `req-${randomUUID()}`, ttl, Date.now())).claimed;
        },
      ),
    )
    .use(jsonBody({ optional: true }))
    .handler(answerApi),
);
