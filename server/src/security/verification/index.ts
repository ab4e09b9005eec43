export { defaultIdempotencyKey, signatureHeaders } from './config.js';
export { generateSecret, secretHint, secretValueProblem, SECRET_LENGTH_LIMITS } from './secrets.js';
export { signForTest, type TestSignatureExtras } from './sign-for-test.js';
export { verifySender } from './verify-sender.js';
export * from './types.js';
