/**
 * The exchange gateway: X-Road r1 calls through a visible list of one-file steps
 * (`pipeline.ts`), built and wired in `assemble.ts`, on a bare `node:http(s)` listener
 * (`server.ts`). Code outside this folder imports it through this file.
 */
export { createGatewayFromConfig, gatewayNode, startGateway, type GatewayFromConfigOptions, type GatewayOptions } from './assemble.ts';
export { gatewayPublicUrl, gatewayTls, type RunningGateway } from './server.ts';
export type { Exchange, Step } from './exchange.ts';
export type { GatewayLogger } from './respond.ts';
export { protocolResponseHeaders } from './response-headers.ts';
export { createForwarder, type Forwarder } from './forward.ts';
