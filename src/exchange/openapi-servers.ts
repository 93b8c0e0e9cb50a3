/**
 * A provider's OpenAPI document names its backend in `servers`. Consumers call through the
 * gateway, and the backend address is for the operator and the provider's admins only, so every
 * copy shown to anyone else has its `servers` replaced (the gateway's r1 address for the service)
 * or dropped.
 */

/** The document with every `servers` list (top level, path items, operations) replaced by `url`'s, or dropped without one. */
export function withServers(openapi: Record<string, unknown>, url: string | undefined): Record<string, unknown> {
  const out = withoutServers(openapi, false) as Record<string, unknown>;
  if (url !== undefined) out.servers = [{ url }];
  const paths = openapi.paths;
  if (paths !== null && typeof paths === 'object') {
    const cleaned: Record<string, unknown> = {};
    for (const [path, item] of Object.entries(paths)) cleaned[path] = withoutServers(item, true);
    out.paths = cleaned;
  }
  return out;
}

function withoutServers(item: unknown, descend: boolean): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'servers') continue;
    out[k] = descend ? withoutServers(v, false) : v;
  }
  return out;
}
