import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCommand, renderPreamble } from '../../runbooks/renderCommand';
import { InputError } from '../../src/errors';
import { makeNodeTree, readTree, runOn } from './nodeTree';

const base = { episode: 'ep-1', stage: 's-1', mode: 3, sync: false };
const PAYLOADS = [
  '3; rm -rf /',
  '$(id)',
  '`id`',
  '3\nrm -rf /',
  "3'; id; '",
  'ep-1\n',
  '../../etc',
  'EP-1',
  '',
  '-rf',
];

describe('renderCommand', () => {
  it('renders allowed parameters as quoted shell assignments before the script', () => {
    const cmd = renderCommand('drop-caches', base);
    expect(cmd.name).toBe('drop-caches');
    expect(cmd.content).toMatch(
      /^#!\/bin\/sh\nMEMFRAG_EPISODE='ep-1'\nMEMFRAG_STAGE='s-1'\nMEMFRAG_MODE='3'\nMEMFRAG_SYNC='0'\n/,
    );
    expect(renderPreamble('compact', { episode: 'e', stage: 's', nodes: [1, 0] })).toContain(
      "MEMFRAG_NODES='1 0'",
    );
    expect(renderPreamble('probe', { pagetypeinfo: true })).toBe("MEMFRAG_PAGETYPEINFO='1'");
    expect(renderPreamble('probe', {})).toBe('');
  });

  it.each(PAYLOADS)('rejects the id payload %j before any shell', (payload) => {
    expect(() => renderCommand('drop-caches', { ...base, episode: payload })).toThrow(InputError);
    expect(() => renderCommand('compact', { episode: 'e', stage: payload, nodes: 'all' })).toThrow(
      InputError,
    );
  });

  it.each([
    ['mode', '3; rm -rf /'],
    ['mode', 4],
    ['mode', 0],
    ['mode', 3.5],
    ['sync', 1],
    ['sync', 'yes'],
  ])('rejects %s=%j', (key, value) => {
    expect(() => renderCommand('drop-caches', { ...base, [key]: value })).toThrow(InputError);
  });

  it.each([['$(id)'], [[]], [[0, 0]], [[-1]], [[1024]], [[1.5]], [['0; id']], ['0 1']])(
    'rejects nodes=%j',
    (nodes) => {
      expect(() => renderCommand('compact', { episode: 'e', stage: 's', nodes })).toThrow(InputError);
    },
  );

  it('rejects keys outside the allow-list and missing required keys', () => {
    expect(() => renderCommand('drop-caches', { ...base, PATH: '/tmp' })).toThrow(/takes no parameter PATH/);
    expect(() => renderCommand('probe', { mode: 3 })).toThrow(InputError);
    const { sync: _sync, ...noSync } = base;
    expect(() => renderCommand('drop-caches', noSync)).toThrow(/needs parameter sync/);
    expect(() => renderCommand('nope' as 'probe', {})).toThrow(InputError);
  });

  it('never lets an arbitrary string through as an id', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        let rendered: string | null = null;
        try {
          rendered = renderPreamble('compact', { episode: s, stage: 's', nodes: 'all' });
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
        if (rendered !== null) expect(s).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
      }),
    );
  });

  it('runs no injected command even when a payload is forced into the script by hand', () => {
    const root = makeNodeTree();
    const cmd = renderCommand('drop-caches', base);
    // what an unvalidated preamble would look like: the script's own checks still refuse it
    const forced = {
      ...cmd,
      content: cmd.content.replace("MEMFRAG_MODE='3'", "MEMFRAG_MODE='3; touch $MEMFRAG_ROOT/pwned'"),
    };
    const { code } = runOn(root, forced);
    expect(code).toBe(2);
    expect(() => readTree(root, 'pwned')).toThrow();
    expect(readTree(root, 'proc/sys/vm/drop_caches')).toBe('');
  });
});
