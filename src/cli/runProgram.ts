/**
 * Runs a commander program with one error policy for every command: bad usage or bad input -> exit 2 with
 * one line on stderr; any other failure -> exit 1 with one line; never a stack trace.
 */
import { type Command, CommanderError } from 'commander';
import { InputError } from '../errors';

/** Exit code for bad usage and unreadable or unrecognised input. */
export const EXIT_USAGE = 2;
/** Exit code for a failure that is not the caller's fault. */
export const EXIT_FAILURE = 1;

/** Exit code when the command ran and found what `--fail-on` asked to fail on. */
export const EXIT_FOUND = 1;

/** Thrown by a command that completed but must exit non-zero (`--fail-on`); carries a one-line reason. */
export class FailOn extends Error {
  override readonly name = 'FailOn';
}

/** `--fail-on a,b` parsed against the allowed words; `any` stands for every word but `except`. */
export function parseFailOn(
  raw: string,
  allowed: readonly string[],
  except: readonly string[] = [],
): string[] {
  const words = raw
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.includes('any')) return allowed.filter((w) => !except.includes(w));
  for (const w of words) {
    if (!allowed.includes(w))
      throw new InputError(`--fail-on: unknown value "${w}" (${[...allowed, 'any'].join(', ')})`);
  }
  return words;
}

/** The program and every subcommand below it. */
function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** Makes commander throw instead of exiting and print its errors as `memfrag: ...` lines. */
function configure(program: Command, writeErr: (s: string) => void): void {
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeErr,
      outputError: (str, write) => write(`memfrag: ${str.replace(/^error: /, '').trimEnd()}\n`),
    });
  }
}

/** One line for an unexpected error: its message only, first line. */
function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? 'unknown error';
}

/** Parses `argv` (node-style, with the two leading entries) and runs the command; resolves to an exit code. */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  writeErr: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  configure(program, writeErr);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" exit 0; commander has already printed its message
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof FailOn) {
      writeErr(`memfrag: ${oneLine(e)}\n`);
      return EXIT_FOUND;
    }
    writeErr(`memfrag: ${oneLine(e)}\n`);
    return e instanceof InputError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
