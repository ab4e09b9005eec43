import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldChange } from '../../domain/webhook-history.js';
import { WebhookChangeEntity, WebhookEntity } from '../../persistence/entities/index.js';
import type { Actor } from '../actor.js';

/** Adds a history entry to the unit of work; it commits with the change it describes. */
export function recordChange(
  em: EntityManager,
  webhookId: string,
  version: number,
  actor: Actor,
  kind: string,
  changes: FieldChange[],
): void {
  em.persist(
    em.create(WebhookChangeEntity, {
      webhook: em.getReference(WebhookEntity, webhookId),
      actor: actor.label,
      kind,
      version,
      changes,
    }),
  );
}
