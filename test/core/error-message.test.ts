import { messageOf } from '../../core/error-message';

describe('messageOf', () => {
  it.each([
    [
      'an AWS error, whose name is the reason',
      Object.assign(new Error('User is not authorized to perform account:ListRegions'), { name: 'AccessDeniedException' }),
      'AccessDeniedException: User is not authorized to perform account:ListRegions',
    ],
    ['a plain Error, whose name says nothing', new Error('terraform is not on PATH'), 'terraform is not on PATH'],
    ['a TypeError', new TypeError('x is not a function'), 'TypeError: x is not a function'],
    ['a thrown string', 'socket hang up', 'socket hang up'],
  ])('gives %s in one line', (_, error, expected) => {
    // Act
    const message = messageOf(error);

    // Assess
    expect(message).toBe(expected);
  });
});
