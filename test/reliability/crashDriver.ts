/**
 * A worker process for the crash tests: runs one episode on an emulated node against a SQLite store, then
 * exits. The parent kills it (SIGKILL) at a chosen point. Args: home endpoint secretId secretKey instanceId.
 */
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import { systemClock } from '../../src/ports';

const [home, endpoint, secretId, secretKey, instanceId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
delete process.env.http_proxy;
const store = await openStore({ home });
const executor = createTatExecutor({
  region: 'ap-guangzhou',
  endpoint,
  credentials: { secretId, secretKey },
  pollIntervalMs: { min: 30, max: 100 },
});
// a short lease: the parent's reconcile takes over once it has expired
const engine = createEngine({
  store,
  executor,
  clock: systemClock,
  config: engineConfig({ leaseTtlMs: 1_000, slotTtlMs: 1_000 }),
});
process.stdout.write('started\n');
const report = await engine.runEpisode({ instanceId, trigger: 'alarm', reason: 'crash test' });
process.stdout.write(`${JSON.stringify({ code: report.code, outcome: report.outcome })}\n`);
await store.close();
