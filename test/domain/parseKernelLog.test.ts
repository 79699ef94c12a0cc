import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/domain/parseKernelLog';
import { loadSample } from '../fixtures/samples/loadSample';

describe('parseKernelLog on public samples (one per header era)', () => {
  it.each([
    ['L01', { comm: 'imap', order: 4, mode: '0xc0d0', line: 1 }],
    ['L03', { comm: 'mysqld', order: 4, mode: '0x10c0d0', line: 1 }],
    ['L06', { comm: 'exe', order: 6, mode: '0x10c0d0', line: 1, time: 'Nov 12 15:15:41' }],
    ['L07', { comm: 'runc:[1:CHILD]', order: 6, mode: '0xc0d0', line: 1, time: 'Jun  8 11:04:35' }],
    [
      'L13',
      {
        comm: 'java',
        order: 0,
        mode: '0x2084120',
        flags: ['GFP_ATOMIC', '__GFP_COLD', '__GFP_COMP'],
        line: 1,
      },
    ],
    [
      'L16',
      {
        comm: 'ip',
        order: 0,
        mode: '0x1080120',
        flags: ['GFP_ATOMIC', '__GFP_COLD'],
        nodemask: '(null)',
        cpuset: '/',
        memsAllowed: '0',
        line: 1,
        time: '44.478214',
      },
    ],
    [
      'L18',
      {
        comm: 'kworker/u16:3',
        order: 4,
        mode: '0x40dc0',
        flags: ['GFP_KERNEL', '__GFP_COMP', '__GFP_ZERO'],
        nodemask: '(null)',
        cpuset: '/',
        memsAllowed: '0',
        line: 1,
        time: 'Mon Apr 20 15:08:07 2020',
      },
    ],
    [
      'L20',
      {
        comm: 'kworker/10:2',
        order: 7,
        mode: '0xcc0',
        flags: ['GFP_KERNEL'],
        nodemask: '(null)',
        cpuset: '/',
        memsAllowed: '0',
        line: 1,
      },
    ],
    [
      'L22',
      {
        comm: 'irq/5-600c0004.',
        order: 0,
        mode: '0x820',
        flags: ['GFP_ATOMIC'],
        nodemask: '(null)',
        line: 1,
        time: '86554.227453',
      },
    ],
  ])('reads %s as exactly one failure with its fields', (id, failure) => {
    const f = parseKernelLog(loadSample(id));
    expect(f.failures).toEqual([failure]);
    expect(f.freeLists).toEqual([]);
  });

  it('turns the !NUMA Android free lists of M01 into node-0 rows with 4K pages', () => {
    const f = parseKernelLog(loadSample('M01'));
    expect(f.freeLists).toEqual([
      { node: 0, zone: 'DMA', free: [68324, 24706, 2, 0, 0, 0, 0, 0, 0, 0, 0] },
      { node: 0, zone: 'Normal', free: [270, 82, 48, 25, 12, 2, 1, 0, 0, 0, 0] },
    ]);
    expect(f.pageSize).toBe(4096);
    expect(f.failures).toEqual([]);
  });

  it('turns the two-node free lists of M02 into rows per node and zone', () => {
    const f = parseKernelLog(loadSample('M02'));
    expect(f.freeLists.map((z) => `${z.node}/${z.zone}`)).toEqual([
      '0/DMA',
      '0/DMA32',
      '0/Normal',
      '1/Normal',
    ]);
    expect(f.freeLists[3]!.free).toEqual([3422, 1039, 158, 852, 1125, 617, 329, 117, 18, 6, 3537]);
  });

  it('finds nothing in a log with nothing relevant', () => {
    expect(parseKernelLog(loadSample('B01'))).toEqual({
      failures: [],
      freeLists: [],
      slubFailures: 0,
      conntrackFallbacks: 0,
      oomKills: 0,
    });
    expect(parseKernelLog('').failures).toEqual([]);
  });
});

// The inputs below are synthetic (written here), each reproducing a hazard the reference describes.
describe('parseKernelLog hazards', () => {
  it('reads an Android kernel-log prefix glued to the comm, and its wall-clock time', () => {
    const prefix = '07-13 08:41:51.347 <4>[309805.658325s][pid:1361,cpu5,sManagerService]';
    const log = [
      `${prefix}sManagerService: page allocation failure: order:2, mode:0x2000d1`,
      `${prefix}DMA: 68324*4kB (UEM) 24706*8kB (UER) 2*16kB (U) 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 470976kB`,
    ].join('\n');
    const f = parseKernelLog(log);
    expect(f.failures).toEqual([
      { comm: 'sManagerService', order: 2, mode: '0x2000d1', line: 1, time: '07-13 08:41:51.347' },
    ]);
    expect(f.freeLists).toEqual([{ node: 0, zone: 'DMA', free: [68324, 24706, 2, 0, 0, 0, 0, 0, 0, 0, 0] }]);
  });

  it('splits rsyslog `#012` escapes into records but keeps the physical line number', () => {
    const log = [
      'Jun  8 11:04:30 node-1 kernel: e1000: link up',
      'Jun  8 11:04:35 node-1 kernel: runc:[1:CHILD]: page allocation failure: order:6, mode:0x10c0d0#012CPU: 13 PID: 187290 Comm: runc:[1:CHILD]#012Node 0 Normal: 1163*4kB (UME) 1101*8kB (UME) 932*16kB (UM) 222*32kB (U) 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 35476kB',
    ].join('\n');
    const f = parseKernelLog(log);
    expect(f.failures).toEqual([
      { comm: 'runc:[1:CHILD]', order: 6, mode: '0x10c0d0', line: 2, time: 'Jun  8 11:04:35' },
    ]);
    expect(f.freeLists).toEqual([
      { node: 0, zone: 'Normal', free: [1163, 1101, 932, 222, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it('gives interleaved pr_cont cpuset fragments to the failures in order, ignoring comm-less fragments', () => {
    const log = [
      '[  100.000001] a.out: page allocation failure: order:0, mode:0x480020(GFP_ATOMIC), nodemask=(null)',
      '[  100.000002] kworker/0:1: page allocation failure: order:3, mode:0x480020',
      '[  100.000002] (GFP_ATOMIC), nodemask=(null)',
      '[  100.000003] ,cpuset=/,mems_allowed=0',
      '[  100.000004] ,cpuset=docker,mems_allowed=0-1',
    ].join('\n');
    const f = parseKernelLog(log);
    expect(f.failures.map((x) => [x.comm, x.order, x.nodemask, x.cpuset, x.memsAllowed, x.line])).toEqual([
      ['a.out', 0, '(null)', '/', '0', 1],
      ['kworker/0:1', 3, undefined, undefined, undefined, 2],
    ]);
  });

  it('attaches the separate 4.10-4.15 cpuset record by comm, behind a syslog prefix', () => {
    const log = [
      'Jun 13 04:36:30 host kernel: Web Content: page allocation failure: order:4, mode:0x14040c0(GFP_KERNEL|__GFP_COMP), nodemask=(null)',
      'Jun 13 04:36:30 host kernel: Web Content cpuset=/ mems_allowed=0',
    ].join('\n');
    expect(parseKernelLog(log).failures).toEqual([
      {
        comm: 'Web Content',
        order: 4,
        mode: '0x14040c0',
        flags: ['GFP_KERNEL', '__GFP_COMP'],
        nodemask: '(null)',
        cpuset: '/',
        memsAllowed: '0',
        line: 1,
        time: 'Jun 13 04:36:30',
      },
    ]);
  });

  it('never takes the nodemask or cpuset of an OOM-killer report for a failure', () => {
    const log = [
      '[  5.1] ip: page allocation failure: order:1, mode:0x1080020(GFP_ATOMIC), nodemask=(null)',
      '[  5.2] stress invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0, oom_score_adj=0',
      '[  5.2] stress cpuset=/ mems_allowed=0',
      '[  5.3] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=stress,pid=9,uid=0',
      '[  5.4] exe: page allocation failure: order:6, mode:0x10c0d0',
      '[  5.5] nodemask=(null),cpuset=/,mems_allowed=0',
    ].join('\n');
    const f = parseKernelLog(log);
    expect(f.failures.map((x) => [x.comm, x.nodemask, x.cpuset])).toEqual([
      ['ip', '(null)', undefined],
      ['exe', undefined, undefined],
    ]);
  });

  it('reads ISO timestamps and counts SLUB failures, conntrack fallbacks and OOM kills', () => {
    const log = [
      '2024-03-26T10:00:00.123456+00:00 node-7 kernel: nf_conntrack: falling back to vmalloc.',
      '2024-03-26T10:00:01.000001+00:00 node-7 kernel: SLUB: Unable to allocate memory on node -1, gfp=0x480020(GFP_ATOMIC)',
      '2024-03-26T10:00:01.000002+00:00 node-7 kernel:   cache: kmalloc-2048, object size: 2048, buffer size: 2048, default order: 3, min order: 0',
      '2024-03-26T10:00:02.5+00:00 node-7 kernel: Out of memory: Kill process 4242 (java) score 900 or sacrifice child',
      '2024-03-26T10:00:02.6+00:00 node-7 kernel: Killed process 4242 (java) total-vm:9437184kB, anon-rss:8388608kB, file-rss:0kB',
      '2024-03-26T10:00:03+00:00 node-7 kernel: Memory cgroup out of memory: Killed process 77 (nginx) total-vm:1024kB, anon-rss:512kB',
      '2024-03-26T10:00:04+00:00 node-7 kernel: swapper/0: page allocation failure: order:0, mode:0x20',
    ].join('\n');
    const f = parseKernelLog(log);
    expect([f.conntrackFallbacks, f.slubFailures, f.oomKills]).toEqual([1, 1, 2]);
    expect(f.failures).toEqual([
      { comm: 'swapper/0', order: 0, mode: '0x20', line: 7, time: '2024-03-26T10:00:04+00:00' },
    ]);
  });

  it('keeps the most recent free list of a zone across several Mem-Info dumps', () => {
    const dump = (n: number) =>
      `Node 0 Normal: ${n}*4kB (U) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 1*4096kB (M) = ${n * 4 + 4096}kB`;
    const log = [
      dump(10),
      'Node 0 DMA32: 1*4kB (U) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 4kB',
      dump(20),
    ].join('\n');
    expect(parseKernelLog(log).freeLists.map((z) => [z.zone, z.free[0]])).toEqual([
      ['Normal', 20],
      ['DMA32', 1],
    ]);
  });
});
