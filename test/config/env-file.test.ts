import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvFile } from '../../src/config/env-file.js';

function envFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'elekto-env-')), '.env');
  writeFileSync(path, text);
  return path;
}

test("Elekto 0.6's .env.example reads as it did, with blank values kept empty", () => {
  const path = envFile(
    'APP_NAME=k8s.elections\nAPP_ENV=production\nAPP_KEY=\nAPP_DEBUG=False\n\nDB_CONNECTION=mysql\nDB_PASSWORD=\n' +
      'GITHUB_REDIRECT=/oauth/github/callback\n',
  );
  const read = readEnvFile(path, 'error');
  assert.ok(read.ok);
  // A null-prototype record (so a key like __proto__ stays data); Node 26's assert compares prototypes.
  assert.deepEqual({ ...read.value.values }, {
    APP_NAME: 'k8s.elections',
    APP_ENV: 'production',
    APP_KEY: '',
    APP_DEBUG: 'False',
    DB_CONNECTION: 'mysql',
    DB_PASSWORD: '',
    GITHUB_REDIRECT: '/oauth/github/callback',
  });
  assert.equal(read.value.lines.DB_CONNECTION, 6);
});

test('comments, export, quotes, spaces and CRLF line ends are understood', () => {
  const path = envFile(
    '# settings\r\nexport  APP_NAME = "Elections # 2025"  # trailing comment\r\nAPP_ENV=development    # development | production\r\n' +
      "DB_PASSWORD='p#ss word'\r\nMETA_SECRET=`tick`\r\n   \r\n",
  );
  const read = readEnvFile(path, 'error');
  assert.ok(read.ok, JSON.stringify(read));
  assert.deepEqual({ ...read.value.values }, {
    APP_NAME: 'Elections # 2025',
    APP_ENV: 'development',
    DB_PASSWORD: 'p#ss word',
    META_SECRET: 'tick',
  });
});

test('every malformed line is reported with its number', () => {
  const path = envFile(
    'APP_ENV=development\nnot a setting\n1ST=x\nAPP_KEY="unclosed\nAPP_NAME="a"b\nDB_PASSWORD=abc#def\nMETA_SECRET="x\\"y"\n',
  );
  const read = readEnvFile(path, 'error');
  assert.ok(!read.ok);
  assert.deepEqual(
    read.error.map((p) => [p.line, p.variable]),
    [[2, undefined], [3, undefined], [4, 'APP_KEY'], [5, 'APP_NAME'], [6, 'DB_PASSWORD'], [7, 'META_SECRET']],
  );
  assert.match(read.error[0]?.message ?? '', /expected NAME=value/);
  assert.match(read.error[2]?.message ?? '', /APP_KEY: the value opens a " quote that is not closed/);
  assert.match(read.error[3]?.message ?? '', /text after the closing " quote/);
  assert.match(read.error[4]?.message ?? '', /DB_PASSWORD: the value contains '#' without a space before it: quote/);
  for (const problem of read.error) assert.equal(problem.file, path);
});

test('messages about a .env line never quote its value', () => {
  const read = readEnvFile(envFile('APP_KEY=s3cr3t#tail\nMETA_SECRET="s3cr3t\n'), 'error');
  assert.ok(!read.ok);
  assert.ok(!JSON.stringify(read.error).includes('s3cr3t'));
});

test('a missing file is an error only when it was asked for', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'elekto-env-')), '.env');
  const optional = readEnvFile(path, 'empty');
  assert.deepEqual(optional.ok && optional.value.values, {});
  const required = readEnvFile(path, 'error');
  assert.ok(!required.ok);
  assert.match(required.error[0]?.message ?? '', /cannot use the settings file .*: it does not exist/);
});

test('a directory in place of the file is reported, not thrown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-env-'));
  const read = readEnvFile(dir, 'empty');
  assert.ok(!read.ok);
  assert.match(read.error[0]?.message ?? '', /cannot be read \(EISDIR\)/);
});
