/**
 * A trajectory is identified by a municipality's own case reference, never by anything personal.
 * The Temporal workflow id is derived from it, which makes starting a trajectory idempotent.
 */

/** Letters, digits and dashes, 3–40 long, starting with a letter: `HLM-2019-0042`. */
const CASE_REFERENCE_PATTERN = /^[A-Za-z][A-Za-z0-9-]{2,39}$/;

/** Thrown when a case reference is malformed or could be a citizen service number (BSN). */
export class InvalidCaseReferenceError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid case reference: ${reason}`);
    this.name = 'InvalidCaseReferenceError';
  }
}

/**
 * Checks a case reference; returns the problem or `undefined`. Besides the shape, it refuses a
 * reference whose digits form a valid BSN (the eleven test), because workflow ids are visible to
 * every Temporal operator and must never carry a citizen number.
 */
export function caseReferenceProblem(reference: string): string | undefined {
  if (!CASE_REFERENCE_PATTERN.test(reference)) {
    return 'must be 3 to 40 letters, digits or dashes, starting with a letter';
  }
  const digitRuns = reference.match(/\d{8,9}/g) ?? [];
  if (digitRuns.some(passesElevenTest)) {
    return 'contains a number that could be a citizen service number (BSN); use the case number instead';
  }
  return undefined;
}

/** A municipality by its CBS code (`GM0392` is Haarlem, `GM0473` Zandvoort): names change, codes do not. */
export const MUNICIPALITY_CODE_PATTERN = /^GM\d{4}$/;

/** Thrown when a municipality is not given as its CBS code. */
export class InvalidMunicipalityCodeError extends Error {
  constructor(readonly code: string) {
    super(`Invalid municipality code '${code}': expected the CBS code, e.g. GM0392`);
    this.name = 'InvalidMunicipalityCodeError';
  }
}

/**
 * The id of a trajectory, used as its Temporal workflow id and in API paths: stable per
 * municipality and case reference (`GM0392.HLM-2019-0042`), so a second start is refused.
 */
export function trajectoryIdFor(municipality: string, reference: string): string {
  if (!MUNICIPALITY_CODE_PATTERN.test(municipality)) throw new InvalidMunicipalityCodeError(municipality);
  const problem = caseReferenceProblem(reference);
  if (problem) throw new InvalidCaseReferenceError(problem);
  return `${municipality}.${reference}`;
}

/** The BSN eleven test: 9 digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11. */
export function passesElevenTest(digits: string): boolean {
  const padded = digits.padStart(9, '0');
  if (!/^\d{9}$/.test(padded) || /^0+$/.test(padded)) return false;
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += Number(padded[index]) * (9 - index);
  sum -= Number(padded[8]);
  return sum % 11 === 0;
}

/** The municipality a trajectory belongs to: its id is `<CBS code>.<case reference>` (GM0392.HLM-2019-0042). */
export function municipalityOfTrajectory(trajectoryId: string): string | undefined {
  const municipality = trajectoryId.slice(0, trajectoryId.indexOf('.'));
  return MUNICIPALITY_CODE_PATTERN.test(municipality) ? municipality : undefined;
}
