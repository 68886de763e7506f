import type { CompiledFact } from './compiled-definition';
import { FeelEvaluationError, FeelResultTypeError } from './errors';
import { evaluateCondition, evaluateDate, evaluateInput, evaluateOutput } from './feel';

const facts: CompiledFact[] = [
  { name: 'housingDate', type: 'date', required: true },
  { name: 'age', type: 'number', required: true },
  { name: 'route', type: 'string', required: false, values: ['werk', 'onderwijs', 'klantmanager'] },
];

describe('FEEL over trajectory facts', () => {
  it('evaluates a gateway condition to a boolean', () => {
    expect(evaluateCondition('age < 30', { age: 24 }, facts)).toBe(true);
    expect(evaluateCondition('route = "werk"', { route: 'onderwijs' }, facts)).toBe(false);
  });

  it('refuses a condition that does not give a boolean, naming what it gave', () => {
    expect(() => evaluateCondition('age + 1', { age: 24 }, facts)).toThrow(FeelResultTypeError);
    expect(() => evaluateCondition('age < 30', {}, facts)).toThrow(/should give a boolean but gave null/);
  });

  it('refuses FEEL that does not parse', () => {
    expect(() => evaluateCondition('age <', { age: 3 }, facts)).toThrow(FeelEvaluationError);
  });

  it('computes a date from a date fact, calendar-correct', () => {
    expect(evaluateDate('housingDate + duration("P24M")', { housingDate: '2019-08-31' }, facts)).toBe('2021-08-31');
    expect(evaluateDate('housingDate + duration("P3Y")', { housingDate: '2020-02-29' }, facts)).toBe('2023-02-28');
  });

  it('refuses a date expression that gives something else', () => {
    expect(() => evaluateDate('age', { age: 3 }, facts)).toThrow(FeelResultTypeError);
  });

  it('maps task input and milestone output to fact values, dates as YYYY-MM-DD', () => {
    expect(evaluateInput({ due: 'housingDate + duration("P42D")', label: '"intake"' }, { housingDate: '2019-08-31' }, facts)).toEqual({
      due: '2019-10-12',
      label: 'intake',
    });
    expect(evaluateOutput({ route: 'payload.route' }, {}, facts, { payload: { route: 'werk' } })).toEqual({ route: 'werk' });
  });
});
