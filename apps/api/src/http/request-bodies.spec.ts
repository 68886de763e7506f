import { depthExceeds, MAX_BODY_DEPTH } from './request-bodies';

const nested = (depth: number): unknown => (depth === 1 ? {} : { child: nested(depth - 1) });

describe('depthExceeds', () => {
  it('counts the body itself as level 1 and each array or object inside it as one more', () => {
    expect(depthExceeds({ facts: { housingDate: '2019-08-31' } }, 2)).toBe(false);
    expect(depthExceeds({ facts: { dates: ['2019-08-31'] } }, 2)).toBe(true);
    expect(depthExceeds('a string body', 0)).toBe(false);
  });

  it('takes a body exactly as deep as the limit and refuses one level more', () => {
    expect(depthExceeds(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(depthExceeds(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
  });

  it('measures a body nested a hundred thousand levels deep without overflowing the stack', () => {
    const depth = 100_000;
    expect(depthExceeds(JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`), MAX_BODY_DEPTH)).toBe(true);
  });
});
