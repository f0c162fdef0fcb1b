/**
 * The guardrails of SPEC §14: which changes to an election's files, once merged, can corrupt
 * its count. Pure: the sync feeds it what the database knows, `elekto validate --base` what a
 * pull request's base says; both report the same findings.
 *
 * A guarded setting is compared with its *baseline*: the value it had when the change became
 * unsafe (the candidates of the first ballot; the window, method and `allow_no_opinion` at
 * the start; the seats when results were computed). A finding lasts as long as the change does:
 * undoing it clears it, and so does an officer accepting it (`acceptedBaseline`), which moves
 * the baseline on to the change, so that only a further change is found again.
 */

/** The settings of an election that the count depends on. */
export interface GuardedSettings {
  readonly start: Date;
  readonly end: Date;
  readonly method: string;
  readonly allowNoOpinion: boolean;
  readonly seats: number;
  /** Candidate IDs (order does not matter). */
  readonly candidates: readonly string[];
}

/** What is known of the election beyond its files. */
export interface GuardrailFacts {
  /** Ballots were cast (sync), or may have been (validate: the election has started). */
  readonly ballotsCast: boolean;
  /** The candidate IDs the stored ballots rank; null when unknown (then the baseline's). */
  readonly ballotCandidates: readonly string[] | null;
  /** Results were computed (sync), or may have been (validate: the election has ended). */
  readonly resultsComputed: boolean;
  /** Logins missing from `voters.yaml` that voted (sync) or may have (validate). */
  readonly removedVoters: readonly string[];
  /**
   * The candidate IDs the officers accepted after ballots were cast (a candidate withdrew), if
   * they did: compared with instead of the ballots', whose earlier rows still name the old set.
   */
  readonly acceptedCandidates?: readonly string[] | null;
}

export const GUARDRAIL_KINDS = [
  'candidates-changed',
  'method-changed',
  'allow-no-opinion-changed',
  'start-moved',
  'end-moved-to-past',
  'seats-changed-after-results',
  'voter-removed',
] as const;
export type GuardrailKind = (typeof GUARDRAIL_KINDS)[number];

/** The setting a finding is about, so it can be located in the files. */
export type GuardedField = 'candidates' | 'election_method' | 'allow_no_opinion' | 'start_datetime' | 'end_datetime' | 'no_winners' | 'voters';

export interface GuardrailFinding {
  readonly kind: GuardrailKind;
  readonly field: GuardedField;
  /** What exactly changed (`ada,grace → ada`): the same change is recorded once. */
  readonly subject: string;
  /** What happened, for the console and CI. */
  readonly message: string;
  /** What the officers should do about it. */
  readonly advice: string;
  /** Candidate IDs added to or removed from the ballot (only for `candidates-changed`). */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
}

const MEANT = 'or, if the change is meant, accept it with a reason on the officer console';

/** Every unsafe change of `after` against the `baseline`, at `now`. */
export function unsafeChanges(baseline: GuardedSettings | undefined, after: GuardedSettings, facts: GuardrailFacts, now: Date): GuardrailFinding[] {
  const findings: GuardrailFinding[] = [];
  const candidates = candidateChange(baseline, after, facts);
  if (candidates) findings.push(candidates);
  if (baseline) findings.push(...settingChanges(baseline, after, facts, now));
  findings.push(
    ...facts.removedVoters.map((login): GuardrailFinding => ({
      kind: 'voter-removed',
      field: 'voters',
      subject: login.toLowerCase(),
      message: `${login} was removed from voters.yaml after voting started; a ballot they cast still counts`,
      advice: `Put ${login} back in voters.yaml, or accept the change on the officer console; a voter's ballot cannot be removed once cast, since nothing links it to them`,
    })),
  );
  return findings;
}

/** Candidates added, removed or renamed since the first ballot (a rename is one of each). */
function candidateChange(baseline: GuardedSettings | undefined, after: GuardedSettings, facts: GuardrailFacts): GuardrailFinding | undefined {
  const reference = facts.acceptedCandidates ?? facts.ballotCandidates ?? baseline?.candidates;
  if (!facts.ballotsCast || !reference) return undefined;
  const before = new Set(reference);
  const now = new Set(after.candidates);
  const added = [...now].filter((id) => !before.has(id)).sort();
  const removed = [...before].filter((id) => !now.has(id)).sort();
  if (added.length === 0 && removed.length === 0) return undefined;
  const parts = [added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean);
  const renamed = added.length > 0 && removed.length > 0 ? ' (a changed ID counts as one removed and one added)' : '';
  return {
    kind: 'candidates-changed',
    field: 'candidates',
    subject: `${[...before].sort().join(',')} → ${[...now].sort().join(',')}`,
    message: `candidates changed after voting started: ${parts.join('; ')}${renamed}. Ballots already cast do not rank them the same way`,
    advice: `Voting is paused until the candidates are restored: put back the candidate files (with their IDs) as they were, ${MEANT}`,
    added,
    removed,
  };
}

function settingChanges(baseline: GuardedSettings, after: GuardedSettings, facts: GuardrailFacts, now: Date): GuardrailFinding[] {
  const started = now.getTime() >= baseline.start.getTime();
  const findings: GuardrailFinding[] = [];
  const change = (kind: GuardrailKind, field: GuardedField, from: string, to: string, message: string, advice: string) =>
    findings.push({ kind, field, subject: `${from} → ${to}`, message, advice });
  const restore = (key: string, from: string) => `Set ${key} back to ${from} in election.yaml, ${MEANT}`;

  if (started && after.method !== baseline.method) {
    change('method-changed', 'election_method', baseline.method, after.method,
      `election_method changed from ${baseline.method} to ${after.method} after voting started`, restore('election_method', baseline.method));
  }
  if (started && after.allowNoOpinion !== baseline.allowNoOpinion) {
    const [from, to] = [baseline.allowNoOpinion, after.allowNoOpinion].map((value) => (value ? 'True' : 'False')) as [string, string];
    change('allow-no-opinion-changed', 'allow_no_opinion', from, to,
      `allow_no_opinion changed from ${from} to ${to} after voting started: ballots already cast follow the old rule`, restore('allow_no_opinion', from));
  }
  if (started && after.start.getTime() !== baseline.start.getTime()) {
    const [from, to] = [utc(baseline.start), utc(after.start)];
    change('start-moved', 'start_datetime', from, to,
      `start_datetime moved from ${from} to ${to} after voting started`, restore('start_datetime', from));
  }
  const cut = after.end.getTime() < baseline.end.getTime() && after.end.getTime() <= now.getTime() && started;
  if (cut && facts.ballotsCast) {
    const [from, to] = [utc(baseline.end), utc(after.end)];
    change('end-moved-to-past', 'end_datetime', from, to,
      `end_datetime moved from ${from} to ${to}, into the past, while ballots were being cast: voting closed early`,
      `If voting should still be open, set end_datetime back to ${from}; if it was meant, tell the voters it closed early and accept the change on the officer console`);
  }
  if (facts.resultsComputed && after.seats !== baseline.seats) {
    change('seats-changed-after-results', 'no_winners', String(baseline.seats), String(after.seats),
      `no_winners changed from ${baseline.seats} to ${after.seats} after the results were computed`,
      `Set no_winners back to ${baseline.seats}: the stored result counted that many seats (accepting the change keeps that result as it is)`);
  }
  return findings;
}

/**
 * What accepting `finding` means for the count and the voters, in sentences for the
 * confirmation page (`after`: the election's settings now).
 */
export function acceptanceMeaning(finding: GuardrailFinding, after: GuardedSettings): string[] {
  const names = (ids: readonly string[]) => ids.join(', ');
  const newSetting = (key: string, value: string) => `The count uses the new setting: ${key} is ${value} from now on`;
  switch (finding.kind) {
    case 'candidates-changed':
      return [
        ...(finding.removed?.length ? [`The ranks given to ${names(finding.removed)} on ballots already cast are ignored in the count`] : []),
        ...(finding.added?.length
          ? [`Ballots already cast leave ${names(finding.added)} unranked; voters who already voted with a passphrase may change their ballot to rank them`]
          : []),
        `Voting resumes with the candidates ${names([...after.candidates].sort())}`,
        'A further change to the candidates is caught again',
      ];
    case 'method-changed':
      return [`${newSetting('election_method', after.method)}: every ballot, those already cast too, is counted with it`];
    case 'allow-no-opinion-changed':
      return [`${newSetting('allow_no_opinion', after.allowNoOpinion ? 'True' : 'False')}; ballots already cast keep what they left unranked`];
    case 'start-moved':
      return [`${newSetting('start_datetime', utc(after.start))}; ballots already cast still count`];
    case 'end-moved-to-past':
      return [`${newSetting('end_datetime', utc(after.end))}: voting stays closed; tell the voters it closed early`];
    case 'seats-changed-after-results':
      return [`The stored result stays as it was counted: results are computed once; no_winners is ${after.seats} in the files only`];
    case 'voter-removed':
      return [
        `The ballot ${finding.subject} cast still counts: nothing links a ballot to its voter, so it cannot be removed`,
        `${finding.subject} cannot vote nor change that ballot while not in voters.yaml; removing them is not reported again`,
      ];
  }
}

/** `2026-01-01 00:00:00 UTC`, as election.yaml writes times. */
function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * The baseline to keep after this comparison: each setting moves to its new value unless
 * that move was found unsafe, so an unsafe change keeps being reported until it is undone.
 */
export function nextBaseline(baseline: GuardedSettings | undefined, after: GuardedSettings, findings: readonly GuardrailFinding[]): GuardedSettings {
  return baseline ? moveBaseline(baseline, after, new Set(findings.map((finding) => finding.field))) : after;
}

/**
 * The baseline once officers accept `finding`: its setting moves on to its value in `after`,
 * the others stay, so the next comparison finds only a further change. A removed voter moves
 * no setting (the sync remembers accepted removals by their warnings).
 */
export function acceptedBaseline(baseline: GuardedSettings | undefined, after: GuardedSettings, finding: GuardrailFinding): GuardedSettings {
  return baseline ? moveBaseline(baseline, after, new Set(GUARDED_FIELDS.filter((field) => field !== finding.field))) : after;
}

const GUARDED_FIELDS: readonly GuardedField[] = ['candidates', 'election_method', 'allow_no_opinion', 'start_datetime', 'end_datetime', 'no_winners', 'voters'];

/** `after`, but the `held` settings at their baseline value. */
function moveBaseline(baseline: GuardedSettings, after: GuardedSettings, held: ReadonlySet<GuardedField>): GuardedSettings {
  const pick = <K extends keyof GuardedSettings>(key: K, field: GuardedField): GuardedSettings[K] => (held.has(field) ? baseline[key] : after[key]);
  return {
    start: pick('start', 'start_datetime'),
    end: pick('end', 'end_datetime'),
    method: pick('method', 'election_method'),
    allowNoOpinion: pick('allowNoOpinion', 'allow_no_opinion'),
    seats: pick('seats', 'no_winners'),
    candidates: pick('candidates', 'candidates'),
  };
}

/** The names of the settings that differ between two readings, for the audit trail. */
export function changedSettings(before: GuardedSettings, after: GuardedSettings): GuardedField[] {
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));
  const changes: [boolean, GuardedField][] = [
    [before.start.getTime() !== after.start.getTime(), 'start_datetime'],
    [before.end.getTime() !== after.end.getTime(), 'end_datetime'],
    [before.method !== after.method, 'election_method'],
    [before.allowNoOpinion !== after.allowNoOpinion, 'allow_no_opinion'],
    [before.seats !== after.seats, 'no_winners'],
    [!sameSet(before.candidates, after.candidates), 'candidates'],
  ];
  return changes.filter(([changed]) => changed).map(([, name]) => name);
}
