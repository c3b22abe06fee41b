/**
 * Multipart fields arrive as strings: a repeated field is an array, a single one a string, an
 * empty one ''. For `@Transform`: the value as an array (a JSON body's array passes unchanged),
 * undefined when absent or empty.
 */
export const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === null || value === ''
    ? undefined
    : Array.isArray(value)
      ? value
      : [value];
