/**
 * A separate process for the SQLite concurrency test. It says `listening`, waits for `open` on stdin and opens (and so
 * migrates) the store in `home`, says `ready`, waits for `go`, races for leases `k0..k<n-1>` and for one
 * of 2 slots of `pool` as `holder`, and prints what it won as JSON.
 * Usage: node --import tsx leaseRacer.ts <home> <holder> <n>
 */
import { createInterface } from 'node:readline';
import { openStore } from '../../../src/adapters/store/openStore';

const [home, holder, n] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('listening\n');
await lines.next(); // open
const store = await openStore({ home: home! });
process.stdout.write('ready\n');
await lines.next(); // go
const leases: string[] = [];
let slots = 0;
for (let k = 0; k < Number(n); k++) {
  if (await store.acquireLease(`k${k}`, holder!, 60_000, 1_790_000_000_000)) leases.push(`k${k}`);
  if (await store.acquireSlot('pool', holder!, 2, 60_000, 1_790_000_000_000 + k)) slots++;
}
await store.close();
process.stdout.write(`${JSON.stringify({ leases, slots })}\n`);
process.exit(0); // stdin may still be open
