import type { ProblemTypeDescriptor } from '../problem-details/problem-types';

/** The codec endpoints' own problem types; stable `type` URIs like those in `ProblemType`. */
export const CodecProblemType = {
  namespaceNotServed: {
    type: '/problems/codec-namespace-not-served',
    title: 'This codec serves only the Wegwijs Temporal namespaces',
    status: 403,
  },
  namespaceNotYours: {
    type: '/problems/codec-namespace-not-yours',
    title: 'This namespace holds the trajectories of other municipalities than yours',
    status: 403,
  },
  sessionLinkUsed: {
    type: '/problems/codec-session-link-used',
    title: 'This codec session link has been used already',
    status: 409,
  },
  originNotAllowed: {
    type: '/problems/codec-origin-not-allowed',
    title: 'Only the Temporal Web UI may call the codec endpoints from a browser',
    status: 403,
  },
} as const satisfies Record<string, ProblemTypeDescriptor>;
