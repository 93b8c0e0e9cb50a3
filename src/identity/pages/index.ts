import type { PagesPlugin } from '../../web/index.ts';
import type { RegistryDeps } from '../../registry/index.ts';

/** The staff area: sign-in with an API token, then forms to edit agencies and services. */
export function staffPages(_options: { deps: RegistryDeps }): PagesPlugin {
  return async () => {};
}
