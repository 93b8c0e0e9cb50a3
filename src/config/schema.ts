import Type, { type Static } from 'typebox';

/**
 * Every setting of OneWindow, in one place. Each property is read from the environment variable
 * of the same name. The `description` of each is the documentation: `docs/configuration.md`
 * is generated from this schema (`npm run docs:config`) and a test fails when it drifts.
 */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
    description: 'Run mode. In `production` the demo dataset and demo secrets refuse to start.',
  }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'Interface the HTTP server listens on. Use `0.0.0.0` behind a load balancer.' }),
  PORT: Type.Integer({ default: 8080, minimum: 0, maximum: 65535, description: 'TCP port of the HTTP server (0 picks a free port).' }),
  TRUST_PROXY: Type.Boolean({
    default: false,
    description: 'Set to `true` behind a TLS-terminating reverse proxy or load balancer, so the protocol and client address come from `X-Forwarded-*` (staff cookies are then marked `Secure`). Leave `false` when clients connect directly.',
  }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'Externally visible base URL, used in printed links and the OpenAPI document. Defaults to `http://HOST:PORT`.' })),
  DATA_DIR: Type.String({ default: './data', minLength: 1, description: 'Folder of the embedded database (used when `DATABASE_URL` is not set).' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL (15 or later) connection URL. When set, OneWindow uses this server instead of the embedded engine.' })),
  DATABASE_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200, description: 'Maximum connections per node to PostgreSQL.' }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 600000, description: 'PostgreSQL (`DATABASE_URL`): how long a call waits for a connection, in milliseconds — a new one to be opened, or a pooled one to come free. Then the call fails (`timeout exceeded when trying to connect`, or `Connection terminated due to connection timeout`) instead of queueing behind a server that does not answer.' }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 15000, minimum: 0, maximum: 3600000, description: 'PostgreSQL: the longest one statement may run, in milliseconds; the server cancels it then (SQLSTATE 57014). A server that does not answer at all (frozen, or the network dropped the connection silently) gets one second more, then the connection is closed and the call fails with `Query read timeout` (code `ETIMEDOUT`). Exports read through a cursor a batch per statement, so they are not bounded by it; migrations lift it (`SET LOCAL statement_timeout = 0`). 0: no limit.' }),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: Type.Integer({ default: 60000, minimum: 0, maximum: 3600000, description: 'PostgreSQL: the server ends a session left idle inside a transaction this long, in milliseconds (SQLSTATE 25P03), so a stalled node cannot hold locks and snapshots. An export\'s cursor is such a transaction between batches: keep it above `API_IDLE_TIMEOUT_MS`. 0: never.' }),
  DATABASE_IDLE_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 0, maximum: 3600000, description: 'PostgreSQL: an unused pooled connection is closed after this many milliseconds. 0: kept open. (TCP keepalive runs on every connection, so a half-dead server is noticed even on an idle one.)' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), {
    default: 'info',
    description: 'Minimum level written to the log on stdout.',
  }),
  LOG_FORMAT: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], {
    default: 'auto',
    description: 'How the log is written on stdout. `json`: one JSON object per line (pino), what log collectors read. `pretty`: one short line per request (`12:04:31 GET /services 200 4 ms`) and per message, coloured on a terminal (not when `NO_COLOR` is set), for a person watching. `auto`: `pretty` when stdout is a terminal and `NODE_ENV` is not `production`, else `json` — so `npm start` in a terminal is readable and a service, a container or a pipe gets JSON.',
  }),
  INSTANCE_ID: Type.String({ default: 'IR', pattern: '^[A-Za-z0-9-]{1,32}$', description: 'Identifier of this national instance (the X-Road instance), e.g. `IR`.' }),
  COUNTRY_PACK: Type.Union([Type.Literal('ir')], { default: 'ir', description: 'Country pack: service identifier format, languages, calendar. Only `ir` (Iran) ships today.' }),
  DEMO_DATA: Type.Union([Type.Literal('off'), Type.Literal('if-empty')], {
    default: 'off',
    description: 'Load the synthetic demo dataset at start-up: `if-empty` loads it into an empty registry (what `npm start` does). Refused in production.',
  }),
  DEMO_SEED: Type.Integer({ default: 1402, description: 'Seed of the deterministic demo dataset generator.' }),
  DEMO_AGENCIES_PORT: Type.Integer({ default: 8090, minimum: 0, maximum: 65529, description: 'With the demo on (`DEMO_DATA=if-empty` and a demo registry), the six reference agency backends listen on this port and the next five (127.0.0.1 only), and the demo exchange registers these addresses, which do not move. 0 picks free ports, for tests and a single node: a node then uses the registered addresses while they answer, and otherwise starts the agencies on new ports and registers those.' }),
  DEMO_AGENCIES: Type.Union([Type.Literal('auto'), Type.Literal('external')], {
    default: 'auto',
    description: "Who runs the demo's reference agency backends. `auto`: a node with the demo on uses them when they already answer at their addresses (run by `onewindow demo agencies` or another node) and otherwise starts them itself, for as long as it runs (what `npm start` does); a node that found them on fixed ports starts them again on the same ports when the process that ran them stops. `external`: the node never starts them; they run as a process of their own (`onewindow demo agencies`, once, on this machine).",
  }),
  INSIGHTS_TARGETS: Type.String({
    default: '[{"id":"fully-electronic-20","level":3,"comparison":"atLeast","share":0.2,"by":"2024-01-31"},{"id":"electronic-100","level":2,"comparison":"atLeast","share":1,"by":"2024-12-31"},{"id":"smart-40","level":5,"comparison":"exactly","share":0.4,"by":"2024-12-31"}]',
    description: 'Maturity targets as JSON: a list of `{ id, level (0-5), comparison ("atLeast" | "exactly"), share (0-1), by (YYYY-MM-DD, optional) }`. The defaults are the targets announced at the national window conference.',
  }),
  SEARCH_REFRESH_MS: Type.Integer({ default: 1000, minimum: 0, maximum: 60000, description: 'How often each node checks, in the background, whether the registry changed; when it did, the node builds a new catalog index while searches keep using the old one. A search on any node reflects a write at most this long plus one index build (two when a build was already running) after it commits; the node that made the write rebuilds before answering it, so the writer’s next search finds the change. docs/performance.md has the build times. 0: every search checks and waits for the rebuild (tests, one node).' }),
  MAX_BODY_BYTES: Type.Integer({ default: 1048576, minimum: 1024, description: 'Largest JSON request body accepted by the API, in bytes.' }),
  IMPORT_MAX_BYTES: Type.Integer({ default: 67108864, minimum: 1024, description: 'Largest registry import file accepted over HTTP, in bytes.' }),
  NODE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'Name of this node in the exchange log: each node keeps its own hash chain. Defaults to the host name. Keep it stable across restarts and unique across nodes.' })),
  GATEWAY_PORT: Type.Integer({ default: 8081, minimum: 0, maximum: 65535, description: 'TCP port of the exchange gateway (the X-Road r1 protocol, metaservices and the GovStack directory), a listener of its own beside the portal and API.' }),
  GATEWAY_HOST: Type.Optional(Type.String({ minLength: 1, description: 'Interface the gateway listens on. Defaults to `HOST`.' })),
  GATEWAY_TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1, description: 'PEM certificate (chain) of the gateway. With `GATEWAY_TLS_KEY_FILE` the gateway listens on HTTPS and asks consumers for client certificates (mutual TLS).' })),
  GATEWAY_TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'PEM private key of the gateway certificate.' })),
  GATEWAY_TLS_CA_FILE: Type.Optional(Type.String({ minLength: 1, description: 'PEM CA certificates that client certificates must chain to. Without it, client certificates are accepted only when registered (pinned by SHA-256 fingerprint).' })),
  GATEWAY_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'Externally visible base URL of the gateway: the audience (`aud`) consumers put in their signed client assertions. Defaults to `http(s)://GATEWAY_HOST:GATEWAY_PORT`.' })),
  GATEWAY_SHARED_SECRETS: Type.Boolean({ default: false, description: 'Accept plain shared secrets (`X-OneWindow-Client-Secret`) as client credentials. For demos only; refused in production. Turned on by default when `DEMO_DATA=if-empty` (what `npm start` does) outside production.' }),
  GATEWAY_ERROR_STATUSES: Type.Union([Type.Literal('informative'), Type.Literal('x-road')], { default: 'informative', description: 'HTTP statuses of gateway errors: `informative` (400/401/403/404/413/429/502/503/504) or `x-road` (the real security server: 500 for `Server.*` errors, 400 otherwise). The `X-Road-Error` header and body are the same either way.' }),
  EXCHANGE_REFRESH_MS: Type.Integer({ default: 500, minimum: 50, maximum: 1000, description: 'How often each node checks whether the exchange configuration (subsystems, services, access rights) changed. A revocation takes effect on every node within this time.' }),
  EXCHANGE_BOARD_APPROVAL: Type.Boolean({ default: false, description: 'Whether access requests need the operator (the interoperability board) to approve them after the provider agency did.' }),
  EXCHANGE_LOG_MODE: Type.Union([Type.Literal('durable'), Type.Literal('async')], { default: 'durable', description: '`durable`: a call is forwarded to its provider only after its intent record is committed, and its answer is released only after its outcome record is; no provider is called without a record. `async`: records are committed in the background, intent records too, so a crash or a failing database can lose them — async mode does not guarantee that every provider call is on record (docs/exchange-log.md).' }),
  EXCHANGE_LOG_BATCH_MAX: Type.Integer({ default: 1000, minimum: 1, maximum: 20000, description: 'Most records written in one exchange-log commit (group commit).' }),
  EXCHANGE_LOG_ASYNC_DELAY_MS: Type.Integer({ default: 20, minimum: 0, maximum: 1000, description: 'Async log mode only: milliseconds records gather before a commit (unless a full batch is waiting). Fewer, larger commits cost the gateway far less CPU; this is also how much more a crash can lose.' }),
  EXCHANGE_LOG_RETENTION_DAYS: Type.Integer({ default: 400, minimum: 1, description: 'Days of exchange-log records kept; older daily partitions are dropped. Per-minute usage aggregates are kept.' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Redis for rate limits shared by all nodes. Without it each node limits on its own.' })),
  REDIS_COMMAND_TIMEOUT_MS: Type.Integer({ default: 50, minimum: 5, maximum: 10000, description: 'Redis (`REDIS_URL`): a rate-limit answer slower than this many milliseconds counts as Redis being unavailable. The call is then limited on this node alone, and so is every call after it while Redis is probed in the background each second; shared limits resume once it answers. So a frozen Redis costs one call this timeout, not every call.' }),
  RATE_LIMIT_CONSUMER_PER_SECOND: Type.Integer({ default: 2000, minimum: 1, description: 'Calls per second one consumer subsystem may make through the gateway (token bucket refill rate), unless the operator set the subsystem its own limit.' }),
  RATE_LIMIT_CONSUMER_BURST: Type.Integer({ default: 4000, minimum: 1, description: 'Token bucket size for a consumer subsystem: the largest burst above the rate, unless the subsystem has its own limit.' }),
  RATE_LIMIT_SERVICE_PER_SECOND: Type.Integer({ default: 5000, minimum: 1, description: 'Calls per second a service accepts from all consumers together, unless the service sets its own.' }),
  RATE_LIMIT_SERVICE_BURST: Type.Integer({ default: 10000, minimum: 1, description: 'Token bucket size for a service, unless the service sets its own.' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 0, description: 'On SIGTERM, how long in-flight requests may take before the process exits.' }),
  LOG_PSEUDONYM_KEY: Type.Optional(Type.String({
    minLength: 16,
    description: 'Key of the keyed hash (HMAC-SHA-256) that stands in for a national code in the server log, e.g. when someone reads who accessed a person\'s data. Give every node the same key so an investigator holding it can find the lines about one person; without it each process draws a random key, and lines link only within one run.',
  })),
  API_HEADERS_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 600000, description: 'The portal and API listener: how long a request\'s head (request line and headers) may take to arrive, in milliseconds; a head still arriving then is answered 408 `REQUEST_TIMEOUT` and the connection closed. At most `API_REQUEST_TIMEOUT_MS` (a larger value is lowered to it).' }),
  API_REQUEST_TIMEOUT_MS: Type.Integer({ default: 60000, minimum: 100, maximum: 3600000, description: 'The portal and API listener: how long a whole request, body included, may take to arrive, in milliseconds; one still arriving then is answered 408 `REQUEST_TIMEOUT` and the connection closed. Bounds slow senders (slow-loris); raise it where agencies upload large import files (`IMPORT_MAX_BYTES`) over slow links.' }),
  API_IDLE_TIMEOUT_MS: Type.Integer({ default: 30000, minimum: 100, maximum: 3600000, description: 'The portal and API listener: a connection on which no byte moves either way for this long, in milliseconds, is closed — with a 408 `REQUEST_TIMEOUT` when a request was still arriving. An answer that stopped moving (a client no longer reading) is cut off; a request already received whose answer has not begun is left to its handler.' }),
  ANON_HEAVY_PER_MINUTE: Type.Integer({ default: 12, minimum: 1, maximum: 60000, description: 'Calls per minute one client address (IPv4 address or IPv6 /64, as `TRUST_PROXY` resolves it) may make, without signing in, to the heavy API endpoints, together: the registry exports (megabytes each) and the insights and KPI tables (computed from the whole registry on each call). Refused calls get 429 `RATE_LIMITED` with `Retry-After`. Shared across nodes through `REDIS_URL`; staff and API tokens are not limited by it.' }),
  ANON_HEAVY_BURST: Type.Integer({ default: 10, minimum: 1, maximum: 10000, description: 'How many heavy anonymous calls one client address may make in a row before `ANON_HEAVY_PER_MINUTE` applies.' }),
  ROLE: Type.Union([Type.Literal('all'), Type.Literal('portal'), Type.Literal('gateway')], {
    default: 'all',
    description: 'What this process serves (same as `onewindow serve --role`): `all` the portal, API and exchange gateway; `portal` the portal and API without the gateway; `gateway` only the exchange gateway listener (with `/healthz` and `/readyz` on it). Run gateways apart so portal traffic cannot slow exchanges down; see the README, "Running several nodes".',
  }),
  SMS_SENDER: Type.Union([Type.Literal('log'), Type.Literal('http'), Type.Literal('none')], {
    default: 'log',
    description: 'How text messages (one-time codes) leave the window: `log` writes them to the server log (development and the demo; refused in production), `http` posts them to an SMS provider (`SMS_HTTP_URL`), `none` sends none (each is recorded as failed). Default: `log`, and `none` in production.',
  }),
  SMS_HTTP_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'The SMS provider\'s send endpoint for `SMS_SENDER=http`: each message is POSTed as JSON `{ "to", "text", "reference" }` with `Idempotency-Key`; see docs/messages.md.' })),
  SMS_HTTP_TOKEN: Type.Optional(Type.String({ minLength: 1, description: 'Bearer token sent to `SMS_HTTP_URL`.' })),
  EMAIL_SENDER: Type.Union([Type.Literal('log'), Type.Literal('smtp'), Type.Literal('none')], {
    default: 'log',
    description: 'How e-mail leaves the window: `log` (development and the demo; refused in production), `smtp` through `SMTP_URL`, or `none`. Default: `log`, and `none` in production.',
  }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'The mail server for `EMAIL_SENDER=smtp`, e.g. `smtp://user:password@relay.example:587` (STARTTLS when offered) or `smtps://…:465`.' })),
  MAIL_FROM: Type.String({ default: 'OneWindow <no-reply@onewindow.example>', minLength: 3, description: 'The sender of the window\'s e-mail.' }),
  MESSAGE_SEND_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 120000, description: 'The longest one send to the SMS provider or the mail server may take, in milliseconds; then it counts as failed and is tried again later.' }),
  OUTBOX_POLL_MS: Type.Integer({ default: 1000, minimum: 50, maximum: 60000, description: 'How often each node looks for messages to send that no change on this node announced (queued by another node, or due for another attempt).' }),
  OUTBOX_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 50, description: 'Attempts to send a message before it is given up; the wait doubles after each (5 s, 10 s, 20 s … at most 10 min).' }),
  EXCHANGE_LOG_CHECKPOINT_DIR: Type.Optional(Type.String({ minLength: 1, description: 'Folder where each node appends signed checkpoints of its exchange-log chain (`<node>.checkpoints.jsonl`, append-only, fsync\'d) and publishes its public key (`<node>.keys.jsonl`), so `audit verify` can tell when the end of a chain was cut off or rewritten. Point it at a volume the database administrator cannot rewrite (a WORM mount, or files with the append-only attribute). Unset: no checkpoints, and a removed chain end goes unnoticed.' })),
  EXCHANGE_LOG_CHECKPOINT_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'PEM (PKCS#8) Ed25519 private key this node signs its checkpoints with. Required in production when `EXCHANGE_LOG_CHECKPOINT_DIR` is set; elsewhere a key is generated on first start as `<node>.key.pem` in the checkpoint folder.' })),
  EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS: Type.Integer({ default: 60000, minimum: 1000, maximum: 3600000, description: 'How often a node writes a checkpoint of its chain head, when the head moved (and once more at shutdown). Records after the last checkpoint are not yet anchored.' }),
  OIDC_PAIRWISE_SALT: Type.String({ default: 'onewindow-demo-pairwise-salt', minLength: 16, description: 'Key of the pairwise subject identifiers the OpenID Connect provider gives agencies (HMAC-SHA-256 of the account within the client\'s agency). Never change it once agencies hold subjects: every subject would change. The same on every node. The default is for development and refused in production.' }),
  OIDC_COOKIE_KEYS: Type.String({ default: 'onewindow-demo-oidc-cookie-key', minLength: 16, description: 'Keys that sign the OpenID Connect provider\'s cookies, comma-separated: the first signs, all verify, so a new key goes first and the old one stays until the cookies it signed expired (a day). The same on every node. The default is for development and refused in production.' }),
  DEMO_RELYING_PARTY_PORT: Type.Integer({ default: 8096, minimum: 0, maximum: 65535, description: 'With the demo on (`DEMO_DATA=if-empty`, what `npm start` does), the literacy movement\'s reference portal, a relying party that signs people in through the window, listens on this port (127.0.0.1 only) and `npm start` prints its address. 0 picks a free port. A node that finds the port taken leaves it to the node that has it.' }),
  OIDC_PRIVATE_ADDRESSES: Type.Boolean({ default: false, description: 'Let the OpenID Connect provider\'s own calls to agencies (back-channel logout) reach loopback and private-network addresses, e.g. agencies on a government intranet. Off: oidc-provider refuses them (protection against requests forged towards internal systems).' }),
});

export type Config = Static<typeof ConfigSchema>;
