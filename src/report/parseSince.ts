/** `--since`: an ISO date or date-time (UTC unless it names a zone) or a relative age like `24h` or `7d`. */
import { InputError } from '../errors';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The default window: the last 24 hours. */
export const DEFAULT_SINCE = '24h';

function bad(raw: string, why: string): never {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
  throw new InputError(
    `--since ${why}: got "${shown}" (expected e.g. 24h, 7d, 2026-11-28 or 2026-11-28T06:00Z)`,
    {
      field: 'since',
    },
  );
}

/** Epoch ms of the start of the window, relative to `now`. */
export function parseSince(raw: string, now: number): number {
  const value = raw.trim();
  const rel = value.match(/^(\d{1,5})([mhdw])$/);
  if (rel) {
    const n = Number(rel[1]);
    if (n === 0) bad(raw, 'must be a positive age');
    return now - n * (UNIT_MS[rel[2] as string] ?? 0);
  }
  const iso = value.match(ISO);
  if (!iso) bad(raw, 'is neither an ISO date nor a relative age');
  // a date-time without a zone is UTC, like every time the report prints
  const text = value.replace(' ', 'T');
  const at = Date.parse(iso[1] !== undefined || !text.includes('T') ? text : `${text}Z`);
  // Date.parse rolls 2026-02-30 over into March; a real date reads back the same day
  if (Number.isNaN(at)) bad(raw, 'is not a real date');
  if (iso[1] === undefined && !new Date(at).toISOString().startsWith(text.slice(0, 10)))
    bad(raw, 'is not a real date');
  if (at > now) bad(raw, 'is in the future');
  return at;
}
