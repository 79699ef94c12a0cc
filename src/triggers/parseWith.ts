/** Turns a zod (mini) failure into one InputError that names the field, so callers get a clear 4xx. */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import '../zodEnglish';

/** Parses `input` with `schema` or throws an InputError naming the first bad field. */
export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String) : [];
  // an unknown key is reported on its parent: name the key itself, it is what the caller mistyped
  if (issue?.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  // no path: the body itself has the wrong shape (not an object, or empty)
  const field = path.length > 0 && path.join('.') !== '' ? path.join('.') : 'body';
  const message = issue?.message ?? 'invalid';
  throw new InputError(`${what}: ${field}: ${message}`, { field });
}

/** A string or a number, as Cloud Monitor sends either for the same field. */
export const looseString = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v) => String(v)),
);

/** Instance ids as CVM prints them. */
export const INSTANCE_ID = /^ins-[a-z0-9]{8}$/;
/** Dotted IPv4 (private addresses are what nodes are addressed by). */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
