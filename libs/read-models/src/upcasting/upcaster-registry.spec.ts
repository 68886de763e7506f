import { DuplicateUpcasterError, UpcasterRegistry, WEGWIJS_UPCASTERS } from './upcaster-registry';

describe('UpcasterRegistry', () => {
  it('brings an event through every step to the newest version', () => {
    const registry = new UpcasterRegistry()
      .register('task.created', 1, (payload) => ({ ...payload, team: 'klantmanagers' }))
      .register('task.created', 2, ({ title, ...rest }) => ({ ...rest, summary: title }));

    const upcast = registry.upcast({ type: 'task.created', schemaVersion: 1, payload: { taskId: 't1', title: 'Bel COA' } });

    expect(upcast).toEqual({ type: 'task.created', schemaVersion: 3, payload: { taskId: 't1', team: 'klantmanagers', summary: 'Bel COA' } });
  });

  it('returns an event at its current version unchanged', () => {
    const event = { type: 'milestone.recorded', schemaVersion: 1, payload: { milestone: 'intake.planAgreed' } };

    expect(WEGWIJS_UPCASTERS.upcast(event)).toBe(event);
  });

  it('refuses a second upcaster for the same step', () => {
    const registry = new UpcasterRegistry().register('task.created', 1, (payload) => payload);

    expect(() => registry.register('task.created', 1, (payload) => payload)).toThrow(DuplicateUpcasterError);
  });

  it('reads a version 1 trajectory.reassigned as version 2 with klantmanagerId', () => {
    const upcast = WEGWIJS_UPCASTERS.upcast({ type: 'trajectory.reassigned', schemaVersion: 1, payload: { assigneeId: 'km-0009' } });

    expect(upcast).toEqual({ type: 'trajectory.reassigned', schemaVersion: 2, payload: { klantmanagerId: 'km-0009' } });
  });
});
