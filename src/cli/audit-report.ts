import type { NodeVerification, AnchoredNodeVerification } from '../exchange/log/index.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** One chain's database check, as `audit verify` prints it. */
export function describeChain(n: NodeVerification, endFailed = false): string {
  const range = n.headSeq === null ? 'no chain head' : n.headSeq < n.fromSeq ? 'empty chain' : `seq ${n.fromSeq}–${n.headSeq}`;
  const line = `  ${n.node}  ${n.records} record(s) checked, ${range}`;
  if (!n.problem) return `${line}  ${endFailed ? 'records OK' : 'OK'}`;
  const p = n.problem;
  return `${line}  FAILED\n    first bad record: ${p.kind} at seq ${p.seq}${p.messageId ? ` (message id ${p.messageId})` : ''}\n    ${p.detail}`;
}

/**
 * How much of the chain its checkpoints cover, e.g. "chain node-1: 12,345 records; anchored up
 * to #12,300 at 2026-12-07T10:00Z; 45 records after the last checkpoint", then any problem.
 */
export function describeAnchoring(n: AnchoredNodeVerification): string {
  const a = n.anchoring;
  const parts = [`    chain ${n.node}: ${count(n.records)} records`];
  if (a.latest) parts.push(`anchored up to #${count(a.latest.seq)} at ${a.latest.at.slice(0, 16)}Z (${count(a.checkpoints)} valid checkpoint(s))`);
  else parts.push('NOT ANCHORED');
  if (a.unanchored !== null) parts.push(`${count(a.unanchored)} records after the last checkpoint`);
  const lines = [parts.join('; ')];
  if (a.note) lines.push(`    note: ${a.note}`);
  for (const p of a.problems) lines.push(`    CHECKPOINT FAILED: ${p.kind}${p.seq !== null ? ` at seq ${p.seq}` : ''}\n      ${p.detail}`);
  return lines.join('\n');
}
