/** The window's own calls to agency registries, through the exchange like any consumer's. */
export { ExchangeClient, publicJwkOf, type ExchangeClientOptions, type ExchangeAnswer, type OnBehalf } from './exchange-client.ts';
export { exchangeRegistries, REGISTRATION_PURPOSE, type Registries, type RegistryPerson, type RegistryServices } from './registries.ts';
export { registriesFromConfig, windowExchangeClientFromConfig, type RegistriesConfig } from './from-config.ts';
