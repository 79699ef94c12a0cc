/**
 * serverless.yml validated offline: the deploy CLI has no validate command and needs the network, so a
 * strict schema catches typos, bad runtimes, timeouts, 5-field crons and undocumented ${env:...} here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENV_DOCS } from '../../src/config';

const DEPLOY = join(__dirname, '../../deploy');
const FUNCTIONS = ['alarm', 'invoke', 'sweep', 'worker'];

const Apigw = z.strictObject({
  apigw: z.strictObject({
    parameters: z.strictObject({
      protocols: z.array(z.enum(['http', 'https'])).min(1),
      environment: z.enum(['release', 'test', 'prepub']),
      endpoints: z
        .array(
          z.strictObject({
            path: z.string().startsWith('/'),
            method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'ANY']),
          }),
        )
        .min(1),
    }),
  }),
});
const Timer = z.strictObject({
  timer: z.strictObject({
    parameters: z.strictObject({
      name: z.string().min(1),
      cronExpression: z
        .string()
        .refine(
          (c) => c.trim().split(/\s+/).length === 7,
          '7-field SCF cron: sec min hour day month week year',
        ),
      enable: z.boolean(),
    }),
  }),
});
const Yml = z.strictObject({
  app: z.string(),
  stage: z.string(),
  component: z.literal('scf'),
  name: z.string().regex(/^[a-z][a-z0-9-]{1,58}[a-z0-9]$/),
  inputs: z.strictObject({
    name: z.string(),
    src: z.strictObject({ src: z.string(), exclude: z.array(z.string()).optional() }),
    type: z.literal('event'),
    handler: z.literal('index.main_handler'),
    runtime: z.literal('Nodejs18.15'),
    region: z.string(),
    memorySize: z
      .number()
      .int()
      .refine((m) => m === 64 || (m >= 128 && m <= 3072 && m % 128 === 0)),
    timeout: z.number().int().min(1).max(900),
    role: z.string(),
    description: z.string().max(1000),
    environment: z.strictObject({
      variables: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.string()),
    }),
    vpcConfig: z.strictObject({ vpcId: z.string(), subnetId: z.string() }),
    events: z.array(z.union([Apigw, Timer])).optional(),
  }),
});

const read = (fn: string) => readFileSync(join(DEPLOY, fn, 'serverless.yml'), 'utf8');

describe('deploy/*/serverless.yml', () => {
  it('has one scf instance per function and nothing else', () => {
    expect(
      readdirSync(DEPLOY)
        .filter((d) => existsSync(join(DEPLOY, d, 'serverless.yml')))
        .sort(),
    ).toEqual(FUNCTIONS);
  });

  it.each(FUNCTIONS)('%s passes the strict schema and points at its bundle', (fn) => {
    const doc = parse(read(fn));
    const r = Yml.safeParse(doc);
    expect(r.success ? '' : z.prettifyError(r.error)).toBe('');
    expect(doc.inputs.src.src).toBe(`../../dist/${fn}`);
    const entry = join(__dirname, '../../functions', `${fn}.ts`);
    expect(existsSync(entry), `functions/${fn}.ts exists`).toBe(true);
  });

  it('documents every ${env:...} in deploy/.env.example and every MEMFRAG_ one in the config table', () => {
    const example = readFileSync(join(DEPLOY, '.env.example'), 'utf8');
    for (const fn of FUNCTIONS) {
      for (const [, name] of read(fn).matchAll(/\$\{env:([A-Z0-9_]+)\}/g)) {
        expect(example, `${name} in deploy/.env.example`).toMatch(new RegExp(`^${name}=`, 'm'));
        const deployOnly = ['STAGE', 'MEMFRAG_ROLE', 'MEMFRAG_VPC_ID', 'MEMFRAG_SUBNET_ID'];
        if (!deployOnly.includes(name!)) expect(ENV_DOCS, `${name} in ENV_DOCS`).toHaveProperty(name!);
      }
    }
  });

  it('runs the sweep on a 7-field cron and catches a 5-field one', () => {
    const sweep = parse(read('sweep'));
    expect(Yml.safeParse(sweep).success).toBe(true);
    sweep.inputs.events[0].timer.parameters.cronExpression = '*/15 * * * *';
    sweep.inputs.timout = 10;
    const r = Yml.safeParse(sweep);
    expect(r.success).toBe(false);
    const msg = r.success ? '' : z.prettifyError(r.error);
    expect(msg).toContain('7-field');
    expect(msg).toContain('timout');
  });
});

describe('deploy/cam-policy.json', () => {
  it('grants only the actions memfrag calls, and InvokeFunction only on its own worker', () => {
    const policy = JSON.parse(readFileSync(join(DEPLOY, 'cam-policy.json'), 'utf8'));
    const actions = policy.statement.flatMap((s: { action: string[] }) => s.action).sort();
    expect(actions).toEqual([
      'cvm:DescribeInstances',
      'scf:InvokeFunction',
      'tat:CancelInvocation',
      'tat:DescribeAutomationAgentStatus',
      'tat:DescribeInvocationTasks',
      'tat:RunCommand',
      'tke:DescribeClusterInstances',
    ]);
    const invoke = policy.statement.find((s: { action: string[] }) =>
      s.action.includes('scf:InvokeFunction'),
    );
    expect(invoke.resource).toEqual([
      'qcs::scf:${region}:uin/${uin}:namespace/default/function/memfrag-worker-*',
    ]);
  });
});

describe('safety settings reach the functions that act', () => {
  it.each(['sweep', 'worker', 'alarm', 'invoke'])('%s gets every safety variable', (fn) => {
    const vars = parse(read(fn)).inputs.environment.variables as Record<string, string>;
    for (const name of [
      'MEMFRAG_DATABASE_URL',
      'MEMFRAG_MAINTENANCE_WINDOWS',
      'MEMFRAG_DRY_RUN',
      'MEMFRAG_ATTEMPT_LIMIT',
      'MEMFRAG_COOLDOWN_MINUTES',
      'MEMFRAG_REQUIRE_APPROVAL',
      'MEMFRAG_APPROVAL_TIMEOUT_MINUTES',
      'MEMFRAG_MAX_CONCURRENT_COMPACTIONS',
    ]) {
      expect(vars, `${fn}: ${name}`).toHaveProperty(name);
    }
  });
});
