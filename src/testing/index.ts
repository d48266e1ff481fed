/** barbican/testing: drive a Security through the front door in tests. */

export type { TestRoute, TestSecurity, TestSecurityOverrides } from './create-test-security.js';
export { createTestSecurity, TEST_ORIGIN, TEST_SECRET_KEY } from './create-test-security.js';
export type { FetchLike, SendOptions, TestResponse } from './test-client.js';
export { TestClient } from './test-client.js';
