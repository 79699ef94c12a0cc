import { Mt } from './constants';

/** A migratetype row as one kernel era names and orders it. */
export interface MtRow {
  id: number;
  name: string;
  /** letter in Mem-Info free-list lines (`show_migration_types`) */
  letter: string;
}

/** What differs between the two kernel generations the model emulates. */
export interface Era {
  modern: boolean;
  osrelease: string;
  /** migratetype_names[] order of this era */
  mtRows: MtRow[];
  /** MAX_NR_ZONES: entries of `protection:` */
  zoneCount: number;
  /** zone names in enum order (unpopulated ones are printed by 6.x zoneinfo) */
  zoneNames: string[];
}

/** 6.18 (x86_64, CONFIG_CMA off, CONFIG_MEMORY_ISOLATION on): the rows of sample B19. */
export const MODERN: Era = {
  modern: true,
  osrelease: '6.18.0-memfrag',
  mtRows: [
    { id: Mt.Unmovable, name: 'Unmovable', letter: 'U' },
    { id: Mt.Movable, name: 'Movable', letter: 'M' },
    { id: Mt.Reclaimable, name: 'Reclaimable', letter: 'E' },
    { id: Mt.Special, name: 'HighAtomic', letter: 'H' },
    { id: Mt.Isolate, name: 'Isolate', letter: 'I' },
  ],
  zoneCount: 5,
  zoneNames: ['DMA', 'DMA32', 'Normal', 'Movable', 'Device'],
};

/** CentOS 7 3.10.0-1160: Reclaimable before Movable and a Reserve type (sample P01). */
export const EL7: Era = {
  modern: false,
  osrelease: '3.10.0-1160.el7.x86_64',
  mtRows: [
    { id: Mt.Unmovable, name: 'Unmovable', letter: 'U' },
    { id: Mt.Reclaimable, name: 'Reclaimable', letter: 'E' },
    { id: Mt.Movable, name: 'Movable', letter: 'M' },
    { id: Mt.Special, name: 'Reserve', letter: 'R' },
    { id: Mt.Isolate, name: 'Isolate', letter: 'I' },
  ],
  zoneCount: 4,
  zoneNames: ['DMA', 'DMA32', 'Normal', 'Movable'],
};
