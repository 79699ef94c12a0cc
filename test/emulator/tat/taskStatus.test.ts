import { describe, expect, it } from 'vitest';
import { aggregateInvocationStatus, type TaskStatus } from '../../../src/emulator/tat/taskStatus';

const cases: [TaskStatus[], string][] = [
  [['PENDING', 'PENDING'], 'PENDING'],
  [['PENDING', 'DELIVERING'], 'RUNNING'],
  [['SUCCESS', 'RUNNING'], 'RUNNING'],
  [['SUCCESS', 'CANCELLING'], 'CANCELLING'],
  [['SUCCESS', 'SUCCESS'], 'SUCCESS'],
  [['TIMEOUT', 'TIMEOUT'], 'TIMEOUT'],
  [['TIMEOUT', 'FAILED'], 'FAILED'],
  [['DELIVER_FAILED', 'TASK_TIMEOUT', 'START_FAILED'], 'FAILED'],
  [['SUCCESS', 'FAILED'], 'PARTIAL_FAILED'],
  [['SUCCESS', 'CANCELLED', 'FAILED'], 'PARTIAL_FAILED'],
  [['CANCELLED', 'TERMINATED'], 'CANCELLED'],
  [['SUCCESS', 'TERMINATED'], 'PARTIAL_CANCELLED'],
];

describe('aggregateInvocationStatus', () => {
  it.each(cases)('rolls %j up to %s', (tasks, expected) => {
    expect(aggregateInvocationStatus(tasks)).toBe(expected);
  });
});
