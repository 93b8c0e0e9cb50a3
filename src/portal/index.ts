/**
 * The site on top of the modules: the pages that read several modules (the home page, the list of agencies) and the
 * navigation that says what the site offers. Modules never import the portal.
 */
export { homePages, mostRequested, type PopularService } from './home.tsx';
export { agencyListPages, agencyListSource } from './agencies.tsx';
export { portalNavigation } from './navigation.ts';
export { staffHomePages } from './staff-home.tsx';
export { apiReferencePages } from './api-reference/api-reference-routes.tsx';
