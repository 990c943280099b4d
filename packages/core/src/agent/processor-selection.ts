import { type BoundProcessor } from './bound-processor';

/** The processors a message selects: those that run on arrival, and those that wait their turn. */
export interface Selection {
  now: BoundProcessor[];
  queued: BoundProcessor[];
}

/** What a message nobody processes selects. */
export const NONE: Selection = { now: [], queued: [] };

/** Splits processors by their `onArrival` option, keeping their order. */
export function split(processors: BoundProcessor[]): Selection {
  return {
    now: processors.filter((p) => p.definition.onArrival === true),
    queued: processors.filter((p) => p.definition.onArrival !== true),
  };
}
