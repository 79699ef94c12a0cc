import { apiError } from './apiError';

/** Readers for request parameters that fail the way the service does (codes of §1.2 / §1.6). */

/** A request body, as parsed JSON. */
export type Params = Record<string, unknown>;

/** Refuses parameters the action does not know (UnknownParameter). */
export function rejectUnknown(p: Params, known: readonly string[]): void {
  for (const k of Object.keys(p)) {
    if (!known.includes(k)) throw apiError('UnknownParameter', `The parameter \`${k}\` is not recognized.`);
  }
}

/** An optional string parameter. */
export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw apiError('InvalidParameter', `The parameter \`${name}\` must be a string.`);
  return v;
}

/** A required string parameter (MissingParameter when absent or empty). */
export function reqString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined || v === '') {
    throw apiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
  }
  return v;
}

/** An optional integer parameter. */
export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw apiError('InvalidParameter', `The parameter \`${name}\` must be an integer.`);
  }
  return v;
}

/** An optional boolean parameter. */
export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw apiError('InvalidParameter', `The parameter \`${name}\` must be a boolean.`);
  return v;
}

/** An optional array of strings, at most `max` long (InvalidParameterValue.LimitExceeded beyond). */
export function optStringList(p: Params, name: string, max: number): string[] | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw apiError('InvalidParameter', `The parameter \`${name}\` must be an array of strings.`);
  }
  if (v.length > max) {
    throw apiError(
      'InvalidParameterValue.LimitExceeded',
      `The parameter \`${name}\` holds more than ${max} items.`,
    );
  }
  return v as string[];
}

/** Checks every id against `prefix-` + 8 lowercase alphanumerics. */
export function checkIds(ids: readonly string[], prefix: string, code: string): void {
  const re = new RegExp(`^${prefix}-[a-z0-9]{8}$`);
  for (const id of ids) {
    if (!re.test(id)) throw apiError(code, `The id \`${id}\` is invalid.`);
  }
}

/** A validated filter. */
export interface Filter {
  Name: string;
  Values: string[];
}

/** Reads `Filters`: ≤10 filters of ≤5 values each, names from `allowed`, exclusive with the id list. */
export function optFilters(p: Params, allowed: readonly string[], idsParam: string): Filter[] | undefined {
  const v = p.Filters;
  if (v === undefined || v === null) return undefined;
  if (p[idsParam] !== undefined && p[idsParam] !== null) {
    throw apiError(
      'InvalidParameter.ConflictParameter',
      `\`${idsParam}\` and \`Filters\` cannot be used together.`,
    );
  }
  if (!Array.isArray(v)) throw apiError('InvalidParameter', 'The parameter `Filters` must be an array.');
  if (v.length > 10) throw apiError('InvalidParameterValue.LimitExceeded', 'At most 10 filters are allowed.');
  return v.map((f: unknown) => readFilter(f, allowed));
}

function readFilter(f: unknown, allowed: readonly string[]): Filter {
  const { Name, Values } = (f ?? {}) as { Name?: unknown; Values?: unknown };
  if (typeof Name !== 'string' || !Array.isArray(Values) || Values.some((x) => typeof x !== 'string')) {
    throw apiError('InvalidParameter', 'Each filter needs a string `Name` and string `Values`.');
  }
  if (!allowed.includes(Name)) {
    throw apiError('InvalidParameterValue.InvalidFilter', `The filter name \`${Name}\` is invalid.`);
  }
  if (Values.length > 5) {
    throw apiError('LimitExceeded.FilterValueExceeded', `The filter \`${Name}\` has more than 5 values.`);
  }
  return { Name, Values: Values as string[] };
}

/** `Limit` (default 20, 1..100) and `Offset` (default 0, ≥0). */
export function paging(p: Params): { limit: number; offset: number } {
  const limit = optInt(p, 'Limit') ?? 20;
  const offset = optInt(p, 'Offset') ?? 0;
  if (limit < 1 || limit > 100) {
    throw apiError('InvalidParameterValue.LimitExceeded', `Limit must be within [1, 100], got ${limit}.`);
  }
  if (offset < 0) throw apiError('InvalidParameterValue', `Offset must not be negative, got ${offset}.`);
  return { limit, offset };
}

/** Keeps the items matching every filter (values within a filter OR together). */
export function applyFilters<T>(
  items: readonly T[],
  filters: readonly Filter[] | undefined,
  field: (item: T, name: string) => string | undefined,
): T[] {
  if (!filters) return [...items];
  return items.filter((it) => filters.every((f) => f.Values.includes(field(it, f.Name) ?? '')));
}
