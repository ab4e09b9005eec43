import { describe, expect, it } from 'vitest';
import { secretsChange } from './webhook-history.js';
import {
  expiryAfterRotation,
  isLiveSecret,
  rotate,
  rotationGraceProblem,
  type WebhookSecretSummary,
} from './webhook-secrets.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-01T12:00:00.000Z');

describe('isLiveSecret', () => {
  it.each<[string | null, boolean]>([
    [null, true],
    ['2026-12-01T12:00:00.001Z', true],
    ['2026-12-01T12:00:00.000Z', false],
    ['2026-11-30T00:00:00.000Z', false],
  ])('expiring at %s: live %s', (expiresAt, live) => {
    expect(isLiveSecret({ expiresAt: expiresAt === null ? null : at(expiresAt) }, NOW)).toBe(live);
  });
});

describe('rotationGraceProblem', () => {
  it.each<[number, boolean]>([
    [0, true],
    [86_400, true],
    [7_776_000, true],
    [7_776_001, false],
    [-1, false],
    [1.5, false],
  ])('%s seconds accepted: %s', (seconds, accepted) => {
    expect(rotationGraceProblem(seconds) === null).toBe(accepted);
  });
});

describe('rotation', () => {
  const graceEnd = at('2026-12-02T12:00:00.000Z');

  it('never extends a secret that was due to expire sooner', () => {
    expect(expiryAfterRotation(null, graceEnd)).toEqual(graceEnd);
    expect(expiryAfterRotation(at('2026-12-01T13:00:00.000Z'), graceEnd)).toEqual(at('2026-12-01T13:00:00.000Z'));
    expect(expiryAfterRotation(at('2026-12-09T00:00:00.000Z'), graceEnd)).toEqual(graceEnd);
  });

  it('puts the new secret first and gives the older ones the end of the grace period', () => {
    const older: WebhookSecretSummary = {
      id: 'a',
      hint: '…aaaa',
      createdAt: at('2026-11-01T00:00:00Z'),
      expiresAt: null,
    };
    const added: WebhookSecretSummary = { id: 'b', hint: '…bbbb', createdAt: NOW, expiresAt: null };
    expect(rotate([older], added, graceEnd)).toEqual([added, { ...older, expiresAt: graceEnd }]);
  });
});

describe('secretsChange: what the history records', () => {
  it('lists ids, hints and dates before and after, and nothing else', () => {
    const secret: WebhookSecretSummary = { id: 's1', hint: '…x9Qa', createdAt: NOW, expiresAt: null };
    expect(secretsChange([], [secret])).toEqual({
      field: 'secrets',
      before: [],
      after: [{ id: 's1', hint: '…x9Qa', createdAt: '2026-12-01T12:00:00.000Z', expiresAt: null }],
    });
  });
});
