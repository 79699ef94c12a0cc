import { apiError } from '../apiError';
import { readCos, readPlacement, readTimeout, renderScript } from '../commandParams';
import { checkIds, optString, rejectUnknown, reqString } from '../params';
import { type ActionHandler, checkRunnable, startInvocation } from '../service';
import { readTargets } from './runCommand';

const KNOWN = [
  'CommandId',
  'InstanceIds',
  'Parameters',
  'Username',
  'WorkingDirectory',
  'Timeout',
  'OutputCOSBucketUrl',
  'OutputCOSKeyPrefix',
];

/** InvokeCommand: runs a saved command, with per-call overrides. */
export const invokeCommand: ActionHandler = (p, svc, scope) => {
  rejectUnknown(p, KNOWN);
  const commandId = reqString(p, 'CommandId');
  checkIds([commandId], 'cmd', 'InvalidParameterValue.InvalidCommandId');
  const ids = readTargets(p);
  const cmd = svc.store.commands.get(commandId);
  if (!cmd?.saved)
    throw apiError('ResourceNotFound.CommandNotFound', `The command ${commandId} does not exist.`);
  const cos = readCos(p);
  const fields = {
    ...cmd,
    ...readPlacement(p, cmd),
    Timeout: readTimeout(p, cmd.Timeout),
    OutputCOSBucketUrl: cos.OutputCOSBucketUrl || cmd.OutputCOSBucketUrl,
    OutputCOSKeyPrefix: cos.OutputCOSKeyPrefix || cmd.OutputCOSKeyPrefix,
  };
  const parameters = optString(p, 'Parameters');
  const script = renderScript(fields, parameters);
  checkRunnable(ids, fields.CommandType, svc, scope);
  const inv = startInvocation(svc, fields, ids, script, parameters ?? '');
  return { InvocationId: inv.InvocationId };
};
