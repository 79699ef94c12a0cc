import { apiError } from './apiError';
import { optBool, optInt, optString, type Params, reqString } from './params';

/** The command fields shared by RunCommand and CreateCommand, validated as TAT does. */
export interface CommandFields {
  CommandName: string;
  Description: string;
  Content: string;
  CommandType: string;
  WorkingDirectory: string;
  Timeout: number;
  EnableParameter: boolean;
  DefaultParameters: string;
  Username: string;
  OutputCOSBucketUrl: string;
  OutputCOSKeyPrefix: string;
}

/** Base64 of the content may be at most 64 KiB long. */
export const MAX_CONTENT_BASE64 = 64 * 1024;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NAME_RE = /^[\p{Script=Han}A-Za-z0-9_.-]+$/u;
const PARAM_KEY_RE = /^[a-zA-Z0-9_-]+$/;

/** The command type values the API accepts. */
export const COMMAND_TYPES = ['SHELL', 'POWERSHELL', 'BAT'] as const;

/** Validates base64 `Content` (required): format and the 64 KiB limit on the encoded length. */
export function readContent(p: Params): string {
  const content = reqString(p, 'Content');
  if (content.length > MAX_CONTENT_BASE64) {
    throw apiError(
      'InvalidParameterValue.TooLong',
      `Content is longer than ${MAX_CONTENT_BASE64} base64 characters.`,
    );
  }
  if (!BASE64_RE.test(content))
    throw apiError('InvalidParameterValue.InvalidContent', 'Content is not valid base64.');
  return content;
}

/** Validates `Timeout` in [1, 86400]. */
export function readTimeout(p: Params, fallback: number): number {
  const t = optInt(p, 'Timeout') ?? fallback;
  if (t < 1 || t > 86400)
    throw apiError('InvalidParameterValue.Range', `Timeout must be within [1, 86400], got ${t}.`);
  return t;
}

/** Validates `WorkingDirectory` and `Username` overrides. */
export function readPlacement(p: Params, defaults: { WorkingDirectory: string; Username: string }) {
  const WorkingDirectory = optString(p, 'WorkingDirectory') ?? defaults.WorkingDirectory;
  const absolute = WorkingDirectory.startsWith('/') || /^[A-Za-z]:\\/.test(WorkingDirectory);
  if (!absolute || WorkingDirectory.includes('\0') || WorkingDirectory.length > 512) {
    throw apiError(
      'InvalidParameterValue.InvalidWorkingDirectory',
      'WorkingDirectory must be an absolute path.',
    );
  }
  const Username = optString(p, 'Username') ?? defaults.Username;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(Username)) {
    throw apiError('InvalidParameterValue.InvalidUsername', `The username \`${Username}\` is invalid.`);
  }
  return { WorkingDirectory, Username };
}

/** Validates the COS output location. */
export function readCos(p: Params) {
  const OutputCOSBucketUrl = optString(p, 'OutputCOSBucketUrl') ?? '';
  if (
    OutputCOSBucketUrl &&
    !/^https:\/\/[a-z0-9-]+\.cos\.[a-z0-9-]+\.myqcloud\.com\/?$/.test(OutputCOSBucketUrl)
  ) {
    throw apiError('InvalidParameterValue.InvalidOutputCOSBucketUrl', 'OutputCOSBucketUrl is invalid.');
  }
  const OutputCOSKeyPrefix = optString(p, 'OutputCOSKeyPrefix') ?? '';
  const bad =
    OutputCOSKeyPrefix.length > 60 ||
    OutputCOSKeyPrefix.startsWith('/') ||
    OutputCOSKeyPrefix.includes('//') ||
    OutputCOSKeyPrefix.includes('..');
  if (bad)
    throw apiError('InvalidParameterValue.InvalidOutputCOSKeyPrefix', 'OutputCOSKeyPrefix is invalid.');
  return { OutputCOSBucketUrl, OutputCOSKeyPrefix };
}

/** Parses a parameter JSON object (`DefaultParameters` / `Parameters`) with TAT's rules. */
export function parseParameterJson(text: string, what: string): Record<string, string> {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw apiError('InvalidParameterValue.ParameterInvalidJsonFormat', `${what} is not a JSON object.`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw apiError('InvalidParameterValue.ParameterInvalidJsonFormat', `${what} is not a JSON object.`);
  }
  const entries = Object.entries(obj);
  if (entries.length > 20)
    throw apiError('InvalidParameterValue.ParameterNumberExceeded', `${what} has over 20 keys.`);
  for (const [k, v] of entries) {
    if (k.length > 64)
      throw apiError('InvalidParameterValue.ParameterKeyLenExceeded', `The key \`${k}\` is too long.`);
    if (!PARAM_KEY_RE.test(k)) {
      throw apiError('InvalidParameterValue.ParameterKeyContainsInvalidChar', `The key \`${k}\` is invalid.`);
    }
    if (typeof v !== 'string') {
      throw apiError(
        'InvalidParameterValue.ParameterValueNotString',
        `The value of \`${k}\` is not a string.`,
      );
    }
  }
  return obj as Record<string, string>;
}

function readDefaults(p: Params, enable: boolean): string {
  const text = optString(p, 'DefaultParameters');
  const confs = p.DefaultParameterConfs;
  if (text !== undefined && confs !== undefined && confs !== null) {
    throw apiError(
      'InvalidParameter.ConflictParameter',
      'DefaultParameters and DefaultParameterConfs are exclusive.',
    );
  }
  if ((text !== undefined || (confs !== undefined && confs !== null)) && !enable) {
    throw apiError('InvalidParameterValue.ParameterDisabled', 'Parameters need EnableParameter=true.');
  }
  if (text !== undefined) return JSON.stringify(parseParameterJson(text, 'DefaultParameters'));
  if (Array.isArray(confs)) {
    const obj: Record<string, unknown> = {};
    for (const c of confs as { ParameterName?: unknown; ParameterValue?: unknown }[]) {
      if (typeof c?.ParameterName !== 'string')
        throw apiError('InvalidParameter', 'ParameterName is required.');
      if (c.ParameterName in obj) {
        throw apiError(
          'InvalidParameterValue.ParameterKeyDuplicated',
          `Duplicate key \`${c.ParameterName}\`.`,
        );
      }
      obj[c.ParameterName] = c.ParameterValue;
    }
    return JSON.stringify(parseParameterJson(JSON.stringify(obj), 'DefaultParameterConfs'));
  }
  return '';
}

function readName(p: Params, required: boolean): string {
  const name = required ? reqString(p, 'CommandName') : (optString(p, 'CommandName') ?? '');
  if (name !== '' && (Buffer.byteLength(name) > 60 || !NAME_RE.test(name))) {
    throw apiError('InvalidParameterValue.InvalidCommandName', `The command name \`${name}\` is invalid.`);
  }
  return name;
}

/** Validates every command field of RunCommand (name optional) or CreateCommand (name required). */
export function readCommandFields(p: Params, nameRequired: boolean): CommandFields {
  const CommandName = readName(p, nameRequired);
  const Content = readContent(p);
  const Description = optString(p, 'Description') ?? '';
  if ([...Description].length > 120)
    throw apiError('InvalidParameterValue.TooLong', 'Description is too long.');
  const CommandType = optString(p, 'CommandType') ?? 'SHELL';
  if (!(COMMAND_TYPES as readonly string[]).includes(CommandType)) {
    throw apiError('InvalidParameterValue', `CommandType must be one of ${COMMAND_TYPES.join(', ')}.`);
  }
  const EnableParameter = optBool(p, 'EnableParameter') ?? false;
  const DefaultParameters = readDefaults(p, EnableParameter);
  const tags = p.Tags;
  if (Array.isArray(tags) && tags.length > 10)
    throw apiError('InvalidParameterValue.LimitExceeded', 'At most 10 tags.');
  return {
    CommandName,
    Description,
    Content,
    CommandType,
    ...readPlacement(p, {
      WorkingDirectory: CommandType === 'SHELL' ? '/root' : 'C:\\Program Files\\qcloud\\tat_agent\\workdir',
      Username: 'root',
    }),
    Timeout: readTimeout(p, 60),
    EnableParameter,
    DefaultParameters,
    ...readCos(p),
  };
}

/** Decodes the content and fills `{{key}}` placeholders (only when parameters are enabled). */
export function renderScript(cmd: CommandFields, parametersJson: string | undefined): string {
  const script = Buffer.from(cmd.Content, 'base64').toString('utf8');
  if (parametersJson !== undefined && !cmd.EnableParameter) {
    throw apiError(
      'InvalidParameterValue.SupportParametersOnlyIfEnableParameter',
      'Parameters are only supported when EnableParameter is true.',
    );
  }
  if (!cmd.EnableParameter) return script;
  const values = {
    ...(cmd.DefaultParameters ? parseParameterJson(cmd.DefaultParameters, 'DefaultParameters') : {}),
    ...(parametersJson ? parseParameterJson(parametersJson, 'Parameters') : {}),
  };
  return script.replace(/\{\{\s*(?:tat-hidden:)?([a-zA-Z0-9_-]+)\s*\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined)
      throw apiError('InvalidParameterValue.LackOfParameterInfo', `No value for \`${key}\`.`);
    return v;
  });
}
