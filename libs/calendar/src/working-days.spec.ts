import { addMonths } from './dates';
import { addWorkingDays, dutchPublicHolidays, easterSunday, isWorkingDay } from './working-days';

describe('working days for due dates', () => {
  it('finds Easter Sunday by the Gregorian rule', () => {
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
  });

  it('knows the Dutch public holidays of a year, with Koningsdag moved off a Sunday and Bevrijdingsdag in lustrum years', () => {
    expect([...dutchPublicHolidays(2014)].sort()).toEqual(['2014-01-01', '2014-04-21', '2014-04-26', '2014-05-29', '2014-06-09', '2014-12-25', '2014-12-26']);
    expect(dutchPublicHolidays(2020).has('2020-05-05')).toBe(true);
    expect(dutchPublicHolidays(2021).has('2021-05-05')).toBe(false);
  });

  it('counts working days past weekends and Christmas', () => {
    expect(addWorkingDays('2019-12-23', 3)).toBe('2019-12-30');
    expect(addWorkingDays('2019-08-30', 10)).toBe('2019-09-13');
    expect(isWorkingDay('2019-06-10')).toBe(false);
  });

  it('adds months with month-end clamping', () => {
    expect(addMonths('2019-08-31', 6)).toBe('2020-02-29');
    expect(addMonths('2019-08-31', 24)).toBe('2021-08-31');
    expect(addMonths('2021-11-30', 3)).toBe('2022-02-28');
    expect(addMonths('2020-02-29', -12)).toBe('2019-02-28');
  });
});
