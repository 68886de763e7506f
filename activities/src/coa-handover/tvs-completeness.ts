/**
 * How complete a TVS profile is, against what the 2019 report (§4) says COA should supply:
 * education, work experience and activities in the reception centre, plus the care and WMO needs
 * the handover is for ("tijdige inzet van eventuele WMO-voorzieningen").
 *
 *   scoreTvsProfile({ education: 'mbo 2', workExperience: [] }) // { score: 0.25, complete: false, missing: [...] }
 */
import { TVS_SECTIONS, TvsSection } from '../activity-events';
import type { TvsProfile } from './tvs-profile-source';

export interface TvsCompleteness {
  readonly complete: boolean;
  /** Share of the sections filled, 0 to 1, two decimals. */
  readonly score: number;
  readonly present: TvsSection[];
  readonly missing: TvsSection[];
}

export function scoreTvsProfile(profile: TvsProfile): TvsCompleteness {
  const present = TVS_SECTIONS.filter((section) => isFilled(profile[section]));
  const missing = TVS_SECTIONS.filter((section) => !present.includes(section));
  return { complete: missing.length === 0, score: Math.round((present.length / TVS_SECTIONS.length) * 100) / 100, present, missing };
}

/** Dutch names of the sections, for task titles. */
export const TVS_SECTION_LABELS: Readonly<Record<TvsSection, string>> = {
  education: 'opleiding',
  workExperience: 'werkervaring',
  receptionActivities: 'activiteiten in de opvang',
  careAndWmoNeeds: 'zorg- en Wmo-behoefte',
};

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.some(isFilled);
  if (typeof value === 'object') return Object.values(value).some(isFilled);
  return true;
}
