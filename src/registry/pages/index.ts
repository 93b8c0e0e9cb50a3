import type { PagesPlugin } from '../../web/index.ts';
import type { RegistryDeps } from '../deps.ts';
import type { Catalog } from '../catalog.ts';

/** The registry's pages: catalog search, service page, agency page. */
export function registryPages(_options: { deps: RegistryDeps; catalog: Catalog }): PagesPlugin {
  return async () => {};
}
