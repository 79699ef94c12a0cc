import { pagesAtOrAbove } from './contigPageInfo';
import { fragmentationIndex } from './fragmentationIndex';
import { fragmentationScore, HPAGE_ORDER } from './fragmentationScore';
import type { ZoneFree, ZoneMetrics, ZoneWatermarks } from './types';
import { unusableIndex } from './unusableIndex';
import { freePagesOf, lowmemReserve, watermarkOk } from './watermark';

/** How to compute the watermark part of the metrics. */
export interface ZoneMetricsOptions {
  /** the <= 4.3 watermark algorithm */
  legacy?: boolean;
  /** the order kcompactd scores; 9 on x86_64 */
  scoreOrder?: number;
}

/** All kernel metrics of one zone: per-order indices, the score, and (with zoneinfo) the watermark check. */
export function zoneMetrics(
  zone: ZoneFree,
  targetOrder: number,
  watermarks?: ZoneWatermarks,
  opts: ZoneMetricsOptions = {},
): ZoneMetrics {
  const orders = zone.free.map((_, order) => order);
  const metrics: ZoneMetrics = {
    node: zone.node,
    zone: zone.zone,
    free: [...zone.free],
    freePages: freePagesOf(zone.free),
    freePagesAtOrAbove: pagesAtOrAbove(zone.free, targetOrder),
    unusableIndex: orders.map((order) => unusableIndex(zone.free, order)),
    fragmentationIndex: orders.map((order) => fragmentationIndex(zone.free, order)),
    score: fragmentationScore(zone.free, opts.scoreOrder ?? HPAGE_ORDER),
  };
  if (watermarks) {
    const reserve = lowmemReserve(watermarks);
    metrics.watermarkOk = watermarkOk(zone, watermarks, targetOrder, {
      legacy: opts.legacy ?? false,
      reserve,
    });
  }
  return metrics;
}
