import { Errors } from '../domain/errors.js';
import type { Role } from '../domain/types.js';

/** Who is calling: every use case takes one and works inside its account only. */
export interface Actor {
  accountId: string;
  accountSlug: string;
  role: Role;
  /** For change history: "user:<email>" or "api-key:<name>". */
  label: string;
  userId?: string;
  apiKeyId?: string;
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'ADMIN') throw Errors.forbidden();
}
