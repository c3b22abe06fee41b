import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Characters that show nothing: whitespace, control and format characters (zero-width spaces and
 * joiners, bidi marks, the BOM) and the blank fillers (Hangul fillers, the braille blank).
 */
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Z}\u115F\u1160\u2800\u3164\uFFA0]/gu;

/** How many characters of `text` can be seen. */
export function visibleLength(text: string): number {
  return text.replace(INVISIBLE, '').length;
}

/** At least `min` visible characters: a name made only of invisible characters is refused. */
export function HasVisibleText(min = 1, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasVisibleText',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && visibleLength(value) >= min,
        defaultMessage: () => `must have at least ${min} visible characters`,
      },
    },
    options,
  );
}
