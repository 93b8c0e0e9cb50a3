import { peopleDomains } from './domains-people.ts';
import { economyDomains } from './domains-economy.ts';
import { placeDomains } from './domains-places.ts';
import { stateDomains } from './domains-state.ts';
import { knowledgeDomains } from './domains-knowledge.ts';
import type { Domain } from './templates.ts';

export const domains = {
  ...peopleDomains,
  ...economyDomains,
  ...placeDomains,
  ...stateDomains,
  ...knowledgeDomains,
} satisfies Record<string, Domain>;

export type DomainKey = keyof typeof domains;
