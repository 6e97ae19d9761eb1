import fc from 'fast-check';
import { binaryString } from './arbitraries';

describe('binaryString, the property tests’ stand-in for fc.string({ unit: "binary" })', () => {
  it('draws from all of Unicode but the lone surrogates, control characters and astral planes included', () => {
    // Act
    const codePoints = fc.sample(binaryString({ minLength: 1, maxLength: 1 }), { numRuns: 5_000, seed: 17 }).map((text) => text.codePointAt(0) as number);

    // Assess
    expect(codePoints.some((codePoint) => codePoint < 0x20)).toBe(true);
    expect(codePoints.some((codePoint) => codePoint > 0xffff)).toBe(true);
    expect(codePoints.filter((codePoint) => codePoint >= 0xd800 && codePoint <= 0xdfff)).toEqual([]);
    expect(Math.max(...codePoints)).toBeLessThanOrEqual(0x10ffff);
  });

  it('shrinks a failing string to its smallest counterexample, as fast-check’s own unit does', () => {
    // Act: a property that fails on any string holding a character above the Basic Multilingual Plane.
    const details = fc.check(
      fc.property(binaryString(), (text) => ![...text].some((character) => (character.codePointAt(0) as number) > 0xffff)),
      { seed: 17, numRuns: 2_000 },
    );

    // Assess
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toBe(String.fromCodePoint(0x10000));
  });
});
