import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyCommand } from '../../src/cli/commands/generate-key.js';
import { UsageError, type CliIo } from '../../src/cli/command.js';
import { appKeyWeakness } from '../../src/config/app-key.js';

function capture() {
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {}, cwd: '/' };
  return { io, out };
}

test('generate-key prints one base64url key of 32 random bytes', async () => {
  const { io, out } = capture();
  assert.equal(await generateKeyCommand.run([], io), 0);
  assert.equal(out.length, 1);
  assert.match(out[0] ?? '', /^[A-Za-z0-9_-]{43}\n$/);
  assert.equal(Buffer.from((out[0] ?? '').trim(), 'base64url').length, 32);
});

test('every generated key is different and strong enough for production', async () => {
  const keys = new Set<string>();
  for (let i = 0; i < 20; i += 1) {
    const { io, out } = capture();
    await generateKeyCommand.run([], io);
    const key = (out[0] ?? '').trim();
    assert.equal(appKeyWeakness(key), undefined, key);
    keys.add(key);
  }
  assert.equal(keys.size, 20);
});

test('generate-key takes no arguments', async () => {
  const { io } = capture();
  await assert.rejects(generateKeyCommand.run(['extra'], io), UsageError);
  await assert.rejects(generateKeyCommand.run(['--hex'], io), UsageError);
});
