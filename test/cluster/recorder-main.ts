/** `node --import tsx recorder-main.ts <agency URL>`: the recording upstream (recorder.ts) as a process of its own. */
import { serveRecorder } from './recorder.ts';

const target = process.argv[2];
if (!target) throw new Error('usage: recorder-main.ts <agency URL>');
const port = await serveRecorder(target);
console.log(`listening on ${port}`);
process.on('SIGTERM', () => process.exit(0));
