/**
 * The Store contract, run against each engine by its own test file: round-trips for every record type
 * (JSON, booleans, nulls, epoch-ms beyond 32 bits), filters, ordering, leases, slots and dedup.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../../src/ports';
import { coordinationContract } from './contract/coordination';
import { episodeContract } from './contract/episodes';
import { recordContract } from './contract/records';

/** Defines the contract tests; `open` gives the store on the engine under test (closed afterwards). */
export function storeContract(open: () => Promise<Store>): void {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });
  const get = () => store;
  episodeContract(get);
  recordContract(get);
  coordinationContract(get);
}
