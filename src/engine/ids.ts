/** Ids we mint: lowercase, so they pass the runbook id pattern and may reach a node as a marker name. */
import { randomUUID } from 'node:crypto';

/** A new id `prefix-<uuid>` (at most 64 chars for prefixes up to 27 chars). */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
