/**
 * The test stack's tenancy: Amsterdam's (GM0363) trajectories in a namespace of their own, every
 * other code's in `default`. global-setup sets TEMPORAL_NAMESPACES from this; tools/cluster
 * registers these namespaces on the real cluster it runs the suite on.
 */
export const TEST_AMSTERDAM_NAMESPACE = 'wegwijs-amsterdam';

export const TEST_NAMESPACES_BY_MUNICIPALITY: Readonly<Record<string, string>> = Object.freeze({ GM0363: TEST_AMSTERDAM_NAMESPACE });
