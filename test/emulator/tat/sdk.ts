import tcException from 'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception';
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tat/v20201028/tat_client';
import type { InvocationTask } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tat/v20201028/tat_models';
import type { Emulator } from '../../../src/emulator/startEmulator';

// the SDK routes every request through http_proxy when it is set, even to loopback
delete process.env.http_proxy;

type Ctor = new (...a: unknown[]) => Error;
/** The SDK's exception class (depending on the loader, the CJS default arrives wrapped or not). */
export const SdkError: Ctor =
  (tcException as unknown as { default?: Ctor }).default ?? (tcException as unknown as Ctor);

/** A real SDK client pointed at the emulator. */
export function tatClient(emu: Emulator, creds: { secretId?: string; secretKey?: string } = {}): Client {
  return new Client({
    credential: { secretId: creds.secretId ?? emu.secretId, secretKey: creds.secretKey ?? emu.secretKey },
    region: emu.region,
    profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: 'http://', reqTimeout: 30 } },
  });
}

/** The `code` of the SDK exception a call rejects with. */
export async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
}

/** Base64 of a script. */
export const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Polls an invocation's tasks until none is in `states`; returns them (with output). */
export async function waitTasks(
  client: Client,
  invocationId: string,
  until: (tasks: InvocationTask[]) => boolean = (ts) => ts.every((t) => !OPEN.has(t.TaskStatus ?? '')),
  timeoutMs = 20_000,
): Promise<InvocationTask[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.DescribeInvocationTasks({
      Filters: [{ Name: 'invocation-id', Values: [invocationId] }],
      HideOutput: false,
      Limit: 100,
    });
    const tasks = r.InvocationTaskSet ?? [];
    if (until(tasks)) return tasks;
    if (Date.now() > end) throw new Error(`tasks still open: ${tasks.map((t) => t.TaskStatus).join(',')}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const OPEN = new Set(['PENDING', 'DELIVERING', 'DELIVER_DELAYED', 'RUNNING', 'CANCELLING']);

/** Decoded output of a task. */
export const outputOf = (t: InvocationTask): string =>
  Buffer.from(t.TaskResult?.Output ?? '', 'base64').toString();
