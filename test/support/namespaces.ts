/** The namespace the test stack keeps Amsterdam's (GM0363) trajectories in; every other code's are in `default`. */
export const TEST_AMSTERDAM_NAMESPACE = 'wegwijs-amsterdam';
