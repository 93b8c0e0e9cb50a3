import type { PagesPlugin } from '../index.ts';
import type { RegistryDeps, Catalog } from '../../registry/index.ts';
import type { Config } from '../../config/schema.ts';

/** The home page: search, most requested services, life events, share delivered. */
export function homePages(_options: { deps: RegistryDeps; catalog: Catalog; config: Config }): PagesPlugin {
  return async () => {};
}
