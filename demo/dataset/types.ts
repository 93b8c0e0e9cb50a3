import type { Agency, Service } from '../../src/registry/model.ts';

/** An agency as the demo describes it; the registry adds version and timestamps on load. */
export type DemoAgency = Omit<Agency, 'version' | 'createdAt' | 'updatedAt'>;

/**
 * A service as the demo describes it. The registry issues service identifiers when it loads
 * them, so services refer to each other by a local `key` instead of an id.
 */
export type DemoService = Omit<Service, 'id' | 'parentId' | 'status' | 'retiredAt' | 'version' | 'createdAt' | 'updatedAt'> & {
  key: string;
  parentKey: string | null;
};

export interface DemoDataset {
  agencies: DemoAgency[];
  services: DemoService[];
}
