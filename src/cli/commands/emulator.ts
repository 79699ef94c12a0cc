import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { type FleetSpec, FleetSpecSchema } from '../../emulator/fleetSpec';
import { startEmulator } from '../../emulator/startEmulator';

function int(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}].`);
    }
    return n;
  };
}

/** Reads and validates a fleet spec JSON file; one clear line on failure. */
export function readFleetFile(path: string): FleetSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`cannot read fleet file ${path}: ${(e as Error).message}`);
  }
  const parsed = FleetSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(`invalid fleet file ${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return json as FleetSpec;
}

interface EmulatorFlags {
  port: number;
  nodes: number;
  fleet?: FleetSpec;
  secretId?: string;
  secretKey?: string;
  seed: number;
  json?: boolean;
}

/** `memfrag emulator`: a TAT API emulator on 127.0.0.1 serving an emulated fleet until interrupted. */
export function emulatorCommand(): Command {
  return new Command('emulator')
    .description('run a TAT API emulator on 127.0.0.1 with an emulated fleet')
    .addHelpText(
      'after',
      '\nExamples:\n  memfrag emulator --port 9000 --nodes 200\n  memfrag emulator --port 9000 --fleet src/emulator/fleet.example.json',
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', int('port', 0, 65535), 0)
    .option(
      '--nodes <n>',
      'number of healthy emulated instances (without --fleet)',
      int('nodes', 1, 100_000),
      3,
    )
    .option(
      '--fleet <file>',
      'fleet spec JSON file (groups of instances with states and faults)',
      readFleetFile,
    )
    .option('--secret-id <id>', 'SecretId the emulator accepts')
    .option('--secret-key <key>', 'SecretKey the emulator accepts')
    .option('--seed <n>', 'seed for instance ids and node models', int('seed', 0, 2 ** 31 - 1), 1)
    .option('--json', 'print the connection details as one JSON line')
    .action(async (flags: EmulatorFlags) => {
      const emu = await startEmulator({
        port: flags.port,
        nodes: flags.nodes,
        seed: flags.seed,
        ...(flags.fleet ? { fleet: flags.fleet } : {}),
        ...(flags.secretId ? { secretId: flags.secretId } : {}),
        ...(flags.secretKey ? { secretKey: flags.secretKey } : {}),
      });
      const info = {
        endpoint: emu.endpoint,
        region: emu.region,
        secretId: emu.secretId,
        secretKey: emu.secretKey,
        instances: emu.instanceIds.length,
        firstInstances: emu.instanceIds.slice(0, 5),
      };
      if (flags.json) console.log(JSON.stringify(info));
      else {
        console.log(`TAT emulator listening on ${info.endpoint} (region ${info.region})`);
        console.log(
          `instances: ${info.instances} (${info.firstInstances.join(' ')}${info.instances > 5 ? ' ...' : ''})`,
        );
        console.log(
          `--endpoint ${info.endpoint} --region ${info.region} --secret-id ${info.secretId} --secret-key ${info.secretKey}`,
        );
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emu.close();
    });
}
