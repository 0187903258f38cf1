import type { RunSummary } from '../core/ports.js';

/** A run's summary with nothing counted yet, for the window it covered (ISO times). */
export function emptySummary(window: { readonly from: string; readonly to: string }): RunSummary {
  return {
    window: { from: window.from, to: window.to },
    stopped: 0,
    started: 0,
    warned: 0,
    skipped: 0,
    failed: 0,
    retried: 0,
    failedRegions: [],
  };
}
