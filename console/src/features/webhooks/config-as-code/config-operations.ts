import { graphql } from '../../../gql';

/** The account's webhooks that are not archived, as a versioned JSON document (secrets left out). */
export const ExportWebhooksQuery = graphql(`
  query ExportWebhooks($ids: [ID!]) {
    exportWebhooks(ids: $ids)
  }
`);

/** A dry run (`dryRun: true`) plans; without it the plan is applied in one transaction. */
export const ImportWebhooksMutation = graphql(`
  mutation ImportWebhooks($document: JSON!, $dryRun: Boolean) {
    importWebhooks(document: $document, dryRun: $dryRun) {
      applied
      changes {
        endpoint
        kind
        fields
        notes
        webhookId
      }
    }
  }
`);
