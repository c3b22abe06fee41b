import { deleteKeysByPrefix } from '../../scripts/kit/redis-keys';
import { dropDatabase } from '../../scripts/kit/services';

export default async function globalTeardown(): Promise<void> {
  const own = process.env.DUBAN_TEST_OWN_DATABASE;
  if (own) await dropDatabase(own);
  // The test apps' prefixes are `<own prefix>-<random>` (test-app.ts, notifications-app.ts).
  const ownPrefix = process.env.DUBAN_TEST_OWN_PREFIX;
  if (ownPrefix) {
    await deleteKeysByPrefix(`${ownPrefix}-`);
    await deleteKeysByPrefix(`${ownPrefix}:`);
  }
}
