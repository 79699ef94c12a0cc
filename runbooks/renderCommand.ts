/**
 * The only way to build a Command: a constant script plus a preamble of shell assignments whose keys come
 * from a per-script allow-list and whose values are validated enums, integers or our own ids.
 */
import { InputError } from '../src/errors';
import type { Command } from '../src/ports';
import { type ScriptName, scriptBody } from './scripts';

/** Our own ids (episode, stage): the only free-form strings that may reach a node. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

type Validator = (value: unknown, key: string) => string;

const id: Validator = (v, key) => {
  if (typeof v === 'string' && ID_PATTERN.test(v)) return v;
  throw new InputError(`${key} must match ${ID_PATTERN}`, { field: key });
};

const oneOf =
  (...allowed: number[]): Validator =>
  (v, key) => {
    if (typeof v === 'number' && allowed.includes(v)) return String(v);
    throw new InputError(`${key} must be one of ${allowed.join(', ')}`, { field: key });
  };

const flag: Validator = (v, key) => {
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new InputError(`${key} must be a boolean`, { field: key });
};

// `all` or a non-empty list of distinct NUMA node numbers (the kernel's MAX_NUMNODES is at most 1024)
const numaNodes: Validator = (v, key) => {
  if (v === 'all') return 'all';
  const ok =
    Array.isArray(v) &&
    v.length > 0 &&
    new Set(v).size === v.length &&
    v.every((n) => Number.isInteger(n) && n >= 0 && n < 1024);
  if (ok) return (v as number[]).join(' ');
  throw new InputError(`${key} must be 'all' or a list of distinct NUMA node numbers`, { field: key });
};

interface ParamSpec {
  validate: Validator;
  required: boolean;
}

const ALLOWED: Record<ScriptName, Record<string, ParamSpec>> = {
  probe: { pagetypeinfo: { validate: flag, required: false } },
  'drop-caches': {
    episode: { validate: id, required: true },
    stage: { validate: id, required: true },
    mode: { validate: oneOf(1, 2, 3), required: true },
    sync: { validate: flag, required: true },
  },
  compact: {
    episode: { validate: id, required: true },
    stage: { validate: id, required: true },
    nodes: { validate: numaNodes, required: true },
  },
};

/** Validated shell assignments, one per line (`MEMFRAG_MODE='3'`); throws InputError before any shell is involved. */
export function renderPreamble(script: ScriptName, params: Record<string, unknown>): string {
  const specs = ALLOWED[script];
  if (!specs) throw new InputError(`unknown script ${String(script)}`, { field: 'script' });
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(specs, key))
      throw new InputError(`${script} takes no parameter ${key}`, { field: key });
  }
  const lines: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const value = params[key];
    if (value === undefined) {
      if (spec.required) throw new InputError(`${script} needs parameter ${key}`, { field: key });
      continue;
    }
    // values are validated to [a-z0-9- ] only; the quotes are belt and braces
    lines.push(`MEMFRAG_${key.toUpperCase()}='${spec.validate(value, key)}'`);
  }
  return lines.join('\n');
}

/** Builds the command for `script` with validated `params`; the only producer of Command content. */
export function renderCommand(script: ScriptName, params: Record<string, unknown> = {}): Command {
  const preamble = renderPreamble(script, params);
  return { name: script, content: `#!/bin/sh\n${preamble}\n${scriptBody(script)}` };
}
