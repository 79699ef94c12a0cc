import { type Machine, uptimeMs } from './machine';
import { renderBuddyinfo, renderPagetypeinfo } from './renderBuddyinfo';
import { renderMeminfo, renderNodeMeminfo } from './renderMeminfo';
import { renderVmstat } from './renderVmstat';
import { renderZoneinfo } from './renderZoneinfo';

const CPUS = 2;

/** Every file the model exposes, by path relative to the node's root, with the kernel's exact text. */
export function renderFiles(m: Machine): Map<string, string> {
  const { nodes, era } = m;
  const files = new Map<string, string>();
  files.set('proc/buddyinfo', renderBuddyinfo(nodes));
  files.set('proc/pagetypeinfo', renderPagetypeinfo(nodes, era));
  files.set('proc/zoneinfo', renderZoneinfo(nodes, era));
  files.set('proc/meminfo', renderMeminfo(nodes, era));
  files.set('proc/vmstat', renderVmstat(nodes, era, m.events));
  files.set('proc/uptime', renderUptime(uptimeMs(m)));
  files.set('proc/sys/kernel/osrelease', `${era.osrelease}\n`);
  files.set('proc/sys/kernel/hostname', `${m.hostname}\n`);
  files.set('proc/sys/vm/extfrag_threshold', '500\n');
  files.set('proc/sys/vm/min_free_kbytes', `${m.minFreeKb}\n`);
  if (era.modern) {
    // compaction_proactiveness (5.9), watermark_scale_factor (4.6), watermark_boost_factor (5.0) are absent on 3.10
    files.set('proc/sys/vm/compaction_proactiveness', '20\n');
    files.set('proc/sys/vm/watermark_scale_factor', '10\n');
    files.set('proc/sys/vm/watermark_boost_factor', '15000\n');
    files.set('sys/kernel/mm/transparent_hugepage/enabled', 'always [madvise] never\n');
    files.set('sys/kernel/mm/transparent_hugepage/defrag', 'always defer defer+madvise [madvise] never\n');
  } else {
    files.set('sys/kernel/mm/transparent_hugepage/enabled', '[always] madvise never\n');
    files.set('sys/kernel/mm/transparent_hugepage/defrag', '[always] madvise never\n');
  }
  nodes.forEach((zones, n) => {
    files.set(`sys/devices/system/node/node${n}/meminfo`, renderNodeMeminfo(zones));
  });
  files.set('dmesg', m.log.text());
  files.set('pagesize', '4096\n');
  return files;
}

/** /proc/uptime: `%lu.%02lu %lu.%02lu` seconds up and idle (summed over CPUs). */
function renderUptime(ms: number): string {
  const cs = Math.floor(ms / 10);
  const idle = Math.floor(cs * CPUS * 0.93);
  const fmt = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  return `${fmt(cs)} ${fmt(idle)}\n`;
}
