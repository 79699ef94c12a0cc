/** The flags every command that reaches nodes shares, and the executor they select. */
import type { Command } from 'commander';
import { createLocalExecutor } from '../adapters/local/localExecutor';
import { createTatExecutor } from '../adapters/tat/tatExecutor';
import { loadConfig } from '../config';
import type { Executor } from '../ports';

export interface TatFlags {
  endpoint?: string;
  region?: string;
  secretId?: string;
  secretKey?: string;
}

/** Adds `--endpoint --region --secret-id --secret-key` (the environment is the default). */
export function withTatOptions(cmd: Command): Command {
  return cmd
    .option(
      '--endpoint <url>',
      'TAT endpoint, e.g. the emulator http://127.0.0.1:9000 (env MEMFRAG_TAT_ENDPOINT)',
    )
    .option('--region <region>', 'region of the instances (env MEMFRAG_REGION / TENCENTCLOUD_REGION)')
    .option('--secret-id <id>', 'API key id (env TENCENTCLOUD_SECRETID)')
    .option('--secret-key <key>', 'API key (env TENCENTCLOUD_SECRETKEY)');
}

/** TatExecutor options from the flags, falling back to the configuration. */
export function tatOptions(flags: TatFlags) {
  const config = loadConfig();
  const endpoint = flags.endpoint ?? config.tatEndpoint;
  return {
    region: flags.region ?? config.region,
    ...(endpoint ? { endpoint } : {}),
    ...(flags.secretId && flags.secretKey
      ? { credentials: { secretId: flags.secretId, secretKey: flags.secretKey } }
      : {}),
    rateLimitPerSecond: config.rateLimitPerSecond,
  };
}

/** LocalExecutor for `--local`, else TatExecutor. */
export function executorFor(local: boolean, flags: TatFlags): Executor {
  return local ? createLocalExecutor() : createTatExecutor(tatOptions(flags));
}
