import type { VerificationScheme } from '@intake/rules';

/** The scheme as the admin knows it: the sender's name, or what the sender does. */
export const SCHEME_LABELS: Record<VerificationScheme, string> = {
  NONE: 'None (unverified)',
  STANDARD_WEBHOOKS: 'Standard Webhooks (Svix)',
  STRIPE: 'Stripe',
  GITHUB: 'GitHub',
  SHOPIFY: 'Shopify',
  WOOCOMMERCE: 'WooCommerce',
  SLACK: 'Slack',
  HMAC: 'HMAC signature (any sender)',
  BASIC_AUTH: 'Basic authentication',
  API_KEY: 'API key in a header',
};

/** What the sender is, which header it signs or sends, and where its secret comes from. */
export const SCHEME_DESCRIPTIONS: Record<VerificationScheme, string> = {
  NONE:
    'Every request to the URL is accepted. Choose it only for a sender that can neither sign its requests nor send ' +
    'a secret, and then protect the webhook with a token condition in the filter.',
  STANDARD_WEBHOOKS:
    'Senders that follow the Standard Webhooks specification, such as Svix and the services built on it. They send ' +
    'webhook-id, webhook-timestamp and webhook-signature (or svix-id, svix-timestamp and svix-signature): an ' +
    'HMAC-SHA256 in base64 of "id.timestamp.body". The secret looks like whsec_…',
  STRIPE:
    'Stripe signs every event in the Stripe-Signature header: t=<timestamp>,v1=<HMAC-SHA256 in hex of "t.body">. ' +
    "Use the endpoint's signing secret (whsec_…) from the Stripe Dashboard. Events older than the tolerance are refused.",
  GITHUB:
    'GitHub signs the body in X-Hub-Signature-256: sha256=<HMAC-SHA256 in hex>. Put the same secret in the "Secret" ' +
    "field of the repository's or organisation's webhook.",
  SHOPIFY: "Shopify signs the body in X-Shopify-Hmac-Sha256 (HMAC-SHA256 in base64) with the app's client secret.",
  WOOCOMMERCE:
    'WooCommerce signs the body in X-WC-Webhook-Signature (HMAC-SHA256 in base64) with the webhook\'s "Secret". ' +
    'Its unsigned ping when the webhook is saved there is answered 200 and registers nothing.',
  SLACK:
    'Slack signs "v0:timestamp:body" in X-Slack-Signature (v0=<HMAC-SHA256 in hex>) and sends the timestamp in ' +
    "X-Slack-Request-Timestamp. Use the app's signing secret.",
  HMAC:
    'Any sender that signs the raw body with a shared secret: say which header carries the signature, with which ' +
    'algorithm and encoding. With a timestamp header, the signed content is "timestamp.body" and requests further ' +
    'than the tolerance from now are refused.',
  BASIC_AUTH: 'The sender sends Authorization: Basic with a username and a password; the password is the secret.',
  API_KEY:
    'The sender sends the secret itself in a header. With the header "authorization" it sends ' +
    'Authorization: Bearer <secret>.',
};
