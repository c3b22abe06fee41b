/** Chinese numerals (一, 十二, 一百零五) and Arabic figures read as numbers. */

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十二 → 12, 二十一 → 21, 一百零五 → 105; null when not a plain Chinese numeral. */
export function chineseToNumber(s: string): number | null {
  if (!s || !/^[零〇○一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  let seenDigit = false;
  for (const c of s) {
    if (c === '百') {
      total += (seenDigit ? digit : 1) * 100;
      digit = 0;
      seenDigit = false;
    } else if (c === '十') {
      total += (seenDigit ? digit : 1) * 10;
      digit = 0;
      seenDigit = false;
    } else {
      digit = CN_DIGITS[c];
      seenDigit = true;
    }
  }
  return total + (seenDigit ? digit : 0);
}

/** Arabic or Chinese numeral to number; null when neither. */
export function parseNumeral(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  return chineseToNumber(s);
}
