import type { PagesPlugin } from '../../web/index.ts';
import { noStore } from '../../web/forms/index.ts';
import type { ActingForDeps, MandateRules } from '../profiles/index.ts';
import { mandatesPages, type ServiceFinder } from './mandates.tsx';
import { profilesPages } from './profiles.tsx';

export type { ServiceFinder };

/** The profiles and mandates pages; personal data, so never kept by a cache. */
export function profilePages(options: { profiles: ActingForDeps; rules: MandateRules; findServices?: ServiceFinder }): PagesPlugin {
  return async (app, opts) => {
    app.addHook('onRequest', noStore);
    await app.register(profilesPages(options), opts);
    await app.register(mandatesPages(options), opts);
  };
}
