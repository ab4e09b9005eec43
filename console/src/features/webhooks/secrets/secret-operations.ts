import { graphql } from '../../../gql';

/**
 * What a secret change alters on the webhook: its version (saving the settings afterwards must not read as a
 * concurrent change) and the secrets list, which the cache updates in every view.
 */
export const WebhookSecretsChange = graphql(`
  fragment WebhookSecretsChange on Webhook {
    id
    version
    updatedAt
    verification {
      scheme
      secrets {
        ...WebhookSecretFields
      }
    }
  }
`);

export const AddWebhookSecretMutation = graphql(`
  mutation AddWebhookSecret($id: ID!, $secret: String, $expirePreviousInSeconds: Int) {
    addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $expirePreviousInSeconds) {
      secret
      webhook {
        ...WebhookSecretsChange
      }
    }
  }
`);

export const RemoveWebhookSecretMutation = graphql(`
  mutation RemoveWebhookSecret($id: ID!, $secretId: ID!) {
    removeWebhookSecret(id: $id, secretId: $secretId) {
      ...WebhookSecretsChange
    }
  }
`);
