import { pagesAtOrAbove } from './contigPageInfo';
import { fragmentationScore, HPAGE_ORDER } from './fragmentationScore';
import { orderIndices } from './orderIndices';
import type { ZoneFree, ZoneMetrics, ZoneWatermarks } from './types';
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
  const indices = orderIndices(zone.free);
  const metrics: ZoneMetrics = {
    node: zone.node,
    zone: zone.zone,
    free: [...zone.free],
    freePages: freePagesOf(zone.free),
    freePagesAtOrAbove: pagesAtOrAbove(zone.free, targetOrder),
    unusableIndex: indices.unusableIndex,
    fragmentationIndex: indices.fragmentationIndex,
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
