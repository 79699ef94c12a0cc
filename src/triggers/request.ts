/**
 * The one request every trigger is normalized into: which nodes, which runbook, why, and the key that
 * makes retries and re-notifications of the same alarm land on the same episode.
 */

/** How a trigger names a node before resolution to an instance id. */
export type NodeRef =
  | { kind: 'instance'; instanceId: string }
  | { kind: 'private-ip'; ip: string }
  | { kind: 'node-name'; nodeName: string; clusterId?: string };

export const RunbookName = { Fragmentation: 'fragmentation', Diagnose: 'diagnose' } as const;
export type RunbookName = (typeof RunbookName)[keyof typeof RunbookName];

export const TriggerSource = {
  CloudMonitor: 'cloud-monitor',
  Alertmanager: 'alertmanager',
  EventBridge: 'eventbridge',
  Manual: 'manual',
  Sweep: 'sweep',
} as const;
export type TriggerSource = (typeof TriggerSource)[keyof typeof TriggerSource];

/** Runbook parameters a request may set; every value is an enum or a bounded integer. */
export interface RunbookParams {
  dropCachesMode?: 1 | 2 | 3;
  syncFirst?: boolean;
  compactScope?: 'global' | 'numa';
  targetOrder?: number;
}

export interface RemediationRequest {
  source: TriggerSource;
  /** false for a recovery notification: recorded, acts on nothing */
  firing: boolean;
  nodes: NodeRef[];
  /** a cluster or tag selector (manual API only); resolved to nodes later */
  cluster?: string;
  tags?: Record<string, string>;
  runbook: RunbookName;
  /** a sentence for the records: what fired and why */
  reason: string;
  /** the same alarm occurrence (retries, re-notifications) always gives the same key */
  dedupKey: string;
  dryRun: boolean;
  /** restrict the stages that may run (manual API); absent = the runbook decides */
  stages?: ('drop_caches' | 'compact')[];
  /** pre-approve compaction (manual API) */
  approve?: boolean;
  params: RunbookParams;
}
