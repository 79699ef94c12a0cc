import type { Machine } from './machine';
import { showMem } from './showMem';

const COMM = 'runc:[1:CHILD]';
const HARDWARE = 'Hardware name: Tencent Cloud CVM, BIOS seabios-1.9.1-qemu-project.org 04/01/2014';

/** The warn_alloc report of a failed high-order allocation, in the format of the model's kernel era. */
export function failureReport(m: Machine, order: number, pid: number): string[] {
  return m.era.modern ? modern(m, order, pid) : el7(m, order, pid);
}

/** 3.10 `warn_alloc_failed()`: the runc/nf_conntrack signature of CentOS 7 TKE nodes (L06/L07). */
function el7(m: Machine, order: number, pid: number): string[] {
  return [
    `${COMM}: page allocation failure: order:${order}, mode:0x10c0d0`,
    `CPU: 1 PID: ${pid} Comm: ${COMM} Kdump: loaded Tainted: G               ------------ T ${m.era.osrelease} #1`,
    HARDWARE,
    'Call Trace:',
    ' [<ffffffff81781fba>] dump_stack+0x19/0x1b',
    ' [<ffffffff811c4df0>] warn_alloc_failed+0x110/0x180',
    ' [<ffffffff8177d3e0>] __alloc_pages_slowpath+0x6b6/0x724',
    ' [<ffffffff811c9565>] __alloc_pages_nodemask+0x405/0x420',
    ' [<ffffffff811e3e8e>] kmalloc_order+0x1e/0x60',
    ' [<ffffffff812200ba>] __kmalloc+0x25a/0x290',
    ' [<ffffffff8122e9f2>] memcg_alloc_cache_params+0x142/0x160',
    ' [<ffffffff811e40c0>] do_kmem_cache_create+0x80/0x1e0',
    ' [<ffffffff811e4367>] kmem_cache_create+0x147/0x1b0',
    ' [<ffffffffc05b4de0>] nf_conntrack_init_net+0x100/0x270 [nf_conntrack]',
    ...showMem(m),
    `kmem_cache_create(nf_conntrack_${pid % 100000}) failed with error -12`,
  ];
}

/** 6.x `warn_alloc()`: decoded GFP flags, nodemask and cpuset on the header line (L18/L20). */
function modern(m: Machine, order: number, pid: number): string[] {
  const mems = m.nodes.length > 1 ? `0-${m.nodes.length - 1}` : '0';
  return [
    `${COMM}: page allocation failure: order:${order}, mode:0x440dc0(GFP_KERNEL_ACCOUNT|__GFP_COMP|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=${mems}`,
    `CPU: 1 UID: 0 PID: ${pid} Comm: ${COMM} Not tainted ${m.era.osrelease} #1 PREEMPT(voluntary)`,
    HARDWARE,
    'Call Trace:',
    ' <TASK>',
    ' dump_stack_lvl+0x5d/0x80',
    ' warn_alloc+0x163/0x190',
    ' ? __alloc_pages_direct_compact+0xb3/0x2b0',
    ' __alloc_pages_slowpath.constprop.0+0xd7d/0xde0',
    ' __alloc_frozen_pages_noprof+0x2f6/0x330',
    ' ___kmalloc_large_node+0x8c/0x130',
    ' __kmalloc_noprof+0x2a0/0x3e0',
    ' </TASK>',
    ...showMem(m),
  ];
}
