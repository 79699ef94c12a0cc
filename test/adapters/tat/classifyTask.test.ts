import { describe, expect, it } from 'vitest';
import {
  classifyInstanceError,
  classifyTask,
  TatTaskStatus,
  TERMINAL_TASK_STATUSES,
} from '../../../src/adapters/tat/classifyTask';

// status, exit code and dropped as TAT reports them -> the fields we promise
const TABLE = [
  [
    'PENDING',
    0,
    0,
    { outcome: 'unknown', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'DELIVERING',
    0,
    0,
    { outcome: 'unknown', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'DELIVER_DELAYED',
    0,
    0,
    { outcome: 'unknown', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'DELIVER_FAILED',
    0,
    0,
    { outcome: 'not-delivered', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'START_FAILED',
    -1,
    0,
    { outcome: 'start-failed', delivered: true, ran: false, exitCode: -1, outputComplete: false },
  ],
  [
    'RUNNING',
    0,
    0,
    { outcome: 'unknown', delivered: true, ran: true, exitCode: null, outputComplete: false },
  ],
  ['SUCCESS', 0, 0, { outcome: 'success', delivered: true, ran: true, exitCode: 0, outputComplete: true }],
  ['FAILED', 3, 0, { outcome: 'failed', delivered: true, ran: true, exitCode: 3, outputComplete: true }],
  ['TIMEOUT', -1, 0, { outcome: 'timeout', delivered: true, ran: true, exitCode: -1, outputComplete: false }],
  [
    'TASK_TIMEOUT',
    0,
    0,
    { outcome: 'not-delivered', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'CANCELLING',
    0,
    0,
    { outcome: 'cancelled', delivered: true, ran: true, exitCode: null, outputComplete: false },
  ],
  [
    'CANCELLED',
    0,
    0,
    { outcome: 'cancelled', delivered: false, ran: false, exitCode: null, outputComplete: false },
  ],
  [
    'TERMINATED',
    -1,
    0,
    { outcome: 'cancelled', delivered: true, ran: true, exitCode: -1, outputComplete: false },
  ],
] as const;

describe('classifyTask', () => {
  it('covers every one of the 13 TAT task statuses', () => {
    expect(new Set(TABLE.map((row) => row[0]))).toEqual(new Set(Object.values(TatTaskStatus)));
    expect(Object.values(TatTaskStatus)).toHaveLength(13);
  });

  it.each(TABLE)('maps %s (exit %d, dropped %d)', (status, exit, dropped, expected) => {
    const c = classifyTask(status, exit, dropped, '');
    expect(c).toMatchObject({ ...expected, dropped });
    if (c.outcome === 'success') expect(c.error).toBeUndefined();
    else expect(c.error).toBeTruthy();
  });

  it('marks cut output as untrusted even on success', () => {
    const c = classifyTask('SUCCESS', 0, 1024, '');
    expect(c).toMatchObject({ outcome: 'success', dropped: 1024, outputComplete: false });
    expect(c.error).toContain('1024 bytes dropped');
  });

  it('names the exit code of a failed command', () => {
    expect(classifyTask('FAILED', 127, 0, '').error).toContain('exited with code 127');
  });

  it("carries the agent's error text of a start failure", () => {
    const c = classifyTask('START_FAILED', -1, 0, 'InvalidUser: user `bob` not exists');
    expect(c.error).toContain('InvalidUser');
  });

  it('treats an unrecognised status as unknown that may have run', () => {
    const c = classifyTask('SOMETHING_NEW', 0, 0, null);
    expect(c).toMatchObject({ outcome: 'unknown', ran: true, exitCode: null, outputComplete: false });
    expect(c.error).toContain('SOMETHING_NEW');
  });

  it('supplies -1 for a killed command whose exit code is missing', () => {
    expect(classifyTask('TIMEOUT', undefined, 0, '').exitCode).toBe(-1);
    expect(classifyTask('TERMINATED', null, 0, '').exitCode).toBe(-1);
  });

  it('lists as terminal exactly the statuses that never change again', () => {
    expect([...TERMINAL_TASK_STATUSES].sort()).toEqual(
      [
        'CANCELLED',
        'DELIVER_FAILED',
        'FAILED',
        'START_FAILED',
        'SUCCESS',
        'TASK_TIMEOUT',
        'TERMINATED',
        'TIMEOUT',
      ].sort(),
    );
  });
});

describe('classifyInstanceError', () => {
  it.each([
    ['ResourceUnavailable.AgentNotInstalled', 'not installed'],
    ['ResourceUnavailable.AgentStatusNotOnline', 'offline'],
    ['ResourceUnavailable.InstanceStateNotRunning', 'not running'],
    ['ResourceNotFound.InstanceNotFound', 'does not exist'],
    ['InvalidParameterValue.InvalidInstanceId', 'invalid'],
    ['InvalidParameterValue.AgentUnsupportedCommandType', 'SHELL'],
  ])('maps %s to not-delivered', (code, text) => {
    const c = classifyInstanceError(code);
    expect(c?.outcome).toBe('not-delivered');
    expect(c?.error).toContain(text);
    expect(c?.error).toContain(code);
  });

  it('returns null for codes that are not about instances', () => {
    expect(classifyInstanceError('InvalidParameterValue.InvalidContent')).toBeNull();
    expect(classifyInstanceError('RequestLimitExceeded')).toBeNull();
    expect(classifyInstanceError(undefined)).toBeNull();
  });
});
