import { factValueProblem } from './fact-values';

describe('factValueProblem', () => {
  const housingDate = { name: 'housingDate', type: 'date' as const, required: true };
  const route = { name: 'route', type: 'string' as const, required: false, values: ['werk', 'onderwijs'] };

  it('accepts a value of the declared type, and a missing optional fact', () => {
    expect(factValueProblem(housingDate, '2019-08-31')).toBeUndefined();
    expect(factValueProblem(route, 'werk')).toBeUndefined();
    expect(factValueProblem(route, null)).toBeUndefined();
  });

  it('names what is wrong: missing, wrong type, impossible date, value outside the list', () => {
    expect(factValueProblem(housingDate, undefined)).toBe('required date fact is missing');
    expect(factValueProblem(housingDate, '31-08-2019')).toBe('must be a date YYYY-MM-DD');
    expect(factValueProblem(housingDate, '2019-02-30')).toBe('must be a date YYYY-MM-DD');
    expect(factValueProblem({ name: 'age', type: 'number', required: true }, '35')).toBe('must be a number');
    expect(factValueProblem(route, 'zorg')).toBe('must be one of werk, onderwijs');
  });
});
