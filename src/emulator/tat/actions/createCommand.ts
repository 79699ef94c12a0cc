import { apiError } from '../apiError';
import { readCommandFields } from '../commandParams';
import { rejectUnknown } from '../params';
import type { ActionHandler } from '../service';

const KNOWN = [
  'CommandName',
  'Content',
  'Description',
  'CommandType',
  'WorkingDirectory',
  'Timeout',
  'EnableParameter',
  'DefaultParameters',
  'DefaultParameterConfs',
  'Tags',
  'Username',
  'OutputCOSBucketUrl',
  'OutputCOSKeyPrefix',
];

/** CreateCommand: stores a named command for InvokeCommand. */
export const createCommand: ActionHandler = (p, svc) => {
  rejectUnknown(p, KNOWN);
  const fields = readCommandFields(p, true);
  if ([...svc.store.commands.values()].some((c) => c.saved && c.CommandName === fields.CommandName)) {
    throw apiError(
      'InvalidParameterValue.CommandNameDuplicated',
      `A command named ${fields.CommandName} exists.`,
    );
  }
  const CommandId = svc.newId('cmd');
  svc.store.commands.set(CommandId, { ...fields, CommandId, saved: true, createdAt: svc.now() });
  return { CommandId };
};
