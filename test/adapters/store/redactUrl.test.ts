import { describe, expect, it } from 'vitest';
import { redactSecret, redactUrl } from '../../../src/adapters/store/redactUrl';

describe('redactUrl', () => {
  it('replaces the password and keeps the rest', () => {
    expect(redactUrl('postgres://memfrag:hunter2@db.internal:5432/memfrag?sslmode=require')).toBe(
      'postgres://memfrag:***@db.internal:5432/memfrag?sslmode=require',
    );
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });

  it('hides an unparsable URL whole, since it may be all secret', () => {
    expect(redactUrl('postgres://user:p@ss:word@')).not.toContain('p@ss');
  });
});

describe('redactSecret', () => {
  it('removes the password, raw and percent-decoded, from any text', () => {
    const url = 'postgres://u:p%40ss%2Fw0rd@db/x';
    expect(redactSecret('auth failed for p%40ss%2Fw0rd and p@ss/w0rd', url)).toBe(
      'auth failed for *** and ***',
    );
  });

  it('returns text unchanged when the URL has no password', () => {
    expect(redactSecret('connect ECONNREFUSED 127.0.0.1:1', 'postgres://u@h/x')).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
