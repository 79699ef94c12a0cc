/**
 * `memfrag diagnose --file PATH | --local [--order N] [--json]`: reads evidence (a file of any supported
 * kind, or probe.sh run on this host), evaluates it, and prints the diagnosis. Exit 0 whatever the verdict.
 */
import { readFileSync, statSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { renderCommand } from '../../runbooks/renderCommand';
import { createLocalExecutor, LOCAL_INSTANCE_ID } from '../adapters/local/localExecutor';
import { evaluate } from '../domain/evaluate';
import { evidenceFromText } from '../domain/evidenceFromText';
import { parseProbeReport } from '../domain/parseProbeReport';
import { defaultRules, type Rules } from '../domain/rules';
import type { Diagnosis, Evidence } from '../domain/types';
import { Verdict } from '../domain/types';
import { InputError } from '../errors';
import type { TaskResult } from '../ports';
import { diagnoseInstances } from './commands/diagnoseInstance';
import { renderDiagnosis } from './renderDiagnosis';
import { useColor } from './renderStyle';
import { FailOn, parseFailOn } from './runProgram';

/** Largest order any supported arch prints (arm64 with 64K pages: orders 0..13). */
const MAX_ORDER = 13;
/** A file bigger than this is not a /proc snapshot or a log excerpt we should hold in memory. */
const MAX_INPUT_BYTES = 64 * 2 ** 20;
const PROBE_TIMEOUT_SECONDS = 60;

interface DiagnoseFlags {
  file?: string;
  local?: boolean;
  instance?: string[];
  endpoint?: string;
  region?: string;
  secretId?: string;
  secretKey?: string;
  failOn?: string;
  order?: number;
  json?: boolean;
}

/** `--order`: an integer 0..13, else a commander error naming the option. */
export function parseOrder(value: string): number {
  if (!/^\d{1,2}$/.test(value) || Number(value) > MAX_ORDER) {
    throw new InvalidArgumentError(`--order must be an integer from 0 to ${MAX_ORDER}`);
  }
  return Number(value);
}

/** Reads an input file; every failure is an InputError with one readable line. */
export function readInputFile(path: string): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`cannot read ${path}: it is a directory`, { field: 'file' });
    if (st.size > MAX_INPUT_BYTES) {
      throw new InputError(`cannot read ${path}: ${st.size} bytes is more than ${MAX_INPUT_BYTES}`, {
        field: 'file',
      });
    }
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`cannot read ${path}: ${why}`, { field: 'file', cause: e });
  }
}

/** The evidence in a file; text of no known kind or garbled text is an InputError naming the line. */
export function evidenceFromFile(path: string): Evidence {
  const parsed = evidenceFromText(readInputFile(path));
  if (parsed.ok) return parsed.value;
  const { message, line, text } = parsed.error;
  throw new InputError(`${path} ${message}${line > 0 ? ` (line ${line}: ${text})` : ''}`, { field: 'file' });
}

/** Runs probe.sh on this host (with pagetypeinfo when root, since it is root-only) and reads its report. */
export async function evidenceFromLocalProbe(): Promise<Evidence> {
  const isRoot = process.getuid?.() === 0;
  const command = renderCommand('probe', isRoot ? { pagetypeinfo: true } : {});
  const [result] = await createLocalExecutor().run(command, [LOCAL_INSTANCE_ID], {
    timeoutSeconds: PROBE_TIMEOUT_SECONDS,
  });
  const output = result?.output ?? '';
  const parsed = parseProbeReport(output);
  if (!parsed.ok) throw new InputError(`the local probe printed a garbled report: ${parsed.error.message}`);
  const evidence = parsed.value;
  if (result && result.outcome !== 'success') {
    evidence.problems.push(`the local probe ${result.error ?? result.outcome}`);
    evidence.complete = false;
  }
  return evidence;
}

/** Evidence from one TAT task: its report, or an untrusted empty one saying why there is none. */
export function evidenceFromTask(result: TaskResult): Evidence {
  const parsed = result.output ? parseProbeReport(result.output) : null;
  const evidence: Evidence = parsed?.ok
    ? parsed.value
    : { source: 'probe-report', buddyinfo: [], complete: false, problems: [] };
  if (parsed && !parsed.ok)
    evidence.problems.push(`the probe printed a garbled report: ${parsed.error.message}`);
  if (result.outcome !== 'success') {
    evidence.problems.push(`the probe ${result.outcome}${result.error ? `: ${result.error}` : ''}`);
    evidence.complete = false;
  }
  if (!result.outputComplete && result.outcome === 'success') {
    evidence.problems.push(`the probe output was cut (${result.dropped} bytes dropped)`);
    evidence.complete = false;
  }
  return evidence;
}

async function diagnoseRemote(flags: DiagnoseFlags, rules: Rules): Promise<void> {
  const results = await diagnoseInstances({
    instanceIds: flags.instance ?? [],
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    ...(flags.secretId ? { secretId: flags.secretId } : {}),
    ...(flags.secretKey ? { secretKey: flags.secretKey } : {}),
  });
  const color = useColor(process.stdout, process.env);
  const out = results.map(({ instanceId, result }) => {
    const evidence = evidenceFromTask(result);
    return { instanceId, evidence, diagnosis: evaluate(evidence, rules) };
  });
  if (flags.json) {
    const json = out.map((o) => ({ instanceId: o.instanceId, ...diagnosisJson(o.diagnosis, o.evidence) }));
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const o of out)
      process.stdout.write(renderDiagnosis(o.diagnosis, o.evidence, { color, origin: o.instanceId }));
  }
  failOn(
    flags,
    out.map((o) => ({ who: o.instanceId, verdict: o.diagnosis.verdict })),
  );
}

/** Exits 1 (after printing) when a verdict is one `--fail-on` names. */
function failOn(flags: DiagnoseFlags, verdicts: { who: string; verdict: Verdict }[]): void {
  if (!flags.failOn) return;
  const wanted = parseFailOn(flags.failOn, Object.values(Verdict), [Verdict.Healthy]);
  const hit = verdicts.filter((v) => wanted.includes(v.verdict));
  if (hit.length > 0) throw new FailOn(`--fail-on: ${hit.map((h) => `${h.who} is ${h.verdict}`).join(', ')}`);
}

/** The rules for this run: the defaults, with `--order` as the target order when given. */
function rulesFor(order: number | undefined): Rules {
  // --order is validated above; 0 (is any page free at all) is outside the rule file's 1..13 on purpose
  return order === undefined ? defaultRules : { ...defaultRules, targetOrder: order };
}

/** The JSON form: the diagnosis, plus what the input was and why it may not be trusted. */
export function diagnosisJson(d: Diagnosis, ev: Evidence): Record<string, unknown> {
  const input: Record<string, unknown> = { source: ev.source, complete: ev.complete, problems: ev.problems };
  for (const key of ['kernel', 'hostname', 'pageSize', 'takenAt'] as const) {
    if (ev[key] !== undefined) input[key] = ev[key];
  }
  const { verdict, targetOrder, ...rest } = d;
  // verdict first: it is what a reader (or jq) looks for
  return { verdict, targetOrder, ...rest, input };
}

/** Builds the `diagnose` command. */
export function diagnoseCommand(): Command {
  return new Command('diagnose')
    .description(
      'diagnose memory fragmentation from a file (buddyinfo, probe report, kernel log, pagetypeinfo) or this host',
    )
    .option('--file <path>', 'read evidence from this file; its kind is detected')
    .option('--local', 'run the probe on this host (with pagetypeinfo when root)')
    .option('--instance <id...>', 'run the probe on these instances through TAT (JSON: one array)')
    .option('--endpoint <url>', 'TAT endpoint, e.g. the emulator http://127.0.0.1:9000')
    .option('--region <region>', 'region of the instances (env TENCENTCLOUD_REGION)')
    .option('--secret-id <id>', 'API key id (env TENCENTCLOUD_SECRETID)')
    .option('--secret-key <key>', 'API key (env TENCENTCLOUD_SECRETKEY)')
    .option(
      '--order <n>',
      `judge allocations of 2^n pages (0..${MAX_ORDER}); default: from the log, else 4`,
      parseOrder,
    )
    .option('--json', 'print the diagnosis as JSON')
    .option(
      '--fail-on <verdicts>',
      'exit 1 when the verdict is one of these (e.g. fragmented,unmovable, or any)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  memfrag diagnose --file buddyinfo.txt --order 6\n  memfrag diagnose --local --json\n  memfrag diagnose --instance ins-abcd1234 --endpoint http://127.0.0.1:9000',
    )
    .action(async (flags: DiagnoseFlags) => {
      if ([flags.file, flags.local, flags.instance].filter(Boolean).length !== 1) {
        throw new InputError('diagnose needs exactly one of --file PATH, --local or --instance ID...', {
          field: 'file',
        });
      }
      if (flags.instance) return diagnoseRemote(flags, rulesFor(flags.order));
      const evidence = flags.file ? evidenceFromFile(flags.file) : await evidenceFromLocalProbe();
      const diagnosis = evaluate(evidence, rulesFor(flags.order));
      const origin = flags.file ?? 'this host';
      const text = flags.json
        ? `${JSON.stringify(diagnosisJson(diagnosis, evidence), null, 2)}\n`
        : renderDiagnosis(diagnosis, evidence, { color: useColor(process.stdout, process.env), origin });
      process.stdout.write(text);
      failOn(flags, [{ who: origin, verdict: diagnosis.verdict }]);
    });
}
