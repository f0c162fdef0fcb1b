import { resolve } from 'node:path';
import { err, ok, type Result } from '../core/result.js';
import type { ConfigProblem } from './config-problem.js';
import { configSchema, VARIABLE_NAMES, type Config, type VariableName } from './config-schema.js';
import { readEnvFile, type EnvFile } from './env-file.js';

export interface LoadConfigOptions {
  /** Where the default `.env` is looked for, and what relative paths (DB_PATH, META_PATH) are relative to. */
  readonly cwd: string;
  /**
   * A settings file to read instead of `<cwd>/.env` (relative to `cwd`); it must exist.
   * `false` reads no file, for tests and for callers that pass a complete environment.
   */
  readonly envFile?: string | false;
}

/**
 * Reads Elekto's configuration from `env` (normally `process.env`) and the `.env` file, the
 * way Elekto 0.6 did with the same variable names, and validates all of it at once.
 *
 * Precedence: a variable set in `env` wins over the file; an empty (or blank) value counts as
 * unset in both (Elekto 0.6's `.env.example` ships `APP_KEY=`).
 *
 * Returns the frozen {@link Config}, or every problem found, one per variable or `.env` line,
 * each naming what to fix; secret values are never quoted.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions,
): Result<Config, readonly ConfigProblem[]> {
  const file = readSettingsFile(options);
  if (!file.ok) return file;

  const vars: Partial<Record<VariableName, string>> = {};
  const fromFile = new Set<VariableName>();
  for (const name of VARIABLE_NAMES) {
    const envValue = env[name];
    const fileValue = file.value?.values[name];
    if (isSet(envValue)) {
      vars[name] = envValue;
    } else if (isSet(fileValue)) {
      vars[name] = fileValue;
      fromFile.add(name);
    }
  }

  const parsed = configSchema.safeParse({ cwd: options.cwd, vars });
  if (parsed.success) return ok(parsed.data);

  const order = (problem: ConfigProblem) => VARIABLE_NAMES.indexOf(problem.variable as VariableName);
  const problems = parsed.error.issues.map((issue): ConfigProblem => {
    const variable = String(issue.path[1]) as VariableName;
    const message = `${variable} ${issue.message}`;
    const source = file.value;
    if (!fromFile.has(variable) || !source) return { variable, message };
    return { variable, file: source.path, line: source.lines[variable], message };
  });
  return err(problems.sort((a, b) => order(a) - order(b)));
}

/** Empty or blank counts as unset, as in Elekto 0.6 (`APP_KEY=` in its example file). */
function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function readSettingsFile(options: LoadConfigOptions): Result<EnvFile | undefined, readonly ConfigProblem[]> {
  if (options.envFile === false) return ok(undefined);
  if (options.envFile === undefined) return readEnvFile(resolve(options.cwd, '.env'), 'empty');
  return readEnvFile(resolve(options.cwd, options.envFile), 'error');
}
