/**
 * "Did you mean": the known names nearest to a misspelt one, by edit distance. Used by every
 * UNKNOWN_* problem so a policy officer sees `intake.completed` when they wrote `intake.complete`.
 *
 *   nearestNames('intake.complete', ['intake.completed', 'plan.agreed']); // ['intake.completed']
 *
 * The distance is the textbook Levenshtein dynamic programme (a dozen lines; the names compared
 * are short), case-insensitive so `Housingdate` finds `housingDate`.
 */

/** Insertions, deletions and substitutions needed to turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Up to `limit` known names close enough to be what was meant: within a third of the name's
 * length (at least 2 edits), or containing it / contained in it (`completed` → `intake.completed`).
 */
export function nearestNames(name: string, known: Iterable<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return [...new Set(known)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const contains = wanted.length >= 4 && (lower.includes(wanted) || wanted.includes(lower));
      return { candidate, distance: editDistance(wanted, lower), contains };
    })
    .filter(({ distance, contains }) => distance <= threshold || contains)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** " (did you mean 'a' or 'b'?)", or "" when nothing is near. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((suggestion) => `'${suggestion}'`);
  return ` (did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0]}?)`;
}
