import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { b64, errorCode, tatClient } from './sdk';

// Each case: action, request, expected Error.Code. `$0`.. are the fleet's instances (healthy, offline,
// no agent, stopped); `$inv` is an existing invocation.
const ok = b64('true');
const cases: [string, string, Record<string, unknown>, string][] = [
  ['missing Content', 'RunCommand', { InstanceIds: ['$0'] }, 'MissingParameter'],
  ['missing InstanceIds', 'RunCommand', { Content: ok }, 'MissingParameter'],
  ['empty InstanceIds', 'RunCommand', { Content: ok, InstanceIds: [] }, 'MissingParameter'],
  [
    'Content not base64',
    'RunCommand',
    { Content: 'not base64!', InstanceIds: ['$0'] },
    'InvalidParameterValue.InvalidContent',
  ],
  [
    'Content over 64 KiB',
    'RunCommand',
    { Content: 'A'.repeat(65540), InstanceIds: ['$0'] },
    'InvalidParameterValue.TooLong',
  ],
  [
    'Timeout 0',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Timeout: 0 },
    'InvalidParameterValue.Range',
  ],
  [
    'Timeout 86401',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Timeout: 86401 },
    'InvalidParameterValue.Range',
  ],
  [
    'Timeout not integer',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Timeout: 'x' },
    'InvalidParameter',
  ],
  [
    '201 instances',
    'RunCommand',
    { Content: ok, InstanceIds: Array(201).fill('$0') },
    'InvalidParameterValue.LimitExceeded',
  ],
  [
    'bad instance id',
    'RunCommand',
    { Content: ok, InstanceIds: ['i-123'] },
    'InvalidParameterValue.InvalidInstanceId',
  ],
  [
    'CVM and Lighthouse mixed',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0', 'lhins-abcdefgh'] },
    'InvalidParameterValue.InconsistentInstance',
  ],
  [
    'unknown instance',
    'RunCommand',
    { Content: ok, InstanceIds: ['ins-zzzzzzzz'] },
    'ResourceNotFound.InstanceNotFound',
  ],
  [
    'agent offline',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0', '$1'] },
    'ResourceUnavailable.AgentStatusNotOnline',
  ],
  [
    'agent not installed',
    'RunCommand',
    { Content: ok, InstanceIds: ['$2'] },
    'ResourceUnavailable.AgentNotInstalled',
  ],
  [
    'instance stopped',
    'RunCommand',
    { Content: ok, InstanceIds: ['$3'] },
    'ResourceUnavailable.InstanceStateNotRunning',
  ],
  [
    'bad CommandType',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], CommandType: 'PERL' },
    'InvalidParameterValue',
  ],
  [
    'POWERSHELL on Linux',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], CommandType: 'POWERSHELL' },
    'InvalidParameterValue.AgentUnsupportedCommandType',
  ],
  [
    'bad CommandName',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], CommandName: 'a b' },
    'InvalidParameterValue.InvalidCommandName',
  ],
  [
    'Description too long',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Description: 'd'.repeat(121) },
    'InvalidParameterValue.TooLong',
  ],
  [
    'relative WorkingDirectory',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], WorkingDirectory: 'tmp' },
    'InvalidParameterValue.InvalidWorkingDirectory',
  ],
  [
    'bad Username',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Username: 'Root User' },
    'InvalidParameterValue.InvalidUsername',
  ],
  [
    'http COS bucket',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], OutputCOSBucketUrl: 'http://b-1.cos.ap-beijing.myqcloud.com' },
    'InvalidParameterValue.InvalidOutputCOSBucketUrl',
  ],
  [
    'COS prefix with ..',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], OutputCOSKeyPrefix: 'a/../b' },
    'InvalidParameterValue.InvalidOutputCOSKeyPrefix',
  ],
  [
    'Parameters without EnableParameter',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Parameters: '{"a":"1"}' },
    'InvalidParameterValue.SupportParametersOnlyIfEnableParameter',
  ],
  [
    'DefaultParameters without EnableParameter',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], DefaultParameters: '{"a":"1"}' },
    'InvalidParameterValue.ParameterDisabled',
  ],
  [
    'Parameters not JSON',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], EnableParameter: true, Parameters: '{' },
    'InvalidParameterValue.ParameterInvalidJsonFormat',
  ],
  [
    'parameter value not string',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], EnableParameter: true, Parameters: '{"a":1}' },
    'InvalidParameterValue.ParameterValueNotString',
  ],
  [
    'parameter key with invalid char',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], EnableParameter: true, Parameters: '{"a b":"1"}' },
    'InvalidParameterValue.ParameterKeyContainsInvalidChar',
  ],
  [
    'parameter key too long',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], EnableParameter: true, Parameters: `{"${'k'.repeat(65)}":"1"}` },
    'InvalidParameterValue.ParameterKeyLenExceeded',
  ],
  [
    '21 parameters',
    'RunCommand',
    {
      Content: ok,
      InstanceIds: ['$0'],
      EnableParameter: true,
      Parameters: JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))),
    },
    'InvalidParameterValue.ParameterNumberExceeded',
  ],
  [
    'placeholder without value',
    'RunCommand',
    { Content: b64('echo {{who}}'), InstanceIds: ['$0'], EnableParameter: true },
    'InvalidParameterValue.LackOfParameterInfo',
  ],
  [
    'both default parameter forms',
    'RunCommand',
    {
      Content: ok,
      InstanceIds: ['$0'],
      EnableParameter: true,
      DefaultParameters: '{}',
      DefaultParameterConfs: [],
    },
    'InvalidParameter.ConflictParameter',
  ],
  [
    'duplicate parameter conf',
    'RunCommand',
    {
      Content: ok,
      InstanceIds: ['$0'],
      EnableParameter: true,
      DefaultParameterConfs: [
        { ParameterName: 'a', ParameterValue: '1' },
        { ParameterName: 'a', ParameterValue: '2' },
      ],
    },
    'InvalidParameterValue.ParameterKeyDuplicated',
  ],
  [
    '11 tags',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Tags: Array(11).fill({ Key: 'k', Value: 'v' }) },
    'InvalidParameterValue.LimitExceeded',
  ],
  [
    'unknown parameter',
    'RunCommand',
    { Content: ok, InstanceIds: ['$0'], Colour: 'red' },
    'UnknownParameter',
  ],
  ['CreateCommand without name', 'CreateCommand', { Content: ok }, 'MissingParameter'],
  [
    'CreateCommand duplicate name',
    'CreateCommand',
    { Content: ok, CommandName: 'taken' },
    'InvalidParameterValue.CommandNameDuplicated',
  ],
  ['InvokeCommand without CommandId', 'InvokeCommand', { InstanceIds: ['$0'] }, 'MissingParameter'],
  [
    'InvokeCommand bad CommandId',
    'InvokeCommand',
    { CommandId: 'command-1', InstanceIds: ['$0'] },
    'InvalidParameterValue.InvalidCommandId',
  ],
  [
    'InvokeCommand unknown command',
    'InvokeCommand',
    { CommandId: 'cmd-zzzzzzzz', InstanceIds: ['$0'] },
    'ResourceNotFound.CommandNotFound',
  ],
  [
    'ids and filters together',
    'DescribeInvocations',
    { InvocationIds: ['$inv'], Filters: [{ Name: 'command-id', Values: ['cmd-aaaaaaaa'] }] },
    'InvalidParameter.ConflictParameter',
  ],
  [
    'unknown filter',
    'DescribeInvocations',
    { Filters: [{ Name: 'instance-id', Values: ['$0'] }] },
    'InvalidParameterValue.InvalidFilter',
  ],
  [
    '11 filters',
    'DescribeInvocations',
    { Filters: Array(11).fill({ Name: 'command-id', Values: ['cmd-aaaaaaaa'] }) },
    'InvalidParameterValue.LimitExceeded',
  ],
  [
    '6 filter values',
    'DescribeInvocations',
    { Filters: [{ Name: 'command-id', Values: Array(6).fill('cmd-aaaaaaaa') }] },
    'LimitExceeded.FilterValueExceeded',
  ],
  ['Limit 101', 'DescribeInvocations', { Limit: 101 }, 'InvalidParameterValue.LimitExceeded'],
  ['negative Offset', 'DescribeInvocations', { Offset: -1 }, 'InvalidParameterValue'],
  [
    'bad invocation id',
    'DescribeInvocations',
    { InvocationIds: ['inv-1'] },
    'InvalidParameterValue.InvalidInvocationId',
  ],
  [
    '101 invocation ids',
    'DescribeInvocations',
    { InvocationIds: Array(101).fill('$inv') },
    'InvalidParameterValue.LimitExceeded',
  ],
  [
    'tasks: ids and filters',
    'DescribeInvocationTasks',
    { InvocationTaskIds: ['invt-aaaaaaaa'], Filters: [{ Name: 'instance-id', Values: ['$0'] }] },
    'InvalidParameter.ConflictParameter',
  ],
  [
    'tasks: unknown filter',
    'DescribeInvocationTasks',
    { Filters: [{ Name: 'status', Values: ['SUCCESS'] }] },
    'InvalidParameterValue.InvalidFilter',
  ],
  [
    'tasks: bad task id',
    'DescribeInvocationTasks',
    { InvocationTaskIds: ['task-1'] },
    'InvalidParameterValue.InvalidInvocationTaskId',
  ],
  [
    'tasks: bad invocation id in filter',
    'DescribeInvocationTasks',
    { Filters: [{ Name: 'invocation-id', Values: ['x'] }] },
    'InvalidParameterValue.InvalidInvocationId',
  ],
  [
    'agents: ids and filters',
    'DescribeAutomationAgentStatus',
    { InstanceIds: ['$0'], Filters: [{ Name: 'agent-status', Values: ['Online'] }] },
    'InvalidParameter.ConflictParameter',
  ],
  [
    'agents: unknown filter',
    'DescribeAutomationAgentStatus',
    { Filters: [{ Name: 'zone', Values: ['x'] }] },
    'InvalidParameterValue.InvalidFilter',
  ],
  [
    'agents: bad instance id',
    'DescribeAutomationAgentStatus',
    { InstanceIds: ['i-1'] },
    'InvalidParameterValue.InvalidInstanceId',
  ],
  ['agents: Limit 0', 'DescribeAutomationAgentStatus', { Limit: 0 }, 'InvalidParameterValue.LimitExceeded'],
  ['cancel: missing id', 'CancelInvocation', {}, 'MissingParameter'],
  [
    'cancel: bad id',
    'CancelInvocation',
    { InvocationId: 'inv' },
    'InvalidParameterValue.InvalidInvocationId',
  ],
  [
    'cancel: unknown invocation',
    'CancelInvocation',
    { InvocationId: 'inv-zzzzzzzz' },
    'ResourceNotFound.InvocationNotFound',
  ],
  [
    'cancel: unrelated instance',
    'CancelInvocation',
    { InvocationId: '$inv', InstanceIds: ['$3'] },
    'InvalidParameterValue.InstanceIsNotRelatedToInvocation',
  ],
  [
    'cancel: 101 instances',
    'CancelInvocation',
    { InvocationId: '$inv', InstanceIds: Array(101).fill('$0') },
    'InvalidParameterValue.LimitExceeded',
  ],
];

describe('TAT emulator request validation', () => {
  let emu: Emulator;
  const vars: Record<string, string> = {};
  const subst = (v: unknown): unknown =>
    typeof v === 'string'
      ? (vars[v] ?? v)
      : Array.isArray(v)
        ? v.map(subst)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, subst(x)]))
          : v;

  beforeAll(async () => {
    emu = await startEmulator({
      rateLimitPerSecond: 10_000,
      fleet: {
        groups: [
          { count: 1, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { agent: 'offline' } },
          { count: 1, state: 'healthy', faults: { agent: 'not-installed' } },
          { count: 1, state: 'healthy', faults: { instanceState: 'STOPPED' } },
        ],
      },
    });
    emu.instanceIds.forEach((id, i) => {
      vars[`$${i}`] = id;
    });
    const client = tatClient(emu);
    vars.$inv = (await client.RunCommand({ Content: ok, InstanceIds: [vars.$0 ?? ''] })).InvocationId ?? '';
    await client.CreateCommand({ CommandName: 'taken', Content: ok });
  });
  afterAll(() => emu.close());

  it.each(cases)('refuses %s', async (_name, action, req, code) => {
    expect(await errorCode(tatClient(emu).request(action, subst(req)))).toBe(code);
  });

  it('creates nothing when a call is refused', async () => {
    const before = emu.store.invocations.size;
    await errorCode(tatClient(emu).RunCommand({ Content: ok, InstanceIds: [vars.$0 ?? '', vars.$3 ?? ''] }));
    expect(emu.store.invocations.size).toBe(before);
  });
});
