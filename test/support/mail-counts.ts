import type { CapturedMail } from '../../scripts/kit/mail-capture';

/** The Delivery row an email came from (the service sets Message-ID `<delivery-<id>@…>`). */
export const deliveryIdOf = (m: CapturedMail): string =>
  /<delivery-([0-9a-f-]{36})@/.exec(m.messageId)?.[1] ?? `unknown-${m.id}`;

export const countBy = <T>(xs: T[]): Map<T, number> => {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return counts;
};

/** Task numbers listed in a digest's text (`第N项`). */
export const listedTaskNumbers = (m: CapturedMail): number[] =>
  [...m.text.matchAll(/第(\d+)项/g)].map((x) => Number(x[1]));
