/**
 * `memfrag diagnose --instance ins-...`: runs the probe on instances through TAT and returns the raw task
 * results; the `diagnose` command parses and renders them.
 */
import { renderCommand } from '../../../runbooks/renderCommand';
import type { CloudEvent } from '../../adapters/cloud/cloudApi';
import type { CloudCredentials } from '../../adapters/cloud/credentials';
import { createTatExecutor } from '../../adapters/tat/tatExecutor';
import { InputError } from '../../errors';
import type { Executor, TaskResult } from '../../ports';

/** Options of `diagnoseInstances`; unset credentials and region come from the environment. */
export interface DiagnoseInstancesOptions {
  instanceIds: string[];
  region?: string;
  endpoint?: string;
  secretId?: string;
  secretKey?: string;
  /** seconds the probe may run on a node (default 30) */
  timeoutSeconds?: number;
  /** epoch ms to stop waiting at */
  deadline?: number;
  /** an executor to use instead of TAT (tests, `--local`) */
  executor?: Executor;
  log?: (event: CloudEvent | { event: string }) => void;
  env?: NodeJS.ProcessEnv;
}

const INSTANCE_ID = /^(ins|lhins)-[a-z0-9]{8}$/;

/** Runs the probe (with pagetypeinfo) on each instance and returns one result per instance, in order. */
export async function diagnoseInstances(
  opts: DiagnoseInstancesOptions,
): Promise<{ instanceId: string; result: TaskResult }[]> {
  if (opts.instanceIds.length === 0)
    throw new InputError('give at least one --instance', { field: 'instance' });
  for (const id of opts.instanceIds) {
    if (!INSTANCE_ID.test(id)) {
      throw new InputError(`invalid instance id ${JSON.stringify(id)}: expected ins-xxxxxxxx`, {
        field: 'instance',
      });
    }
  }
  const executor = opts.executor ?? tatExecutorFor(opts);
  const command = renderCommand('probe', { pagetypeinfo: true });
  const results = await executor.run(command, opts.instanceIds, {
    timeoutSeconds: opts.timeoutSeconds ?? 30,
    ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
  });
  return results.map((result) => ({ instanceId: result.instanceId, result }));
}

function tatExecutorFor(opts: DiagnoseInstancesOptions): Executor {
  const env = opts.env ?? process.env;
  const region = opts.region ?? env.TENCENTCLOUD_REGION;
  if (!region) throw new InputError('give --region or set TENCENTCLOUD_REGION', { field: 'region' });
  if (Boolean(opts.secretId) !== Boolean(opts.secretKey)) {
    throw new InputError('give both --secret-id and --secret-key, or neither', { field: 'secret-key' });
  }
  const credentials: CloudCredentials | undefined =
    opts.secretId && opts.secretKey ? { secretId: opts.secretId, secretKey: opts.secretKey } : undefined;
  return createTatExecutor({
    region,
    env,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
}
