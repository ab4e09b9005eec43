import { describe, expect, it } from 'vitest';
import { likePattern } from './like.js';

describe('likePattern', () => {
  it.each([
    ['ada', '%ada%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['', '%%'],
  ])('%j → %j', (text, pattern) => {
    expect(likePattern(text)).toBe(pattern);
  });
});
