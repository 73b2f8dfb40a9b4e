import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address belongs to, coarse enough not to name a person's line: the first three
 * bytes of an IPv4 address (a /24), the first three groups of an IPv6 one (a /48). What the
 * sessions list shows as "where"; null when the address is not one.
 */
export function networkOf(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(address)) {
    const [head = '', tail = ''] = address.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const zeros = Array(Math.max(0, 8 - left.length - right.length)).fill('0');
    const groups = address.includes('::') ? [...left, ...zeros, ...right] : left;
    const first = groups.slice(0, 3).map((g) => Number.parseInt(g || '0', 16).toString(16));
    return `${first.join(':')}::/48`;
  }
  return null;
}

/** a browser and a system read from a user agent, in a few words ("Firefox, Linux") */
export function deviceOf(userAgent: string | null): { browser?: string; system?: string } {
  if (!userAgent) return {};
  const browsers: [RegExp, string][] = [
    [/Edg\//, 'Edge'],
    [/OPR\//, 'Opera'],
    [/Firefox\//, 'Firefox'],
    [/Chrom(e|ium)\//, 'Chrome'],
    [/Safari\//, 'Safari'],
    [/curl\//, 'curl'],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, 'Android'],
    [/iPhone|iPad|iOS/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  return {
    browser: browsers.find(([re]) => re.test(userAgent))?.[1],
    system: systems.find(([re]) => re.test(userAgent))?.[1],
  };
}
