import type { ProblemTypeDescriptor } from '../problem-details/problem-types';

/** The legal-clock endpoints' own problem types; stable `type` URIs like those in `ProblemType`. */
export const ClockProblemType = {
  clockNotFound: { type: '/problems/clock-not-found', title: "The trajectory's definition has no legal clock with this id", status: 404 },
  clockChangeNotPossible: {
    type: '/problems/clock-change-not-possible',
    title: 'The legal clock cannot be changed this way now',
    status: 409,
  },
} as const satisfies Record<string, ProblemTypeDescriptor>;
