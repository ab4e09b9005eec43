/**
 * Encryption at rest, as use cases and repositories see it (implemented by security/secret-box.ts with
 * AES-256-GCM under INTAKE_SECRET_KEY). Application code never touches a cipher itself.
 */
export interface SecretBox {
  /** The sealed form of `plain`, safe to store: a different text every time. */
  seal(plain: string): string;
  /** The plain text of what `seal` produced with the same key; throws on another key or any tampering. */
  open(sealed: string): string;
}
