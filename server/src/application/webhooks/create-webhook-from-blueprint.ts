import { findBlueprint } from '../../catalogue/blueprints.js';
import { DomainError, Errors, ValidationError } from '../../domain/errors.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { requireAdmin, type Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { createWebhook } from './create-webhook.js';

/** Creates an INACTIVE webhook prefilled from a blueprint; the caller names it and may choose the endpoint. */
export async function createWebhookFromBlueprint(
  deps: Deps,
  actor: Actor,
  blueprintId: string,
  name: string,
  endpoint?: string | null,
): Promise<WebhookRecord> {
  requireAdmin(actor);
  const blueprint = findBlueprint(blueprintId);
  if (!blueprint) throw Errors.notFound('Blueprint', blueprintId);
  const chosenEndpoint = endpoint ?? blueprint.template.endpoint;
  if (!chosenEndpoint)
    throw Errors.badInput('endpoint', `The "${blueprint.name}" blueprint has no endpoint: give one.`);
  if (!blueprint.template.action) {
    throw Errors.badInput(
      'blueprintId',
      `The "${blueprint.name}" blueprint has no action: create the webhook with createWebhook and choose one.`,
    );
  }
  try {
    return await createWebhook(deps, actor, {
      ...blueprint.template,
      name,
      endpoint: chosenEndpoint,
      action: blueprint.template.action,
    });
  } catch (error) {
    throw renameFields(error);
  }
}

/** createWebhook reports fields as input.*; this mutation's name and endpoint are top-level arguments. */
function renameFields(error: unknown): unknown {
  if (error instanceof ValidationError) {
    return new ValidationError(error.issues.map((issue) => ({ ...issue, field: topLevel(issue.field) })));
  }
  if (error instanceof DomainError && error.field)
    return new DomainError(error.code, error.message, topLevel(error.field));
  return error;
}

function topLevel(field: string): string {
  return field === 'input.name' || field === 'input.endpoint' ? field.slice('input.'.length) : field;
}
