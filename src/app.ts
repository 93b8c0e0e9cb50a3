import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config/schema.ts';
import type { Database } from './db/database.ts';
import { countryPacks } from './core/country-packs/index.ts';
import { AppError } from './core/errors.ts';
import { accessPlugin } from './http/access.ts';
import { handleError, sendProblem } from './http/problem.ts';
import { openApiPlugin } from './http/openapi.ts';
import { healthRoutes, ReadinessChecks } from './http/health.ts';
import { loggerOptions } from './http/logging.ts';
import { validatorCompiler } from './http/validation.ts';
import { refuseUnstorableText } from './http/storable-text.ts';
import { listenerOptions } from './http/listener.ts';
import { bearerTokenAuthenticator, citizenSessionAuthenticator, outboxFromConfig, staffSessionAuthenticator, staffSignOnAuthenticator } from './identity/index.ts';
import cookie from '@fastify/cookie';
import { Catalog, readServiceNames, registryPlugin, registryPages, registryStaffPages } from './registry/index.ts';
import { insightsPlugin, insightsPages } from './insights/index.ts';
import { ExchangeConfig, exchangePlugin } from './exchange/index.ts';
import { exchangeAdminDeps } from './exchange/admin/deps.ts';
import { exchangePages } from './exchange/pages/index.ts';
import { addressThrottle, citizenSignInPages, oidcPlugin, signInPages } from './identity/index.ts';
import { publicUrl } from './config/load.ts';
import { accountPages, demoMessagesPages, LogSender, registrationPages, registriesFromConfig, windowExchangeClientFromConfig } from './identity/index.ts';
import { accessesPages, citizenDataRoutes, inquiriesPages, staffNames } from './identity/index.ts';
import { actingFor, profileApiRoutes, profilePages, profilesFromConfig, profileStartOfDay as startOfDay } from './identity/index.ts';
import { agencyListPages, agencyListSource, apiReferencePages, homePages, portalNavigation, staffHomePages } from './portal/index.ts';
import { galleryPages } from './web/pages/components-gallery.tsx';
import { sendErrorPage, setSiteNavigation, webPlugin } from './web/index.ts';
import { version } from './version.ts';
import { ExchangeMetrics } from './exchange/metrics.ts';
import { metricsRoutes } from './exchange/metrics-routes.ts';
import { anonymousLimitPlugin, createRateLimiter } from './http/rate-limit/index.ts';
import type { AppDeps } from './db/app-deps.ts';

export interface AppOptions {
  config: Config;
  db: Database;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** `false` silences the log; a stream receives it instead of stdout (tests read it). */
  logger?: false | { stream: NodeJS.WritableStream };
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Builds the whole application without listening: `server.ts` listens, tests `inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  let shuttingDown = false;
  const app = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(config), ...options.logger },
    bodyLimit: config.MAX_BODY_BYTES,
    trustProxy: config.TRUST_PROXY,
    // A caller's request id is kept when it is harmless, so calls can be traced across systems.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ...listenerOptions(config),
    // On close: idle keep-alive connections are closed at once, and a request still arriving on
    // an open connection is served (with Connection: close, as server.ts drains) rather than
    // refused with a 503 that a proxy would not retry for a POST.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  app.addHook('preValidation', refuseUnstorableText);
  const deps: AppDeps = { db, pack: countryPacks[config.COUNTRY_PACK], now: options.now ?? (() => new Date()) };
  const catalog = new Catalog(deps, config.SEARCH_REFRESH_MS, { onError: (err) => app.log.warn({ err }, 'catalog index rebuild failed; keeping the last index, retrying at the next check') });
  app.addHook('onReady', async () => catalog.start());
  app.addHook('onClose', async () => catalog.stop());
  // A write is answered only once this node's catalog shows it, so the writer's next search finds
  // the change (a staff member who saves and goes back to the catalog). Reads never wait; other
  // nodes see it within SEARCH_REFRESH_MS plus one build.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) await catalog.caughtUp();
    return payload;
  });
  const isDemo = async () => (await catalog.current()).demo;
  // People who mistype an address get a page; programs calling the API get a problem document.
  app.setNotFoundHandler({}, (req, reply) =>
    !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')
      ? sendErrorPage(req, reply, new AppError('NOT_FOUND'), isDemo)
      : sendProblem(reply, req, new AppError('NOT_FOUND')),
  );
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  await app.register(cookie);
  await app.register(accessPlugin, { authenticators: [bearerTokenAuthenticator(db), staffSessionAuthenticator(db), staffSignOnAuthenticator(db), citizenSessionAuthenticator(db)] });
  // Heavy anonymous endpoints (exports) are limited per client address, so portal traffic cannot starve the node.
  const heavyLimiter = createRateLimiter(config, { warn: (detail, message) => app.log.warn(detail, message) });
  await app.register(anonymousLimitPlugin, { limiter: heavyLimiter, limits: { perMinute: config.ANON_HEAVY_PER_MINUTE, burst: config.ANON_HEAVY_BURST } });
  await app.register(openApiPlugin, { version });
  app.decorate('readiness', new ReadinessChecks());
  await app.register(healthRoutes, { db, isShuttingDown: () => shuttingDown, checks: app.readiness });
  app.decorate('exchangeMetrics', new ExchangeMetrics());
  await app.register(metricsRoutes, { metrics: app.exchangeMetrics });

  await app.register(registryPlugin, { prefix: '/api/v1', deps, config, catalog });
  await app.register(insightsPlugin, { prefix: '/api/v1', deps, config });
  // The exchange configuration snapshot: loaded when the app is ready, refreshed in the background.
  const exchangeConfig = new ExchangeConfig(db, config.EXCHANGE_REFRESH_MS, { onError: (err) => app.log.warn({ err }, 'exchange configuration refresh failed; keeping the last snapshot') });
  app.decorate('exchangeConfig', exchangeConfig);
  app.addHook('onReady', () => exchangeConfig.start());
  app.addHook('onClose', async () => exchangeConfig.stop());
  // Messages to people (one-time codes), sent from the outbox by every node.
  const outbox = outboxFromConfig(db, config, {
    log: (m) => app.log.info({ message: m }, `${m.channel} message to ${m.recipient} (${m.purpose}), written to the log instead of sent`),
    onError: (err) => app.log.warn({ err }, 'outbox: could not read or update the queued messages; trying again at the next poll'),
  });
  app.decorate('outbox', outbox);
  app.addHook('onReady', async () => outbox.start());
  app.addHook('onClose', async () => outbox.stop());
  await app.register(exchangePlugin, { prefix: '/api/v1', deps, config, source: exchangeConfig, timeZone: deps.pack.timeZone });
  // The window's own consumer subsystem on the exchange: registration, profiles and inquiries call agencies through it.
  const windowClient = windowExchangeClientFromConfig(config);
  // Whom a signed-in person acts for: one set of deps (registry client, confirmations) for pages, API, inquiries and the provider.
  const profiles = profilesFromConfig(config, { db, client: windowClient, now: deps.now, timeZone: deps.pack.timeZone, countryPrefix: deps.pack.serviceIdPrefix, limiter: heavyLimiter });
  // The OpenID Connect provider: issuer = the portal's public URL, endpoints under /oidc/.
  const oidc = await oidcPlugin(app, {
    db,
    settings: { issuer: publicUrl(config), pairwiseSalt: config.OIDC_PAIRWISE_SALT, cookieKeys: config.OIDC_COOKIE_KEYS.split(',').map((k) => k.trim()).filter(Boolean), trustProxy: config.TRUST_PROXY, privateAddresses: config.OIDC_PRIVATE_ADDRESSES },
    // A token says whom the person acts for only after the registries confirm it now.
    actingFor: (accountId, profileId) => actingFor(profiles, accountId, profileId, { fresh: true }),
  });
  const mandateRules = { maxDays: config.MANDATE_MAX_DAYS, pack: deps.pack };
  await app.register(profileApiRoutes, { prefix: '/api/v1', profiles, rules: mandateRules, startOfDay: (day: string) => startOfDay(day, deps.pack.timeZone) });
  // identity: my inquiries and who accessed my data
  const inquiryDeps = {
    db,
    profiles,
    client: windowClient,
    services: { 'literacy-level': config.INQUIRY_LITERACY_SERVICE, 'insurance-validity': config.INQUIRY_INSURANCE_SERVICE, 'id-card-status': config.INQUIRY_ID_CARD_SERVICE },
    source: exchangeConfig,
    now: deps.now,
  };
  await app.register(citizenDataRoutes, { prefix: '/api/v1', inquiries: inquiryDeps, accesses: { db, source: exchangeConfig } });
  setSiteNavigation(portalNavigation);
  const agencies = agencyListSource({ deps, catalog });
  await app.register(webPlugin, {
    isDemo,
    pages: [
      homePages({ deps, catalog, config }),
      agencyListPages({ agencies }),
      registryPages({ deps, catalog }),
      insightsPages({ deps, config, source: exchangeConfig }),
      signInPages({ db }),
      citizenSignInPages({ db, throttle: addressThrottle(heavyLimiter, { perMinute: config.SIGN_IN_PER_MINUTE, burst: config.SIGN_IN_BURST }) }),
      oidc.pages,
      registrationPages({
        db,
        registries: registriesFromConfig(config, windowClient),
        // The same buckets' machinery as the heavy anonymous limit (closed with it), keys of its own.
        limiter: heavyLimiter,
        limits: { perHour: config.REGISTRATION_PER_HOUR, burst: config.REGISTRATION_BURST },
        timeZone: deps.pack.timeZone,
        now: deps.now,
        nudgeOutbox: () => outbox.nudge(),
      }),
      accountPages({ db, profiles }),
      profilePages({
        profiles,
        rules: mandateRules,
        // The mandate form's service chooser: the catalog's own search, names from the registry.
        findServices: async (q) => {
          const { result } = await catalog.search({ q, limit: 30 });
          const names = await db.run((qh) => readServiceNames(qh, result.hits.map((h) => h.id)));
          return result.hits.flatMap((h) => (names.has(h.id) ? [{ id: h.id, ...names.get(h.id)! }] : []));
        },
      }),
      inquiriesPages(inquiryDeps),
      accessesPages({ db, source: exchangeConfig, timeZone: deps.pack.timeZone }),
      demoMessagesPages({
        recentMessages: () => {
          const sms = outbox.sender('sms');
          return sms instanceof LogSender ? sms.recent() : null;
        },
      }),
      staffHomePages({ deps, agencies }),
      registryStaffPages({ deps }),
      exchangePages({ admin: exchangeAdminDeps(deps, config, exchangeConfig), timeZone: deps.pack.timeZone, staffNames }),
      apiReferencePages({ document: () => app.swagger() }),
      galleryPages(),
    ],
  });
  return app;
}
