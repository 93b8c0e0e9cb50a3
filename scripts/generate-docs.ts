// Writes the documentation generated from code: docs/configuration.md and docs/errors.md.
import { writeFileSync } from 'node:fs';
import { configurationMarkdown } from '../src/config/docs.ts';
import { errorsMarkdown } from '../src/http/errors-doc.ts';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), configurationMarkdown());
writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsMarkdown());
console.log('Wrote docs/configuration.md and docs/errors.md');
