/**
 * How much a service is used, before chance: the share of people its domain concerns, times
 * how often its action is needed. The seed report names the three most requested services
 * (literacy level, health-insurance validity, national-card follow-up); after them come what
 * every household does — bills, subsidies, traffic fines, insurance records — and services for
 * narrow groups (residents abroad, foreign nationals, licensed trades) stay rare.
 */
import type { DomainKey } from './domains.ts';
import type { ActionCode } from './templates.ts';

/** Share of the population a domain's services concern (1: everyone, every year). */
export const domainReach: Record<DomainKey, number> = {
  // People
  civil: 1, literacy: 0.2, school: 0.8, curriculum: 0.3, schoolBuildings: 0.02, university: 0.4, studentWelfare: 0.3,
  exams: 0.4, healthcare: 0.7, medicalProfession: 0.04, bloodServices: 0.1, emergencyCare: 0.1, healthInsurance: 1,
  pharma: 0.2, pension: 0.9, relief: 0.4, subsidies: 0.9, disability: 0.2, redCrescent: 0.1, veterans: 0.15,
  family: 0.1, labour: 0.4, vocational: 0.2, civilService: 0.15,
  // The state
  policing: 0.3, passport: 0.2, conscription: 0.2, defence: 0.02, courts: 0.4, legalServices: 0.05, forensics: 0.1,
  prisons: 0.05, gazette: 0.1, adminJustice: 0.05, legalAffairs: 0.02, security: 0.02, addiction: 0.05,
  consular: 0.03, diaspora: 0.01, migration: 0.08, pilgrimage: 0.1, interior: 0.05, disaster: 0.05, petitions: 0.1, generic: 0.02,
  // Places
  housing: 0.3, deeds: 0.5, roads: 0.2, aviation: 0.1, airports: 0.15, maritime: 0.02, rail: 0.15, driving: 0.9,
  electricity: 1, water: 1, gas: 0.9, fuel: 0.9, oilIndustry: 0.005, farming: 0.15, livestock: 0.08, naturalResources: 0.03, environment: 0.05,
  municipal: 0.6, rural: 0.1,
  // Economy
  permits: 0.2, trade: 0.1, mining: 0.01, standards: 0.05, investment: 0.1, tax: 0.5, customs: 0.05,
  antiSmuggling: 0.02, consumer: 0.15, banking: 0.7, insuranceMarket: 0.3, budget: 0.02, competition: 0.01,
  // Knowledge
  heritage: 0.05, tourism: 0.08, handicrafts: 0.03, publishing: 0.05, arts: 0.05, broadcasting: 0.05, libraries: 0.05,
  culturalRelations: 0.01, language: 0.02, news: 0.02, religiousOutreach: 0.03, culturalPolicy: 0.01, sport: 0.1,
  endowment: 0.05, telecom: 0.7, infrastructure: 0.01, post: 0.5, egov: 0.02, research: 0.05, knowledgeBased: 0.02,
  nuclear: 0.01, statistics: 0.03, mapping: 0.01, weather: 0.03,
};

/** How often people need an action, against an inquiry: looking something up is the commonest errand. */
export const actionDemand: Record<ActionCode, number> = {
  inq: 1.5, view: 1.2, pay: 1, appt: 0.7, track: 0.6, issue: 0.6, enrol: 0.6, req: 0.5, renew: 0.5, reg: 0.4,
  file: 0.4, cert: 0.2, transfer: 0.2, dup: 0.15, change: 0.15, cancel: 0.1, amend: 0.1, refund: 0.1,
  permit: 0.1, prenew: 0.1, obj: 0.05,
};

/** Following up an application: about half of those who apply come back to check on it. */
export const followUpDemand = 0.5;

/** A service that is one of its agency's best known is used about ten times as much. */
export const signatureDemand = 10;
