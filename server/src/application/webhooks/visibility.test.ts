import { describe, expect, it } from 'vitest';
import type { Role, WebhookStatus } from '../../domain/types.js';
import type { WebhookRecord } from '../../domain/webhook.js';
import { isVisibleTo, webhookStatusesVisibleTo } from './visibility.js';

describe('webhook visibility', () => {
  it.each<[Role, WebhookStatus, boolean]>([
    ['ADMIN', 'INACTIVE', true],
    ['ADMIN', 'ACTIVE', true],
    ['ADMIN', 'ARCHIVED', true],
    ['READER', 'INACTIVE', false],
    ['READER', 'ACTIVE', true],
    ['READER', 'ARCHIVED', false],
  ])('%s sees a %s webhook: %s', (role, status, visible) => {
    expect(isVisibleTo(role, { status } as WebhookRecord)).toBe(visible);
    expect(webhookStatusesVisibleTo(role).includes(status)).toBe(visible);
  });
});
