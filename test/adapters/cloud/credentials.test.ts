import { describe, expect, it } from 'vitest';
import { redactSecrets, resolveCredentials } from '../../../src/adapters/cloud/credentials';
import { NonRetryableError } from '../../../src/errors';

describe('resolveCredentials', () => {
  const scf = {
    TENCENTCLOUD_SECRETID: 'AKIDscf',
    TENCENTCLOUD_SECRETKEY: 'scfkey',
    TENCENTCLOUD_SESSIONTOKEN: 'tok',
  };
  const sdk = { TENCENTCLOUD_SECRET_ID: 'AKIDsdk', TENCENTCLOUD_SECRET_KEY: 'sdkkey' };

  it('prefers explicit credentials over the environment', () => {
    expect(resolveCredentials({ secretId: 'AKIDx', secretKey: 'k' }, { ...scf, ...sdk })).toEqual({
      secretId: 'AKIDx',
      secretKey: 'k',
    });
  });

  it("reads SCF's names, token included, before the SDK's underscore names", () => {
    expect(resolveCredentials(undefined, { ...scf, ...sdk })).toEqual({
      secretId: 'AKIDscf',
      secretKey: 'scfkey',
      token: 'tok',
    });
    expect(resolveCredentials(undefined, sdk)).toEqual({ secretId: 'AKIDsdk', secretKey: 'sdkkey' });
  });

  it('re-reads the environment on every call, so rotated role keys are picked up', () => {
    const env: NodeJS.ProcessEnv = { ...scf };
    expect(resolveCredentials(undefined, env).secretKey).toBe('scfkey');
    env.TENCENTCLOUD_SECRETKEY = 'rotated';
    expect(resolveCredentials(undefined, env).secretKey).toBe('rotated');
  });

  it('calls a credential function each time', () => {
    let n = 0;
    const source = () => ({ secretId: 'AKID', secretKey: `k${++n}` });
    expect(resolveCredentials(source, {}).secretKey).toBe('k1');
    expect(resolveCredentials(source, {}).secretKey).toBe('k2');
  });

  it('fails with a NonRetryableError naming the variables, not values, when none are set', () => {
    expect(() => resolveCredentials(undefined, { TENCENTCLOUD_SECRETID: 'AKIDonly' })).toThrow(
      NonRetryableError,
    );
    try {
      resolveCredentials(undefined, { TENCENTCLOUD_SECRETID: 'AKIDonly' });
    } catch (err) {
      expect((err as Error).message).toContain('TENCENTCLOUD_SECRETKEY');
      expect((err as Error).message).not.toContain('AKIDonly');
    }
  });

  it('redacts every secret from a text', () => {
    const text = 'id AKIDabc key s3cretKEY token tok123 and s3cretKEY again';
    expect(redactSecrets(text, { secretId: 'AKIDabc', secretKey: 's3cretKEY', token: 'tok123' })).toBe(
      'id *** key *** token *** and *** again',
    );
  });
});
