/**
 * The one place where values cross between records and columns: JSON (jsonb or text), booleans
 * (boolean or 0/1) and epoch-ms times (bigint strings from PostgreSQL, numbers from SQLite).
 */
import type { Engine } from './schema';

/** Encoders for one engine; decoders accept what either engine returns. */
export interface Codec {
  json(value: unknown): string;
  text(value: string): string;
  jsonOrNull(value: unknown): string | null;
  bool(value: boolean): boolean | number;
}

/**
 * PostgreSQL refuses NUL in text and jsonb, and garbled probe output can carry one; it becomes U+FFFD on
 * both engines so a record reads back the same wherever it was stored (and is stored at all).
 */
export const NUL_STANDIN = '\uFFFD';

function noNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\0', NUL_STANDIN) : value;
}

/** The codec for `engine`: better-sqlite3 cannot bind booleans, so SQLite gets 0/1. */
export function codecFor(engine: Engine): Codec {
  return {
    json: (value) => JSON.stringify(value, noNul),
    text: (value) => value.replaceAll('\0', NUL_STANDIN),
    jsonOrNull: (value) => (value === null || value === undefined ? null : JSON.stringify(value, noNul)),
    bool: engine === 'sqlite' ? (value) => (value ? 1 : 0) : (value) => value,
  };
}

/** A JSON column back to its value: jsonb arrives parsed, text does not. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A nullable JSON column back to its value or null. */
export function readJsonOrNull<T>(value: unknown): T | null {
  return value === null || value === undefined ? null : readJson<T>(value);
}

/** A time column back to epoch ms (pg returns int8 as a string to avoid precision loss; ms fit a double). */
export function readTime(value: number | string | bigint): number {
  return Number(value);
}

/** A nullable time column back to epoch ms or null. */
export function readTimeOrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** A boolean column back to a boolean. */
export function readBool(value: boolean | number): boolean {
  return value === true || value === 1;
}
