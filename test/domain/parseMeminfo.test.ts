import { describe, expect, it } from 'vitest';
import { parseMeminfo } from '../../src/domain/parseMeminfo';
import { parseVmstat } from '../../src/domain/parseVmstat';

// Printed like fs/proc/meminfo.c show_val_kb (name padded to 16, `%8lu kB`); HugePages_* are plain counts.
const MEMINFO = `MemTotal:       24558672 kB
MemFree:          158732 kB
MemAvailable:   12543584 kB
Active(anon):    1564000 kB
HugePages_Total:       0
HugePages_Free:        0
Hugepagesize:       2048 kB
DirectMap1G:    23068672 kB
`;

describe('parseMeminfo', () => {
  it('reads kB values and HugePages counts by name', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({
      ok: true,
      value: {
        MemTotal: 24558672,
        MemFree: 158732,
        MemAvailable: 12543584,
        'Active(anon)': 1564000,
        HugePages_Total: 0,
        HugePages_Free: 0,
        Hugepagesize: 2048,
        DirectMap1G: 23068672,
      },
    });
  });

  it('names a garbled line', () => {
    expect(parseMeminfo(MEMINFO.replace('MemFree:          158732 kB', 'MemFree: lots'))).toEqual({
      ok: false,
      error: { message: 'not a meminfo line ("Name:   value kB")', line: 2, text: 'MemFree: lots' },
    });
  });

  it('refuses a repeated name and text without MemTotal', () => {
    expect(parseMeminfo(`${MEMINFO}MemFree: 1 kB\n`)).toMatchObject({ ok: false, error: { line: 9 } });
    expect(parseMeminfo('MemFree: 1 kB\n')).toMatchObject({
      ok: false,
      error: { line: 0, message: 'no MemTotal line' },
    });
  });
});

describe('parseVmstat', () => {
  it('reads counters by name', () => {
    const text = 'nr_free_pages 812211\ncompact_stall 12\ndrop_pagecache 1\npgmigrate_success 4410\n';
    expect(parseVmstat(text)).toEqual({
      ok: true,
      value: { nr_free_pages: 812211, compact_stall: 12, drop_pagecache: 1, pgmigrate_success: 4410 },
    });
  });

  it('names a garbled line and refuses text without nr_free_pages', () => {
    expect(parseVmstat('nr_free_pages 1\ncompact_stall\n')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(parseVmstat('compact_stall 1\n')).toMatchObject({ ok: false, error: { line: 0 } });
    expect(parseVmstat('nr_free_pages 1\nnr_free_pages 2\n')).toMatchObject({
      ok: false,
      error: { line: 2 },
    });
  });
});
