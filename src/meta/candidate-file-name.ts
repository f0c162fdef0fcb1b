import type { Problem } from '../core/problem.js';

/** Exactly `candidate-<name>.md`, the name without spaces, control or invisible characters. */
const CANDIDATE_FILE_NAME = /^candidate-[^\s\p{C}]+\.md$/u;
const HIDDEN_CHARACTER = /[\s\p{C}]/gu;

/** Files named `candidate…` are meant to be candidates; everything else is not (README, guides). */
export function isMeantAsCandidate(fileName: string): boolean {
  return fileName.startsWith('candidate');
}

/** True for a well-formed candidate file name, `candidate-<name>.md`. */
export function isCandidateFileName(fileName: string): boolean {
  return CANDIDATE_FILE_NAME.test(fileName);
}

/**
 * The error for a file meant as a candidate whose name is not exactly `candidate-<name>.md`:
 * such a candidate would silently vanish from the ballot (a real repository once merged
 * `candidate-wilsonwu.md` followed by an invisible U+200E).
 */
export function badCandidateFileName(path: string, fileName: string): Problem {
  const visible = fileName.replace(HIDDEN_CHARACTER, (char) => `<U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}>`);
  const hidden = visible === fileName ? '' : ' (it contains invisible or space characters, shown as <U+…>)';
  return {
    file: path,
    message: `'${visible}' is not named candidate-<name>.md${hidden}, so it is not read as a candidate; rename it`,
  };
}
