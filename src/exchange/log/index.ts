/**
 * The exchange log: one record per gateway call on its node's hash chain (`writer.ts`, group
 * commit; `chain.ts`, the hashing), daily partitions with retention, per-minute usage buckets,
 * signed checkpoints of each chain head outside the database (`checkpoints/`), and the checks
 * behind `onewindow audit verify` (`verify.ts`, `checkpoints/verify.ts`). docs/exchange-log.md
 * tells the whole story. Code outside this folder imports it through this file.
 */
export { ExchangeLogError, INTENT_STATUS, isIntentRecord, type ExchangeRecord, type ExchangeLogWriter } from './record.ts';
export { DuplicateNodeError, lockNode, type NodeLock } from './node-lock.ts';
export { createExchangeLogWriter, type ExchangeLogWriterOptions, type ExchangeLogWriterStats, type RunningExchangeLogWriter } from './writer.ts';
export { usageUpsert, type UsageRow } from './usage-buckets.ts';
export { verifyExchangeLog, type NodeVerification, type VerifyReport } from './verify.ts';
export { verifyExchangeLogWithCheckpoints, type AnchoredNodeVerification, type AnchoredVerifyReport } from './checkpoints/verify.ts';
export { startCheckpointsFromConfig, type CheckpointLogger } from './checkpoints/start.ts';
export { startCheckpointer, type CheckpointerOptions, type RunningCheckpointer } from './checkpoints/checkpointer.ts';
export { FileCheckpointStore } from './checkpoints/file-store.ts';
export { CheckpointKeyError, generateSigningKeyPem, readPublicKeys, signingKeyFromPem, type PublicJwk, type SigningKey } from './checkpoints/key.ts';
