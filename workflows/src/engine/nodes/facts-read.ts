import type { Simulation } from '../simulation';

/** When each fact an expression reads became known (epoch ms), for the "could have known" of a date. */
export function factsReadBy(sim: Simulation, expression: string): number[] {
  const names = new Set(expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return [...names].flatMap((name) => {
    const known = sim.factKnownSince.get(name);
    return known === undefined ? [] : [known];
  });
}
