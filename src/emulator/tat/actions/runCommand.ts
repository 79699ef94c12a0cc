import { apiError } from '../apiError';
import { readCommandFields, renderScript } from '../commandParams';
import { optBool, optString, optStringList, rejectUnknown } from '../params';
import { type ActionHandler, checkRunnable, startInvocation } from '../service';

const KNOWN = [
  'Content',
  'InstanceIds',
  'CommandName',
  'Description',
  'CommandType',
  'WorkingDirectory',
  'Timeout',
  'SaveCommand',
  'EnableParameter',
  'DefaultParameters',
  'DefaultParameterConfs',
  'Parameters',
  'Tags',
  'Username',
  'OutputCOSBucketUrl',
  'OutputCOSKeyPrefix',
];

/** Reads the 1..200 target instances of Run/Invoke. */
export function readTargets(p: Record<string, unknown>): string[] {
  const ids = optStringList(p, 'InstanceIds', 200);
  if (!ids || ids.length === 0) {
    throw apiError('MissingParameter', 'The request is missing a required parameter `InstanceIds`.');
  }
  return ids;
}

/** RunCommand: creates a command (saved only with SaveCommand) and runs it at once. */
export const runCommand: ActionHandler = (p, svc, scope) => {
  rejectUnknown(p, KNOWN);
  const fields = readCommandFields(p, false);
  const ids = readTargets(p);
  const save = optBool(p, 'SaveCommand') ?? false;
  const parameters = optString(p, 'Parameters');
  const script = renderScript(fields, parameters);
  if (save && fields.CommandName === '') {
    throw apiError('MissingParameter', 'CommandName is required when SaveCommand is true.');
  }
  if (save && [...svc.store.commands.values()].some((c) => c.saved && c.CommandName === fields.CommandName)) {
    throw apiError(
      'InvalidParameterValue.CommandNameDuplicated',
      `A command named ${fields.CommandName} exists.`,
    );
  }
  checkRunnable(ids, fields.CommandType, svc, scope);
  const CommandId = svc.newId('cmd');
  svc.store.commands.set(CommandId, { ...fields, CommandId, saved: save, createdAt: svc.now() });
  const inv = startInvocation(svc, { ...fields, CommandId }, ids, script, parameters ?? '');
  return { CommandId, InvocationId: inv.InvocationId };
};
