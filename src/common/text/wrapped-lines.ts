/** Lines that a layout wrapped, joined back as printed: CJK text needs no space at the joint. */

/** Joins the lines of one wrapped paragraph or cell; a space only between two Latin words or figures. */
export function joinWrapped(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (!out) out = line;
    else if (/[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(line)) out += ` ${line}`;
    else out += line;
  }
  return out;
}
