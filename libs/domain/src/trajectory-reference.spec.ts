import {
  caseReferenceProblem,
  InvalidCaseReferenceError,
  InvalidMunicipalityCodeError,
  passesElevenTest,
  trajectoryIdFor,
} from './trajectory-reference';

describe('case references', () => {
  it('derive the trajectory id from the municipality code and the reference', () => {
    expect(trajectoryIdFor('GM0392', 'HLM-2019-0042')).toBe('GM0392.HLM-2019-0042');
  });

  it('refuse a municipality given by name instead of its CBS code', () => {
    expect(() => trajectoryIdFor('Haarlem', 'HLM-2019-0042')).toThrow(InvalidMunicipalityCodeError);
  });

  it('refuse shapes that are not a case number', () => {
    expect(caseReferenceProblem('42')).toMatch(/3 to 40/);
    expect(caseReferenceProblem('HLM 2019')).toMatch(/letters, digits or dashes/);
    expect(() => trajectoryIdFor('GM0392', 'x')).toThrow(InvalidCaseReferenceError);
  });

  it('refuse a reference that carries a valid citizen service number', () => {
    // 111222333 passes the eleven test: 9+8+7+12+10+8+9+6-3 = 66 = 6·11.
    expect(passesElevenTest('111222333')).toBe(true);
    expect(caseReferenceProblem('BSN-111222333')).toMatch(/citizen service number/);
  });

  it('accept a long number that fails the eleven test', () => {
    expect(passesElevenTest('111222334')).toBe(false);
    expect(caseReferenceProblem('HLM-111222334')).toBeUndefined();
  });
});
