import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, isLeafType } from 'graphql';
import { DomainError } from '../../domain/errors.js';

/** Bytes a JSON answer spends on one value, counted until `budget` is passed (then any larger number). */
export function jsonSize(value: unknown, budget: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= budget) {
    const item = stack.pop();
    if (typeof item === 'string') size += Buffer.byteLength(item) + 2;
    else if (item instanceof Date) size += 26;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) stack.push(element);
    } else if (item !== null && typeof item === 'object') {
      size += 2;
      for (const [key, element] of Object.entries(item)) {
        size += Buffer.byteLength(key) + 4;
        stack.push(element);
      }
    } else size += 8;
  }
  return size;
}

function answerTooLarge(maxBytes: number): DomainError {
  const megabytes = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new DomainError(
    'LIMIT_REACHED',
    `The answer would be larger than ${megabytes} MB. Ask for fewer items per page (first) or leave out large ` +
      'fields such as requestBody.',
  );
}

/**
 * Stops building an answer once its values pass `maxBytes`: every field resolved after that fails at once, and the
 * whole answer is replaced by one LIMIT_REACHED error with HTTP 400. The cost limit keeps ordinary operations far
 * below this; it guards against what prices cannot see (e.g. every log of a page having a body at the size limit).
 */
export function answerSizeLimit(maxBytes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let bytes = 0;
      let refused: DomainError | null = null;
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (refused) throw refused;
              return (error, result) => {
                if (error || refused) return;
                bytes += info.fieldName.length + 4;
                if (isLeafType(getNamedType(info.returnType))) bytes += jsonSize(result, maxBytes - bytes);
                if (bytes > maxBytes) refused = answerTooLarge(maxBytes);
              };
            },
          };
        },
        async willSendResponse({ response }) {
          if (!refused || response.body.kind !== 'single') return;
          response.body.singleResult = {
            errors: [new GraphQLError(refused.message, { extensions: { code: refused.code } }).toJSON()],
          };
          response.http.status = 400;
        },
      };
    },
  };
}
