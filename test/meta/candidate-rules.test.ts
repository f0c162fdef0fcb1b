import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordCount } from '../../src/meta/candidate-rules.js';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { parseRepository } from '../../src/meta/parse-repository.js';
import { asInvalid, asValid, candidateMd, electionFiles, electionYaml, FIXTURES } from './meta-helpers.js';

const parse = (files: Record<string, string>) => parseRepository(new Map(Object.entries(files)), 'elections')[0];
const rules = (extra: Record<string, string>) => ({ 'elections/2025/election.yaml': electionYaml(extra) });

test('an election without candidate rules accepts any bio', () => {
  asValid(parse(electionFiles('elections/2025', { 'elections/2025/candidate-bob.md': candidateMd('bob', 'word '.repeat(5000)) })));
});

test('candidate_max_words makes a longer bio an error naming the file and both counts', () => {
  const files = electionFiles('elections/2025', {
    ...rules({ candidate_max_words: '5' }),
    'elections/2025/candidate-bob.md': candidateMd('bob', '## About\n\nOne two three four five six — `--flag`.'),
  });
  const election = asInvalid(parse(files));
  assert.deepEqual(election.errors, [
    { file: 'elections/2025/candidate-bob.md', message: 'the bio has 8 words; candidate_max_words in election.yaml allows 5' },
  ]);
});

test('words are runs holding a letter or digit: Markdown markup and dashes are not words', () => {
  assert.equal(wordCount('## Why me\n\n- one\n- *two*\n\n---\n\n3 — four'), 6);
});

test('candidate_required_sections wants each heading at any level, ignoring case and emphasis', () => {
  const bio = '# Why **me**\n\ntext\n\n### what I WILL do ###\n';
  const ok = electionFiles('elections/2025', {
    ...rules({ candidate_required_sections: '\n  - Why me\n  - What I will do' }),
    'elections/2025/candidate-alice.md': candidateMd('alice', bio),
    'elections/2025/candidate-bob.md': candidateMd('bob', bio),
  });
  asValid(parse(ok));
  const missing = { ...ok, 'elections/2025/candidate-bob.md': candidateMd('bob', 'Why me: I care. #notaheading') };
  assert.deepEqual(asInvalid(parse(missing)).errors.map((p) => p.message), [
    "the bio has no '## Why me' section, which candidate_required_sections in election.yaml requires",
    "the bio has no '## What I will do' section, which candidate_required_sections in election.yaml requires",
  ]);
});

test('a show_candidate_fields entry missing from info is a warning; the election stays valid', () => {
  const files = electionFiles('elections/2025', { ...rules({ show_candidate_fields: '\n  - employer\n  - slack' }) });
  const election = asValid(parse(files));
  assert.deepEqual(
    election.warnings.filter((p) => p.message.includes('slack')).map((p) => p.file),
    ['elections/2025/candidate-alice.md', 'elections/2025/candidate-bob.md'],
  );
});

test('a file name that does not match the ID is a warning (Cloud Foundry 2025 TOC: candidate-cobb.md is gerg)', async () => {
  const catalog = await loadCatalog(`${FIXTURES}real-meta/cloudfoundry__community`, 'elections');
  assert.ok(catalog.ok);
  const election = asValid(catalog.value.get('2025---TOC'));
  const named = election.warnings.filter((p) => p.message.startsWith('the file is named for'));
  assert.deepEqual(named.map((p) => p.message), [
    "the file is named for 'cobb' but its ID is 'gerg'; profile URLs and ballots use the ID",
    "the file is named for 'merker' but its ID is 'stephanme'; profile URLs and ballots use the ID",
    "the file is named for 'weibel' but its ID is 'cweibel'; profile URLs and ballots use the ID",
  ]);
  assert.deepEqual(election.errors, []);
});
