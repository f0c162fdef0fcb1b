import type { YamlFile } from './yaml-file.js';

/** `eligible_voters:` alone on its line, optionally followed by a comment. */
const KEY_LINE = /^eligible_voters:[ \t]*(?:#.*)?$/;
/**
 * `- login` (plain words, e-mail addresses), `- 'login'`, `- "login"` or a bare `-`;
 * indented with spaces; optionally followed by a comment.
 */
const ITEM_LINE = /^( *)-(?:[ \t]+([A-Za-z0-9_][A-Za-z0-9_.@+-]*(?: +[A-Za-z0-9_.@+-]+)*|'[^'\n]*'|"[^"\\\n]*"))?(?:[ \t]+#.*)?[ \t]*$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
const DOCUMENT_START = /^---[ \t]*(?:#.*)?$/;
const NULL_WORDS = new Set(['null', 'Null', 'NULL']);

/**
 * A fast reader for the usual shape of `voters.yaml` (comments, an optional `---`,
 * `eligible_voters:`, then one `- login` per line), giving exactly what `parseYamlFile`
 * gives for such files. The YAML library needs ~20 µs a line, and Kubernetes lists
 * thousands of voters per election; this keeps validating a whole repository well under a
 * second (the tests compare both readers on real and generated files).
 *
 * @returns `undefined` as soon as a line is anything else, so the full YAML parser (and its
 *   error messages) handles every other file
 */
export function readSimpleVoterList(text: string): YamlFile | undefined {
  const itemLines: number[] = [];
  const items: (string | null)[] = [];
  let keyLine: number | undefined;
  let indent: string | undefined;
  let started = false;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (BLANK_OR_COMMENT.test(line)) continue;
    if (DOCUMENT_START.test(line) && !started) {
      started = true;
      continue;
    }
    started = true;
    if (KEY_LINE.test(line) && keyLine === undefined && items.length === 0) {
      keyLine = index + 1;
      continue;
    }
    const item = ITEM_LINE.exec(line);
    if (!item || (indent !== undefined && item[1] !== indent)) return undefined;
    indent = item[1];
    items.push(scalar(item[2]));
    itemLines.push(index + 1);
  }
  return simpleList(items, itemLines, keyLine);
}

/** The failsafe-schema value of a matched scalar: quoted text, plain text, or null. */
function scalar(source: string | undefined): string | null {
  if (source === undefined || NULL_WORDS.has(source)) return null;
  return source.startsWith("'") || source.startsWith('"') ? source.slice(1, -1) : source;
}

function simpleList(items: (string | null)[], itemLines: readonly number[], keyLine: number | undefined): YamlFile {
  const list = items.length > 0 ? items : null;
  const listLine = itemLines[0] ?? keyLine;
  if (keyLine === undefined) {
    return { value: list, lineOf: ([index]) => (index === undefined ? listLine : itemLines[Number(index)]) };
  }
  return {
    value: { eligible_voters: list },
    lineOf: ([key, index]) => {
      if (key !== 'eligible_voters') return undefined;
      return index === undefined ? listLine : itemLines[Number(index)];
    },
  };
}
