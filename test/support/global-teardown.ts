import { dropDatabase } from '../../scripts/kit/services';

export default async function globalTeardown(): Promise<void> {
  const own = process.env.DUBAN_TEST_OWN_DATABASE;
  if (own) await dropDatabase(own);
}
