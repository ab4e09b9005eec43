import { graphql } from '../../../gql';

/**
 * The webhook settings the editor reads, shared by the Settings tab and the blueprint templates.
 * GraphQL cannot select a recursive type to any depth, so groups are read MAX_FILTER_DEPTH (4) levels deep; the
 * fifth level reads only `join`, enough to notice a filter built elsewhere that nests deeper than the editor can
 * show (the editor then leaves the filter untouched).
 */
export const FilterConditionFields = graphql(`
  fragment FilterConditionFields on FilterCondition {
    attribute
    operator
    value
  }
`);

export const FilterGroupFields = graphql(`
  fragment FilterGroupFields on FilterGroup {
    join
    conditions {
      ...FilterConditionFields
    }
    groups {
      join
      conditions {
        ...FilterConditionFields
      }
      groups {
        join
        conditions {
          ...FilterConditionFields
        }
        groups {
          join
          conditions {
            ...FilterConditionFields
          }
          groups {
            join
          }
        }
      }
    }
  }
`);

export const MappingFields = graphql(`
  fragment MappingFields on Mapping {
    from
    to
    default
    replace {
      value
      replacement
    }
    expression
  }
`);

export const VerificationFields = graphql(`
  fragment VerificationFields on Verification {
    scheme
    header
    algorithm
    encoding
    prefix
    timestampHeader
    toleranceSeconds
    username
  }
`);

/** What the secrets list shows of each secret: never its value, which the API returns only once. */
export const WebhookSecretFields = graphql(`
  fragment WebhookSecretFields on WebhookSecret {
    id
    hint
    createdAt
    expiresAt
  }
`);

export const WebhookSettingsFields = graphql(`
  fragment WebhookSettingsFields on Webhook {
    id
    name
    method
    endpoint
    url
    status
    action
    version
    successResponse
    errorResponse
    allowedActions
    filter {
      ...FilterGroupFields
    }
    mapping {
      ...MappingFields
    }
    verification {
      ...VerificationFields
      secrets {
        ...WebhookSecretFields
      }
    }
    idempotency {
      key
      windowHours
    }
    splitOn
  }
`);
