/**
 * Compares two strings in a time that depends only on the length of `expected`, never on where they first differ.
 * Filter values are often shared secrets (the static tokens the original product recommends for authenticating
 * senders): an early exit would tell an attacker how much of a guessed token is right.
 */
export function stringsEqualInConstantTime(actual: string, expected: string): boolean {
  let difference = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    // Past the end of `actual`, charCodeAt gives NaN, which `| 0` turns into 0: still a difference to record.
    difference |= (actual.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  }
  return difference === 0;
}
