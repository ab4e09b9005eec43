import {
  normaliseIdempotency,
  normaliseVerification,
  settingsIssues,
  type Issue,
  type SettingsChecks,
} from '@intake/rules';
import { expressionProblem } from '@intake/rules/expression';
import { patternProblem } from '@intake/rules/regex';
import { ValidationError } from './errors.js';
import { findEventDefinition } from './event-catalogue.js';
import type { FilterGroup, NewWebhookSettings, WebhookSettings } from './types.js';
import { CLEARABLE_FIELDS, type WebhookPatch } from './webhook-patch.js';

/**
 * The server's door to the settings checks of `@intake/rules` (which the console runs too, with the same words):
 * it supplies what only the server has at hand — RE2, JSONata and the event catalogue — and turns problems into a
 * ValidationError. A mapping expression is checked in full on save (syntax with its position, the sandbox's
 * refusals), at `input.mapping[i].expression`.
 */
const SERVER_CHECKS: SettingsChecks = {
  patternProblem,
  expressionProblem,
  isKnownAction: (name) => findEventDefinition(name) !== undefined,
};

/** Validates a complete configuration; returns it normalised (see `normalise`). */
export function validateWebhookSettings(input: NewWebhookSettings, prefix = 'input'): WebhookSettings {
  const issues = settingsIssues(input, prefix, SERVER_CHECKS);
  if (issues.length > 0) throw new ValidationError(issues);
  return normalise(input);
}

/** Validates only the keys present in a tri-state patch; null is allowed only where clearing makes sense. */
export function validateWebhookPatch(patch: WebhookPatch, prefix = 'input'): void {
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && !(CLEARABLE_FIELDS as readonly string[]).includes(key)) {
      issues.push({
        field: `${prefix}.${key}`,
        message:
          key === 'verification'
            ? 'verification cannot be cleared; choose the scheme NONE to accept unverified requests, or leave it out to keep it.'
            : `${key} cannot be cleared; give a value or leave it out to keep it.`,
      });
    }
  }
  issues.push(...settingsIssues(patch, prefix, SERVER_CHECKS));
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Valid settings as they are stored: the name trimmed, an empty filter as null, verification NONE when none was
 * given, verification and idempotency with their defaults written out (`@intake/rules` normalisers).
 */
export function normalise(settings: NewWebhookSettings): WebhookSettings {
  const filter = settings.filter && isEmptyGroup(settings.filter) ? null : settings.filter;
  return {
    ...settings,
    name: settings.name.trim(),
    filter,
    verification: normaliseVerification(settings.verification ?? { scheme: 'NONE' }),
    idempotency: settings.idempotency ? normaliseIdempotency(settings.idempotency) : null,
  };
}

function isEmptyGroup(group: FilterGroup): boolean {
  return (group.conditions ?? []).length === 0 && (group.groups ?? []).every(isEmptyGroup);
}
