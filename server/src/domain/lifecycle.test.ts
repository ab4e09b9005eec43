import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { allowedActions, assertActivatable, transition, WEBHOOK_ACTIONS, type WebhookAction } from './lifecycle.js';
import { WEBHOOK_STATUSES, type VerificationScheme, type WebhookStatus } from './types.js';

/** The whole lifecycle, written out: every status × every action, allowed (with its target) or refused. */
const TABLE: Record<WebhookStatus, Record<WebhookAction, WebhookStatus | 'refused'>> = {
  INACTIVE: { EDIT: 'INACTIVE', ACTIVATE: 'ACTIVE', DEACTIVATE: 'refused', ARCHIVE: 'ARCHIVED' },
  ACTIVE: { EDIT: 'ACTIVE', ACTIVATE: 'refused', DEACTIVATE: 'INACTIVE', ARCHIVE: 'refused' },
  ARCHIVED: { EDIT: 'refused', ACTIVATE: 'refused', DEACTIVATE: 'refused', ARCHIVE: 'refused' },
};

function refusal(status: WebhookStatus, action: WebhookAction): DomainError {
  try {
    transition(status, action);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${action} from ${status} was expected to be refused`);
}

describe('transition', () => {
  it('the table covers every status and every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...WEBHOOK_STATUSES].sort());
    for (const status of WEBHOOK_STATUSES)
      expect(Object.keys(TABLE[status]).sort()).toEqual([...WEBHOOK_ACTIONS].sort());
  });

  const cases = WEBHOOK_STATUSES.flatMap((status) =>
    WEBHOOK_ACTIONS.map((action) => [status, action, TABLE[status][action]] as const),
  );

  it.each(cases.filter(([, , to]) => to !== 'refused'))('%s --%s--> %s', (status, action, to) => {
    expect(transition(status, action)).toBe(to);
  });

  it.each(cases.filter(([, , to]) => to === 'refused'))('%s refuses %s with INVALID_TRANSITION', (status, action) => {
    const error = refusal(status, action);
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.field).toBeUndefined();
    expect(error.message).toContain(status);
  });

  it('archiving is irreversible: nothing leads out of ARCHIVED', () => {
    for (const action of WEBHOOK_ACTIONS) expect(() => transition('ARCHIVED', action)).toThrow(DomainError);
  });
});

describe('transition messages say what the current status allows', () => {
  it('INACTIVE, asked to deactivate', () => {
    expect(refusal('INACTIVE', 'DEACTIVATE').message).toBe(
      'Cannot deactivate a webhook that is INACTIVE: from INACTIVE you may edit, activate or archive it.',
    );
  });

  it('ACTIVE, asked to activate', () => {
    expect(refusal('ACTIVE', 'ACTIVATE').message).toBe(
      'Cannot activate a webhook that is ACTIVE: from ACTIVE you may edit or deactivate it.',
    );
  });

  it('ACTIVE, asked to archive (it must be deactivated first)', () => {
    const message = refusal('ACTIVE', 'ARCHIVE').message;
    expect(message).toMatch(/^Cannot archive a webhook that is ACTIVE/);
    expect(message).toContain('deactivate');
    expect(message).not.toMatch(/may .*archive/);
  });

  it.each(WEBHOOK_ACTIONS)('ARCHIVED, asked to %s: final, nothing allowed', (action) => {
    const message = refusal('ARCHIVED', action).message;
    expect(message).toMatch(new RegExp(`^Cannot ${action.toLowerCase()} a webhook that is ARCHIVED`));
    expect(message).toContain('final');
    expect(message).not.toContain('you may');
  });
});

describe('allowedActions', () => {
  it.each([
    ['INACTIVE', ['EDIT', 'ACTIVATE', 'ARCHIVE']],
    ['ACTIVE', ['EDIT', 'DEACTIVATE']],
    ['ARCHIVED', []],
  ] as const)('%s allows %j', (status, expected) => {
    expect(allowedActions(status)).toEqual(expected);
  });

  it.each(WEBHOOK_STATUSES)('agrees with transition() for %s', (status) => {
    const allowed = allowedActions(status);
    for (const action of WEBHOOK_ACTIONS) {
      if (allowed.includes(action)) expect(() => transition(status, action)).not.toThrow();
      else expect(() => transition(status, action)).toThrow(DomainError);
    }
  });
});

describe('assertActivatable: fail closed', () => {
  it.each<[VerificationScheme, number, boolean]>([
    ['NONE', 0, true],
    ['NONE', 2, true],
    ['STANDARD_WEBHOOKS', 1, true],
    ['BASIC_AUTH', 3, true],
    ['STANDARD_WEBHOOKS', 0, false],
    ['GITHUB', 0, false],
    ['API_KEY', 0, false],
  ])('%s with %i live secrets: activatable %s', (scheme, live, activatable) => {
    if (activatable) {
      expect(() => assertActivatable(scheme, live)).not.toThrow();
      return;
    }
    let caught: unknown;
    try {
      assertActivatable(scheme, live);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('INVALID_TRANSITION');
    // It says why, and what to do about it.
    expect((caught as DomainError).message).toContain(`with ${scheme} but has no live secret`);
    expect((caught as DomainError).message).toContain('addWebhookSecret');
    expect((caught as DomainError).message).toContain('NONE');
  });
});
