import { describe } from 'node:test';
import { testEngines } from '../../../test/support/database.ts';
import { consoleFixture, type ConsoleFixture, type FixtureNeeds } from './console-fixture.test-support.ts';
import { overviewSuite, sharedSecretsSuite } from './overview-suite.test-support.ts';
import { servicesSuite } from './services-suite.test-support.ts';
import { requestsSuite } from './requests-suite.test-support.ts';
import { upstreamsSuite } from './upstreams-suite.test-support.ts';
import { acrossConsoleSuite } from './console-suite.test-support.ts';
import { limitsSuite } from './limits-suite.test-support.ts';

/**
 * The exchange console's pages. Each suite runs on a fixture of its own (see
 * console-fixture.test-support.ts) with what it needs set up beforehand, so any of them runs
 * alone or in any order: `CONSOLE_SUITES=requests,overview` runs just those, in that order.
 */
const suites: Record<string, { needs: FixtureNeeds; run: (c: ConsoleFixture) => void }> = {
  overview: { needs: {}, run: overviewSuite },
  services: { needs: {}, run: servicesSuite },
  requests: { needs: { service: true }, run: requestsSuite },
  upstreams: { needs: { service: true }, run: upstreamsSuite },
  across: { needs: { service: true, request: true }, run: acrossConsoleSuite },
  limits: { needs: { service: true, request: true }, run: limitsSuite },
};

const chosen = process.env.CONSOLE_SUITES ? process.env.CONSOLE_SUITES.split(',').map((name) => name.trim()) : Object.keys(suites);
for (const name of chosen) if (!suites[name]) throw new Error(`CONSOLE_SUITES: no suite named ${name}; there are ${Object.keys(suites).join(', ')}`);

for (const engine of testEngines()) {
  describe(`exchange console pages (${engine})`, () => {
    for (const name of chosen) {
      describe(name, () => {
        const c = consoleFixture(engine, suites[name]!.needs);
        suites[name]!.run(c);
      });
    }
  });
}

sharedSecretsSuite();
