import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { err, ok, type Result } from '../core/result.js';
import type { Problem } from '../core/problem.js';

/**
 * A parsed YAML file whose scalars are all still text (or `null`), plus the means to say on
 * which line of the file a value sits.
 */
export interface YamlFile {
  /** Mappings, sequences, strings and `null`: no scalar has been typed yet. */
  readonly value: unknown;
  /** 1-based file line of the value at `path` (`['info', 0, 'slack']`), if it exists. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses YAML text safely, keeping every scalar as a string (the YAML "failsafe" schema plus
 * `null`). Typing happens afterwards, in the schemas of the files, so `True` and
 * `2025-09-12 00:00:01` are read the way Elekto 0.6 (YAML 1.1) read them, and logins such as
 * `249043822` or `0123` keep their spelling.
 *
 * @param file repository-relative path, used in the problem
 * @param text the YAML source
 * @param firstLine file line on which `text` starts (> 1 for a candidate's header)
 * @returns the document, or the first syntax error located at its file line with a hint
 */
export function parseYamlFile(file: string, text: string, firstLine = 1): Result<YamlFile, Problem> {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'failsafe',
    customTags: ['null'],
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: lines,
  });
  const toFileLine = (offset: number) => lines.linePos(offset).line + firstLine - 1;
  const [first] = doc.errors;
  if (first) {
    return err({ file, line: toFileLine(first.pos[0]), message: describeYamlError(first) });
  }
  return ok({ value: doc.toJS({ maxAliasCount: 100 }), lineOf: (path) => lineOf(doc, path, toFileLine) });
}

function lineOf(doc: Document, path: readonly PropertyKey[], toFileLine: (offset: number) => number) {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  return isNode(node) && node.range ? toFileLine(node.range[0]) : undefined;
}

/** The library's message, plus what to do for the mistakes seen in real repositories. */
function describeYamlError(error: YAMLError): string {
  const message = `not valid YAML: ${error.message.replace(/\.$/, '')}`;
  switch (error.code) {
    case 'BAD_SCALAR_START':
      return `${message}; put the value in quotes, e.g. slack: "@name"`;
    case 'TAB_AS_INDENT':
      return `${message}; indent with spaces`;
    case 'DUPLICATE_KEY':
      return `${message}; keep only one of them`;
    default:
      return message;
  }
}
