import type { PagesPlugin } from '../../web/index.ts';
import type { RegistryDeps } from '../../registry/index.ts';
import type { Config } from '../../config/schema.ts';

/** The operator dashboard. */
export function insightsPages(_options: { deps: RegistryDeps; config: Config }): PagesPlugin {
  return async () => {};
}
