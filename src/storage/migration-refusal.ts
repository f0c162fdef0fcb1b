import type { DuplicateRows } from './migrations/duplicate-rows.js';

/** Why `migrateDatabase` left a database untouched: something a person must decide first. */
export type MigrationRefusal =
  | { readonly kind: 'duplicate-rows'; readonly duplicates: readonly DuplicateRows[] }
  | { readonly kind: 'unsupported-schema-version'; readonly versions: readonly number[] };

const TABLE_NOUNS = { voter: 'voter records', request: 'exception requests' } as const;

function duplicateLine(duplicate: DuplicateRows): string {
  const election = duplicate.electionKey ?? `(election id ${duplicate.electionId})`;
  const user = duplicate.username ?? `(user id ${duplicate.userId})`;
  const noun = TABLE_NOUNS[duplicate.table];
  const ids = `${duplicate.table} ids ${duplicate.rowIds.join(', ')}`;
  return `  election ${election}, user ${user}: ${duplicate.rowIds.length} ${noun} (${ids})`;
}

function describeDuplicates(duplicates: readonly DuplicateRows[]): string {
  return [
    'Some users have more than one voter record or exception request in the same election:',
    ...duplicates.map(duplicateLine),
    '',
    'Elekto 0.6 could store a double submission. Elekto now guarantees one voter record and one',
    'exception request per user and election with a database constraint, which cannot be added',
    'while these exist. Nothing was changed.',
    '',
    'What to do: with the election officers, decide which row of each group to keep and delete',
    'the others (for example DELETE FROM voter WHERE id IN (...)), then run `elekto migrate` again.',
    'Ballots are anonymous: deleting a voter record leaves the ballots counted as they are; a',
    "record's ballot can only be found with that voter's passphrase.",
  ].join('\n');
}

/** A report for the operator: what is wrong, that nothing changed, and what to do. */
export function describeMigrationRefusal(refusal: MigrationRefusal): string {
  switch (refusal.kind) {
    case 'duplicate-rows':
      return describeDuplicates(refusal.duplicates);
    case 'unsupported-schema-version':
      return [
        `This database records Elekto schema version ${refusal.versions.join(', ')} in table schema_version;`,
        'only version 2 (Elekto 0.6) can be adopted. Nothing was changed.',
        '',
        "What to do: bring it to version 2 with the Python Elekto's own migration first",
        '(`python console.py migrate` with Elekto 0.6), then run `elekto migrate` again.',
      ].join('\n');
  }
}
