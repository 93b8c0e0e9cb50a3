/**
 * The bucket of a caller that did not authenticate, named by where the call came from: an IPv4
 * address, or an IPv6 /64 (the smallest block a site is usually given, so a single host cannot
 * spread its calls over the 2^64 addresses of its own network).
 */
export function sourceKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  if (!address.includes(':')) return address;
  // An IPv4 client on a dual-stack socket.
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  const zone = address.indexOf('%');
  const plain = zone === -1 ? address : address.slice(0, zone);
  const gap = plain.indexOf('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  let all: string[];
  if (gap === -1) all = groups(plain);
  else {
    const left = groups(plain.slice(0, gap));
    const right = groups(plain.slice(gap + 2));
    // A trailing dotted IPv4 part stands for two groups.
    const width = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    all = [...left, ...Array<string>(Math.max(0, 8 - left.length - width)).fill('0'), ...right];
  }
  return (
    all
      .slice(0, 4)
      .map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16).toString(16) : g))
      .join(':') + '::/64'
  );
}
