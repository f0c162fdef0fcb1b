import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

for (const flag of ['--version', '-V']) {
  test(`elekto ${flag} prints the package's version and exits 0`, async () => {
    let stdout = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => assert.fail('nothing on stderr'), env: {}, cwd: '.' };
    assert.equal(await main([flag], io), 0);
    assert.equal(stdout, `elekto ${version}\n`);
  });
}
