import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { b64, outputOf, tatClient, waitTasks } from './sdk';

const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('TAT emulator actions through the real SDK', () => {
  let emu: Emulator;
  let ids: string[];
  beforeAll(async () => {
    emu = await startEmulator({
      rateLimitPerSecond: 10_000,
      latencies: { pendingMs: 150, deliveringMs: 50 },
      fleet: {
        groups: [
          { count: 3, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { agent: 'offline' } },
        ],
      },
    });
    ids = emu.instanceIds.slice(0, 3);
  });
  afterAll(() => emu.close());

  it('runs a command on each instance and reports PENDING, then SUCCESS with merged output', async () => {
    const client = tatClient(emu);
    const run = await client.RunCommand({
      Content: b64('echo out; echo err >&2; echo "root=$MEMFRAG_ROOT"; pwd'),
      InstanceIds: ids,
      CommandName: 'hello',
    });
    expect(run.CommandId).toMatch(/^cmd-[a-z0-9]{8}$/);
    expect(run.InvocationId).toMatch(/^inv-[a-z0-9]{8}$/);
    const early = await client.DescribeInvocations({ InvocationIds: [run.InvocationId ?? ''] });
    expect(early.InvocationSet?.[0]?.InvocationStatus).toBe('PENDING');
    const tasks = await waitTasks(client, run.InvocationId ?? '');
    expect(tasks.map((t) => t.TaskStatus)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    for (const t of tasks) {
      const tree = emu.node(t.InstanceId ?? '').treeDir;
      expect(outputOf(t)).toBe(`out\nerr\nroot=${tree}\n${tree}/root\n`);
      expect(t.TaskResult?.ExitCode).toBe(0);
      expect(t.TaskResult?.Dropped).toBe(0);
      expect(t.TaskResult?.ExecStartTime).toMatch(TIME_RE);
      expect(t.CommandDocument?.Content).toBe(b64('echo out; echo err >&2; echo "root=$MEMFRAG_ROOT"; pwd'));
    }
    const inv = (await client.DescribeInvocations({ InvocationIds: [run.InvocationId ?? ''] }))
      .InvocationSet?.[0];
    expect(inv).toMatchObject({
      InvocationStatus: 'SUCCESS',
      CommandName: 'hello',
      InstanceKind: 'CVM',
      Timeout: 60,
    });
    expect(inv?.InvocationTaskBasicInfoSet?.map((b) => b.InstanceId).sort()).toEqual([...ids].sort());
    expect(inv?.EndTime).toMatch(TIME_RE);
  });

  it('hides output unless HideOutput is false', async () => {
    const client = tatClient(emu);
    const run = await client.RunCommand({ Content: b64('echo secret'), InstanceIds: [ids[0] ?? ''] });
    await waitTasks(client, run.InvocationId ?? '');
    const hidden = await client.DescribeInvocationTasks({
      Filters: [{ Name: 'invocation-id', Values: [run.InvocationId ?? ''] }],
    });
    expect(hidden.InvocationTaskSet?.[0]?.TaskResult?.Output).toBe('');
    const taskId = hidden.InvocationTaskSet?.[0]?.InvocationTaskId ?? '';
    const shown = await client.DescribeInvocationTasks({ InvocationTaskIds: [taskId], HideOutput: false });
    expect(outputOf(shown.InvocationTaskSet?.[0] ?? {})).toBe('secret\n');
  });

  it('creates a command and invokes it with parameters and overrides', async () => {
    const client = tatClient(emu);
    const created = await client.CreateCommand({
      CommandName: 'greet',
      Content: b64('echo "hello {{who}} in $(pwd)"'),
      EnableParameter: true,
      DefaultParameters: '{"who":"world"}',
      Timeout: 30,
    });
    const a = await client.InvokeCommand({ CommandId: created.CommandId ?? '', InstanceIds: [ids[0] ?? ''] });
    const b = await client.InvokeCommand({
      CommandId: created.CommandId ?? '',
      InstanceIds: [ids[1] ?? ''],
      Parameters: '{"who":"memfrag"}',
      WorkingDirectory: '/tmp',
      Timeout: 5,
    });
    const [ta] = await waitTasks(client, a.InvocationId ?? '');
    const [tb] = await waitTasks(client, b.InvocationId ?? '');
    expect(outputOf(ta ?? {})).toBe(`hello world in ${emu.node(ids[0] ?? '').treeDir}/root\n`);
    expect(outputOf(tb ?? {})).toBe(`hello memfrag in ${emu.node(ids[1] ?? '').treeDir}/tmp\n`);
    expect(tb?.CommandDocument?.Timeout).toBe(5);
    const byCommand = await client.DescribeInvocations({
      Filters: [{ Name: 'command-id', Values: [created.CommandId ?? ''] }],
    });
    expect(byCommand.TotalCount).toBe(2);
    expect(byCommand.InvocationSet?.[0]?.Parameters).toBe('{"who":"memfrag"}');
  });

  it('pages invocations and filters tasks by instance', async () => {
    const client = tatClient(emu);
    const all = await client.DescribeInvocations({ Limit: 100 });
    const page = await client.DescribeInvocations({ Limit: 1, Offset: 1 });
    expect(page.TotalCount).toBe(all.TotalCount);
    expect(page.InvocationSet?.[0]?.InvocationId).toBe(all.InvocationSet?.[1]?.InvocationId);
    const mine = await client.DescribeInvocationTasks({
      Filters: [{ Name: 'instance-id', Values: [ids[2] ?? ''] }],
    });
    expect(mine.TotalCount).toBeGreaterThan(0);
    expect(mine.InvocationTaskSet?.every((t) => t.InstanceId === ids[2])).toBe(true);
  });

  it('reports agents online and offline, filtered and paged', async () => {
    const client = tatClient(emu);
    const all = await client.DescribeAutomationAgentStatus({});
    expect(all.TotalCount).toBe(4);
    expect(all.AutomationAgentSet?.[0]).toMatchObject({ AgentStatus: 'Online', Environment: 'Linux' });
    expect(all.AutomationAgentSet?.[0]?.LastHeartbeatTime).toMatch(TIME_RE);
    const offline = await client.DescribeAutomationAgentStatus({
      Filters: [{ Name: 'agent-status', Values: ['Offline'] }],
    });
    expect(offline.AutomationAgentSet?.map((a) => a.InstanceId)).toEqual([emu.instanceIds[3]]);
    const page = await client.DescribeAutomationAgentStatus({ Limit: 2, Offset: 2 });
    expect(page.AutomationAgentSet?.map((a) => a.InstanceId)).toEqual(emu.instanceIds.slice(2, 4));
  });

  it('reports FAILED with the exit code and START_FAILED for a missing directory or user', async () => {
    const client = tatClient(emu);
    const failed = await client.RunCommand({ Content: b64('echo no; exit 7'), InstanceIds: [ids[0] ?? ''] });
    const noDir = await client.RunCommand({
      Content: b64('true'),
      InstanceIds: [ids[1] ?? ''],
      WorkingDirectory: '/nope',
    });
    const noUser = await client.RunCommand({
      Content: b64('true'),
      InstanceIds: [ids[2] ?? ''],
      Username: 'bob',
    });
    const [f] = await waitTasks(client, failed.InvocationId ?? '');
    const [d] = await waitTasks(client, noDir.InvocationId ?? '');
    const [u] = await waitTasks(client, noUser.InvocationId ?? '');
    expect([f?.TaskStatus, f?.TaskResult?.ExitCode, outputOf(f ?? {})]).toEqual(['FAILED', 7, 'no\n']);
    expect([d?.TaskStatus, d?.TaskResult?.ExitCode]).toEqual(['START_FAILED', -1]);
    expect(d?.ErrorInfo).toBe('InvalidWorkingDirectory: working_directory `/nope` not exists');
    expect([u?.TaskStatus, u?.ErrorInfo]).toEqual(['START_FAILED', 'InvalidUser: user `bob` not exists']);
    const inv = await client.DescribeInvocations({ InvocationIds: [failed.InvocationId ?? ''] });
    expect(inv.InvocationSet?.[0]?.InvocationStatus).toBe('FAILED');
  });

  it('cancels undelivered tasks to CANCELLED and running ones to TERMINATED', async () => {
    const client = tatClient(emu);
    const early = await client.RunCommand({
      Content: b64('echo never'),
      InstanceIds: [ids[0] ?? '', ids[1] ?? ''],
    });
    await client.CancelInvocation({ InvocationId: early.InvocationId ?? '', InstanceIds: [ids[0] ?? ''] });
    const late = await client.RunCommand({
      Content: b64('echo started; sleep 30'),
      InstanceIds: [ids[2] ?? ''],
    });
    await waitTasks(client, late.InvocationId ?? '', (ts) => ts[0]?.TaskStatus === 'RUNNING');
    await client.CancelInvocation({ InvocationId: late.InvocationId ?? '' });
    const e = await waitTasks(client, early.InvocationId ?? '');
    const [l] = await waitTasks(client, late.InvocationId ?? '');
    const byInstance = Object.fromEntries(e.map((t) => [t.InstanceId, t.TaskStatus]));
    expect(byInstance).toEqual({ [ids[0] ?? '']: 'CANCELLED', [ids[1] ?? '']: 'SUCCESS' });
    expect([l?.TaskStatus, l?.TaskResult?.ExitCode]).toEqual(['TERMINATED', -1]);
    const invs = await client.DescribeInvocations({
      InvocationIds: [early.InvocationId ?? '', late.InvocationId ?? ''],
    });
    expect(invs.InvocationSet?.map((i) => i.InvocationStatus).sort()).toEqual([
      'CANCELLED',
      'PARTIAL_CANCELLED',
    ]);
  });
});
