/**
 * Flags for Debian's Chromium on this machine kind (PLATFORM-NOTES): no sandbox (root), no GPU,
 * and nothing that reaches out on a closed network. Shared by the browser tests and the script
 * that prints the PDF fixtures.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
