'use strict';
/**
 * Cold-start probe, run as `node invokeOnce.cjs HANDLER EVENT_JSON`: requires the handler module, calls its
 * `main_handler` once with the event, and prints one JSON line with the two times. Plain CommonJS so the
 * same file runs on Node 18.15 (SCF's runtime) and Node 20.
 */
const { readFileSync } = require('node:fs');

const [handlerPath, eventPath] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const ms = (a, b) => Number(b - a) / 1e6;

const beforeRequire = process.hrtime.bigint();
const handler = require(handlerPath);
const afterRequire = process.hrtime.bigint();

function summary(res, err) {
  if (err) return { error: `${err.name}: ${String(err.message).slice(0, 200)}` };
  if (res && typeof res === 'object' && 'statusCode' in res) return { statusCode: res.statusCode };
  return { answer: JSON.stringify(res).slice(0, 200) };
}

function report(res, err) {
  const done = process.hrtime.bigint();
  const line = {
    requireMs: ms(beforeRequire, afterRequire),
    invokeMs: ms(afterRequire, done),
    uptimeMs: process.uptime() * 1000,
    result: summary(res, err),
  };
  process.stdout.write(`\n${JSON.stringify(line)}\n`);
  // pools and timers of the handler must not keep the probe alive
  process.exit(0);
}

Promise.resolve()
  .then(() => handler.main_handler(event, { request_id: 'bench-cold-start', time_limit_in_ms: 900000 }))
  .then(
    (res) => report(res),
    (err) => report(undefined, err),
  );
