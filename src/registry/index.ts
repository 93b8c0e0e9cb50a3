import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import { agencyRoutes } from './agency-routes.ts';
import { serviceRoutes } from './service-routes.ts';
import { transferRoutes } from './transfer-routes.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { Catalog } from './catalog.ts';
import type { AppDeps } from '../db/app-deps.ts';

export type { Agency, Service, Bilingual } from './model.ts';
export { AgencyPatch, ServicePatch } from './schemas.ts';
export { createAgency, updateAgency, getAgencyOrFail, listAgencies } from './agencies.ts';
export { createService, updateService, retireService, getServiceOrFail, listServices, canonicalServiceId } from './services.ts';
export { selectAgency as getAgency, selectAllAgencies } from './agency-repository.ts';
export { readRegistryState, setDemoFlag } from './state.ts';
export { readAgencyNames, readServiceNames, serviceExists, readAgencyServiceCounts, registryAgencyNames, type Names } from './read-models.ts';
export { Catalog, type CatalogEntry } from './catalog.ts';
export { importRegistry, importRecords, exportRegistry, type ImportReport, type Entity, type FileFormat } from './transfer/index.ts';

/** The registry's HTTP surface: agencies, services, catalog search, bulk import and export. */
export const registryPlugin: FastifyPluginAsyncTypebox<{ deps: AppDeps; config: Config; catalog: Catalog }> = async (app, { deps, config, catalog }) => {
  await app.register(agencyRoutes, { deps });
  await app.register(serviceRoutes, { deps });
  await app.register(transferRoutes, { deps, config });
  await app.register(catalogRoutes, { catalog });
};
export { registryPages } from './pages/index.ts';
export { registryStaffPages } from './pages/index.ts';
