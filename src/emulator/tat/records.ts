import type { CommandFields } from './commandParams';
import type { TaskStatus } from './taskStatus';

/** The emulator's stored TAT objects (commands, invocations, tasks), in the service's own field names. */

/** A command as CreateCommand (or RunCommand) stored it: the validated fields (Content in base64, as sent). */
export interface CommandRecord extends CommandFields {
  CommandId: string;
  /** RunCommand without SaveCommand creates a command that InvokeCommand cannot find */
  saved: boolean;
  createdAt: number;
}

/** One run of a command on a set of instances. */
export interface InvocationRecord {
  InvocationId: string;
  CommandId: string;
  CommandName: string;
  Description: string;
  Parameters: string;
  DefaultParameters: string;
  Username: string;
  CommandContent: string;
  CommandType: string;
  Timeout: number;
  WorkingDirectory: string;
  OutputCOSBucketUrl: string;
  OutputCOSKeyPrefix: string;
  createdAt: number;
  taskIds: string[];
}

/** One instance's share of an invocation, with its lifecycle state and result. */
export interface TaskRecord {
  InvocationTaskId: string;
  InvocationId: string;
  CommandId: string;
  CommandName: string;
  InstanceId: string;
  status: TaskStatus;
  /** the script to run, decoded and with parameters substituted */
  script: string;
  /** base64 content as the command document shows it */
  content: string;
  CommandType: string;
  Timeout: number;
  WorkingDirectory: string;
  Username: string;
  OutputCOSBucketUrl: string;
  OutputCOSKeyPrefix: string;
  exitCode: number;
  output: Buffer;
  dropped: number;
  errorInfo: string;
  createdAt: number;
  updatedAt: number;
  startTime: number | null;
  endTime: number | null;
  execStartTime: number | null;
  execEndTime: number | null;
  /** aborts the task's lifecycle (cancel); set while it is in flight */
  abort: AbortController;
}

/** Every object the emulated service holds, by id. */
export interface TatStore {
  commands: Map<string, CommandRecord>;
  invocations: Map<string, InvocationRecord>;
  tasks: Map<string, TaskRecord>;
  /** invocation ids in creation order, for stable listing */
  invocationOrder: string[];
}

/** An empty store. */
export function createStore(): TatStore {
  return { commands: new Map(), invocations: new Map(), tasks: new Map(), invocationOrder: [] };
}
