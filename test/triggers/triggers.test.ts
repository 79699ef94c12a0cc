import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors';
import { fromManual } from '../../src/triggers/manual';
import { normalizeAlarm } from '../../src/triggers/normalizeAlarm';

const payload = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/payloads', name), 'utf8'));

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('Cloud Monitor callbacks', () => {
  it('normalizes the captured metric alarm with its string status and numeric period', () => {
    const [r] = normalizeAlarm(payload('cm-metric-real.json'));
    expect(r).toMatchObject({
      source: 'cloud-monitor',
      firing: true,
      nodes: [{ kind: 'instance', instanceId: 'ins-jis5nk7e' }],
      runbook: 'fragmentation',
      dedupKey: 'cm:policy-8f5m0jo2:ins-jis5nk7e:mem_usage:2021-05-11 20:31:00',
    });
    expect(r?.reason).toContain('MemoryUtilization');
    expect(r?.reason).toContain('90.683%');
  });

  it('marks a recovered event alarm as not firing with its own dedup key', () => {
    const [r] = normalizeAlarm(payload('cm-event-real.json'));
    expect(r?.firing).toBe(false);
    expect(r?.dedupKey).toMatch(/:recovered$/);
    expect(r?.nodes).toEqual([{ kind: 'instance', instanceId: 'ins-7hw5sju6' }]);
  });

  it('accepts the official samples and a numeric alarmStatus', () => {
    const metric = payload('cm-metric-official.json') as Record<string, unknown>;
    expect(normalizeAlarm({ ...metric, alarmStatus: 1 })[0]?.firing).toBe(true);
    expect(normalizeAlarm(payload('cm-event-official.json'))[0]?.nodes[0]).toEqual({
      kind: 'instance',
      instanceId: 'ins-pftdvqa2',
    });
  });

  it('gives retries of one alarm occurrence the same dedup key', () => {
    const a = normalizeAlarm(payload('cm-metric-real.json'))[0];
    const retry = { ...(payload('cm-metric-real.json') as object), sessionId: 'another', durationTime: 300 };
    expect(normalizeAlarm(retry)[0]?.dedupKey).toBe(a?.dedupKey);
  });

  it('falls back to the private IP in objName when there is no instance id', () => {
    const body = payload('cm-metric-real.json') as { alarmObjInfo: { dimensions: Record<string, unknown> } };
    delete body.alarmObjInfo.dimensions.unInstanceId;
    expect(normalizeAlarm(body)[0]?.nodes).toEqual([{ kind: 'private-ip', ip: '172.22.0.4' }]);
  });

  it('refuses a bad alarmStatus naming the field', () => {
    const body = { ...(payload('cm-metric-real.json') as object), alarmStatus: '7' };
    const e = inputError(() => normalizeAlarm(body));
    expect(e.field).toBe('alarmStatus');
    expect(e.message).toContain('alarmStatus');
  });

  it('refuses an alarm without any node naming the dimensions', () => {
    const body = payload('cm-metric-real.json') as { alarmObjInfo: { dimensions: unknown } };
    body.alarmObjInfo.dimensions = { objId: 'x' };
    expect(inputError(() => normalizeAlarm(body)).field).toBe('alarmObjInfo.dimensions');
  });
});

describe('Alertmanager webhooks', () => {
  it('turns each alert into a request, resolving the node from labels', () => {
    const rs = normalizeAlarm(payload('alertmanager-v4-tke.json'));
    expect(rs).toHaveLength(2);
    expect(rs[0]).toMatchObject({
      source: 'alertmanager',
      firing: true,
      nodes: [{ kind: 'private-ip', ip: '172.16.0.12' }],
    });
    expect(rs[0]?.dedupKey).toBe('am:5c3b1e0f9a7d2c11:2026-11-28T03:00:15.000Z');
    expect(rs[1]).toMatchObject({ firing: false, nodes: [{ kind: 'instance', instanceId: 'ins-k2m4p6q8' }] });
  });

  it('refuses the stock sample whose alert names no node', () => {
    expect(inputError(() => normalizeAlarm(payload('alertmanager-v4-sample.json'))).field).toBe(
      'alerts.0.labels',
    );
  });
});

describe('EventBridge deliveries', () => {
  it('normalizes a GuestOom CloudEvent', () => {
    const [r] = normalizeAlarm(payload('eventbridge-guestoom.json'));
    expect(r).toMatchObject({
      source: 'eventbridge',
      firing: true,
      nodes: [{ kind: 'instance', instanceId: 'ins-a1b2c3d4' }],
    });
    expect(r?.dedupKey).toBe('eb:13a3f42d-7258-4ada-da6d-023a333b4662');
  });

  it('unwraps a Cloud Monitor alarm carried in data', () => {
    const ev = {
      specversion: '1.0',
      id: 'e1',
      source: 'monitor.cloud.tencent',
      type: 'monitor:alarm',
      data: payload('cm-metric-real.json'),
    };
    const [r] = normalizeAlarm(ev);
    expect(r).toMatchObject({
      source: 'eventbridge',
      nodes: [{ kind: 'instance', instanceId: 'ins-jis5nk7e' }],
    });
  });
});

describe('manual requests', () => {
  it('normalizes a full request', () => {
    const r = fromManual(
      {
        instanceIds: ['ins-abcdef12'],
        reason: 'pods stuck in ContainerCreating',
        dryRun: true,
        stages: ['drop_caches'],
        params: { dropCachesMode: 1, compactScope: 'numa', targetOrder: 6 },
        idempotencyKey: 'op-42',
      },
      'req-1',
    );
    expect(r).toMatchObject({
      source: 'manual',
      dryRun: true,
      stages: ['drop_caches'],
      dedupKey: 'manual:op-42',
      params: { dropCachesMode: 1, compactScope: 'numa', targetOrder: 6 },
    });
  });

  it.each([
    [{ reason: 'x' }, 'instanceIds'],
    [{ instanceIds: ['ins-abcdef12; rm -rf /'], reason: 'x' }, 'instanceIds.0'],
    [{ instanceIds: ['ins-abcdef12'], reason: 'x', params: { dropCachesMode: 4 } }, 'params.dropCachesMode'],
    [{ instanceIds: ['ins-abcdef12'], reason: 'x', params: { targetOrder: 99 } }, 'params.targetOrder'],
    [{ instanceIds: ['ins-abcdef12'], reason: 'x', stagez: [] }, 'stagez'],
    [{ instanceIds: ['ins-abcdef12'] }, 'reason'],
  ])('refuses %j naming the field', (body, field) => {
    const e = inputError(() => fromManual(body, 'req'));
    if (field) expect(e.field).toBe(field);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('never throws anything but an InputError on arbitrary bodies', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        for (const fn of [() => normalizeAlarm(body), () => fromManual(body, 'r')]) {
          try {
            fn();
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
