// Integration and e2e tests talk to real services; a generous per-test limit, never a retry.
jest.setTimeout(60_000);
