import type { Config } from '../config/schema.ts';
import { verifyExchangeLog, type NodeVerification } from '../exchange/log/verify.ts';
import { withDatabase } from './with-database.ts';
import type { CommandArgs } from './main.ts';

const describe = (n: NodeVerification): string => {
  const range = n.headSeq === null ? 'no chain head' : n.headSeq < n.fromSeq ? 'empty chain' : `seq ${n.fromSeq}–${n.headSeq}`;
  const line = `  ${n.node}  ${n.records} record(s) checked, ${range}`;
  if (!n.problem) return `${line}  OK`;
  const p = n.problem;
  return `${line}  FAILED\n    first bad record: ${p.kind} at seq ${p.seq}${p.messageId ? ` (message id ${p.messageId})` : ''}\n    ${p.detail}`;
};

/** `onewindow audit verify [--node N]`: exit code 0 when every chain verifies, 1 otherwise. */
export async function auditCommand(args: CommandArgs, config: Config): Promise<number> {
  const [action] = args.positionals;
  if (action !== 'verify') throw new TypeError('audit: use verify [--node N]');
  const node = typeof args.values.node === 'string' ? args.values.node : undefined;
  return withDatabase(config, async (db) => {
    console.log(`Verifying the exchange log's hash chains${node ? ` (node ${node})` : ''}…`);
    const report = await verifyExchangeLog(db, { ...(node ? { node } : {}), onNode: (n) => console.log(describe(n)) });
    const failed = report.nodes.filter((n) => n.problem).length;
    if (!report.nodes.length) console.log('No exchange-log chains to verify.');
    else if (failed) console.log(`${failed} of ${report.nodes.length} chain(s) FAILED verification.`);
    else console.log(`All ${report.nodes.length} chain(s) verify.`);
    return report.ok ? 0 : 1;
  });
}
