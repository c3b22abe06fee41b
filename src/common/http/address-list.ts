import ipaddr from 'ipaddr.js';

/** One entry of an address list: a single address or a subnet in CIDR notation. */
type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses `10.0.5.7, 10.1.0.0/16, ::1` into ranges. IPv4-mapped IPv6 addresses (`::ffff:10.0.5.7`,
 * what a dual-stack socket reports) are compared as IPv4, on both sides.
 */
export function parseAddressList(list: string): Range[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): Range => {
      if (entry.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(entry);
        return [address, bits];
      }
      const address = ipaddr.process(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    });
}

/** The configuration errors of an address list (empty when it is unset or valid). */
export function addressListProblems(key: string, list: string | undefined): string[] {
  if (list === undefined) return [];
  try {
    if (parseAddressList(list).length > 0) return [];
  } catch {
    // reported below
  }
  return [`${key} must be a comma-separated list of addresses or CIDR subnets`];
}

/** Whether `address` (as Express or a socket reports it) lies in one of the ranges. */
export function inAddressList(address: string | undefined, ranges: readonly Range[]): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  return ranges.some(([range, bits]) => ip.kind() === range.kind() && ip.match(range, bits));
}

/** Whether the address is a loopback address (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}
