import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  REPLAY_WINDOW_SECONDS,
  safeEqual,
  signRequest,
  verifySignature,
  verifyToken,
} from '../../../src/adapters/http/auth';

const KEY = 'k-0123456789abcdef';
const NOW = 1_790_000_000;

describe('manual API signatures', () => {
  const req = (over: Partial<Parameters<typeof verifySignature>[1]> = {}) => ({
    method: 'GET',
    path: '/v1/history',
    body: '',
    timestamp: String(NOW),
    query: { node: 'ins-abcd1234', limit: '5' },
    signature: signRequest(KEY, NOW, 'GET', '/v1/history', '', { limit: '5', node: 'ins-abcd1234' }),
    ...over,
  });

  it('accepts a request signed over its canonical query string, whatever the key order', () => {
    expect(verifySignature(KEY, req(), NOW)).toEqual({ ok: true });
    expect(canonicalQuery({ b: '2', a: 'x y' })).toBe('a=x%20y&b=2');
  });

  it('refuses the same signature replayed with other query parameters', () => {
    const r = verifySignature(KEY, req({ query: { node: 'ins-zzzz9999', limit: '5' } }), NOW);
    expect(r).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses another body, method or path', () => {
    expect(verifySignature(KEY, req({ body: '{}' }), NOW).ok).toBe(false);
    expect(verifySignature(KEY, req({ method: 'POST' }), NOW).ok).toBe(false);
    expect(verifySignature(KEY, req({ path: '/v1/runs' }), NOW).ok).toBe(false);
  });

  it('refuses timestamps outside the replay window and missing headers, naming them', () => {
    const late = verifySignature(KEY, req(), NOW + REPLAY_WINDOW_SECONDS + 1);
    expect(late).toMatchObject({ ok: false, status: 401 });
    expect(verifySignature(KEY, req({ timestamp: 'soon' }), NOW)).toMatchObject({ status: 401 });
    const missing = verifySignature(KEY, { method: 'GET', path: '/', body: '' }, NOW);
    expect(missing.ok ? '' : missing.message).toContain('x-memfrag-signature');
  });
});

describe('shared token', () => {
  it('compares in constant time and refuses missing or wrong tokens', () => {
    expect(verifyToken('secret-token', 'secret-token')).toEqual({ ok: true });
    expect(verifyToken('secret-token', 'secret-tokem')).toMatchObject({ ok: false, status: 403 });
    expect(verifyToken('secret-token', undefined)).toMatchObject({ ok: false, status: 401 });
    expect(safeEqual('a', 'ab')).toBe(false);
  });
});
