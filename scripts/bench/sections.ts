import { accountsSection } from './accounts-section.js';
import { botColdStartSection, botStatusSection } from './bot-section.js';
import { bundleSection } from './bundle-section.js';
import { schedulerKindsSection } from './kinds-section.js';
import { scaleModelSection } from './scale-model-section.js';
import { schedulerSection } from './scheduler-section.js';
import type { BenchSection } from './section.js';
import { tableClientSection } from './table-client-section.js';

/** The sections of `npm run bench`, in report order: add yours here. */
export const SECTIONS: readonly BenchSection[] = [
  bundleSection,
  schedulerSection,
  schedulerKindsSection,
  botColdStartSection,
  botStatusSection,
  tableClientSection,
  accountsSection,
  scaleModelSection,
];
