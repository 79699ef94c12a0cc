import { z } from 'zod';
import { createIdSource } from './tat/ids';
import { KERNEL_PRESETS, KERNEL_VERSIONS, type KernelPreset, type KernelVersion } from './tat/kernelContract';

/** Faults one emulated instance can be given (per group in the fleet spec, or at run time). */
export const FaultsSchema = z
  .object({
    agent: z.enum(['offline', 'not-installed']).optional(),
    instanceState: z.enum(['STOPPED']).optional(),
    delivery: z.enum(['failed', 'delayed']).optional(),
    taskTimeout: z.boolean().optional(),
    hang: z.boolean().optional(),
    garbled: z.boolean().optional(),
    hugeOutput: z.boolean().optional(),
    slowApiMs: z.number().int().min(0).max(60_000).optional(),
    exitCode: z.number().int().min(0).max(255).optional(),
  })
  .strict();
export type Faults = z.infer<typeof FaultsSchema>;

/** One group of identical instances. */
export const FleetGroupSchema = z
  .object({
    count: z.number().int().min(1).max(100_000),
    /** hostname prefix: the group's nodes are `<prefix>-<n>` */
    prefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/)
      .optional(),
    state: z.enum(KERNEL_PRESETS),
    kernel: z.enum(KERNEL_VERSIONS).default('6.x'),
    numaNodes: z.number().int().min(1).max(8).default(1),
    memoryMiB: z.number().int().min(256).max(4_194_304).default(2048),
    faults: FaultsSchema.optional(),
    /** CVM tags of the group's instances (DescribeInstances `tag:<key>` filters) */
    tags: z.record(z.string().regex(/^[\w.:/=+@ -]{1,127}$/), z.string().max(255)).optional(),
    /** the TKE cluster the group's nodes belong to (DescribeClusterInstances) */
    cluster: z
      .string()
      .regex(/^cls-[a-z0-9]{8}$/)
      .optional(),
  })
  .strict();

/** The fleet an emulator serves: groups of instances (JSON file for `memfrag emulator --fleet`). */
export const FleetSpecSchema = z.object({ groups: z.array(FleetGroupSchema).min(1) }).strict();
export type FleetSpec = z.input<typeof FleetSpecSchema>;

/** One emulated instance, fully resolved. */
export interface NodeSpec {
  instanceId: string;
  hostname: string;
  preset: KernelPreset;
  kernel: KernelVersion;
  numaNodes: number;
  memoryMiB: number;
  faults: Faults;
  /** the node model's own seed */
  seed: number;
  /** primary private IP, deterministic from the node's position: 10.<g>.<i / 250>.<i % 250 + 2> */
  privateIp: string;
  tags: Record<string, string>;
  clusterId?: string;
}

/** A fleet of `n` healthy instances (what `--nodes N` means without `--fleet`). */
export function uniformFleet(n: number): FleetSpec {
  return { groups: [{ count: n, state: 'healthy' }] };
}

/** Validates a spec and expands it to instances with ids deterministic from the seed. */
export function expandFleet(spec: FleetSpec, seed: number): NodeSpec[] {
  const parsed = FleetSpecSchema.parse(spec);
  const nextId = createIdSource(seed);
  const nodes: NodeSpec[] = [];
  for (const [g, group] of parsed.groups.entries()) {
    for (let i = 0; i < group.count; i++) {
      const instanceId = nextId('ins');
      nodes.push({
        instanceId,
        hostname: group.prefix ? `${group.prefix}-${i}` : `vm-${g}-${i}`,
        preset: group.state,
        kernel: group.kernel,
        numaNodes: group.numaNodes,
        memoryMiB: group.memoryMiB,
        faults: { ...group.faults },
        seed: (seed * 31 + nodes.length * 7919 + 1) >>> 0,
        privateIp: `10.${g % 256}.${Math.floor(i / 250) % 256}.${(i % 250) + 2}`,
        tags: { ...group.tags },
        ...(group.cluster ? { clusterId: group.cluster } : {}),
      });
    }
  }
  return nodes;
}
