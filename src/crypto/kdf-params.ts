import { err, ok, type Result } from '../core/result.js';

/** The Argon2 variants libsodium offers; one list serves the type and the parser. */
export const KDF_ALGORITHMS = ['argon2i', 'argon2id'] as const;
export type KdfAlgorithm = (typeof KDF_ALGORITHMS)[number];

/**
 * How a passphrase becomes a ballot-link key: always Argon2 version 1.3 (0x13), parallelism 1
 * (the only values libsodium implements), a 16-byte salt and a 32-byte key. What may vary is
 * the algorithm and the two costs, so that is all this records.
 */
export interface KdfParams {
  readonly algorithm: KdfAlgorithm;
  /** Passes over memory (Argon2 `t`). */
  readonly opslimit: number;
  /** Memory in bytes (Argon2 `m` × 1024); a whole number of KiB. */
  readonly memlimit: number;
}

/**
 * The parameters of every link Elekto 0.6 wrote: PyNaCl's `argon2i.kdf` defaults
 * `OPSLIMIT_SENSITIVE` (8) and `MEMLIMIT_SENSITIVE` (512 MiB), pinned here by value so that no
 * library upgrade can change them. A stored row without parameters (SQL NULL) means these.
 */
export const ELEKTO_0_6_KDF: KdfParams = Object.freeze({
  algorithm: 'argon2i',
  opslimit: 8,
  memlimit: 536_870_912,
});

// libsodium's own floors (argon2i needs 3 passes; 8 KiB is its memory minimum).
const MIN_OPSLIMIT: Record<KdfAlgorithm, number> = { argon2i: 3, argon2id: 1 };
const MIN_MEMLIMIT = 8192;
// Ceilings of our own: parameters are read back from database rows, and a damaged or forged
// row must not make the server spin for minutes or allocate more memory than any sane setting.
const MAX_OPSLIMIT = 32;
const MAX_MEMLIMIT = 2 * 1024 ** 3;

/**
 * Checks that `params` are within libsodium's bounds and this application's ceilings
 * (at most 32 passes, at most 2 GiB), and freezes them.
 */
export function checkKdfParams(params: KdfParams): Result<KdfParams, string> {
  const { algorithm, opslimit, memlimit } = params;
  if (!KDF_ALGORITHMS.includes(algorithm)) {
    return err(`unknown key-derivation algorithm '${String(algorithm)}'; expected one of ${KDF_ALGORITHMS.join(', ')}`);
  }
  const minOps = MIN_OPSLIMIT[algorithm];
  if (!Number.isSafeInteger(opslimit) || opslimit < minOps || opslimit > MAX_OPSLIMIT) {
    return err(`${algorithm} needs between ${minOps} and ${MAX_OPSLIMIT} passes, got ${opslimit}`);
  }
  if (!Number.isSafeInteger(memlimit) || memlimit % 1024 !== 0 || memlimit < MIN_MEMLIMIT || memlimit > MAX_MEMLIMIT) {
    return err(`memory must be a whole number of KiB from 8 KiB to 2 GiB, got ${memlimit} bytes`);
  }
  return ok(Object.freeze({ algorithm, opslimit, memlimit }));
}

/**
 * The compact text form of `params`, in the PHC string format Argon2 tools use:
 * `$argon2i$v=19$m=524288,t=8,p=1` (m in KiB). Short enough for a VARCHAR(64) column.
 */
export function formatKdfParams(params: KdfParams): string {
  return `$${params.algorithm}$v=19$m=${params.memlimit / 1024},t=${params.opslimit},p=1`;
}

const PHC = /^\$(argon2id?)\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=1$/;

/**
 * Reads the parameters recorded beside a stored link. `null`/`undefined` (a row written by
 * Elekto 0.6, or by us with the 0.6 set) means {@link ELEKTO_0_6_KDF}. Anything else must be
 * exactly what {@link formatKdfParams} writes and within {@link checkKdfParams}'s bounds.
 */
export function parseKdfParams(text: string | null | undefined): Result<KdfParams, string> {
  if (text === null || text === undefined) return ok(ELEKTO_0_6_KDF);
  const match = PHC.exec(text);
  if (!match) return err(`'${text}' is not a key-derivation parameter string like '${formatKdfParams(ELEKTO_0_6_KDF)}'`);
  const [, algorithm, kib, passes] = match as unknown as [string, KdfAlgorithm, string, string];
  return checkKdfParams({ algorithm, opslimit: Number(passes), memlimit: Number(kib) * 1024 });
}

/**
 * What to store in a row's parameter column: SQL NULL for the Elekto 0.6 set, so that rows we
 * write with it stay byte-for-byte what Elekto 0.6 writes (and a rollback keeps working);
 * otherwise {@link formatKdfParams}.
 */
export function kdfParamsColumn(params: KdfParams): string | null {
  return isElekto06(params) ? null : formatKdfParams(params);
}

function isElekto06(params: KdfParams): boolean {
  return (
    params.algorithm === ELEKTO_0_6_KDF.algorithm &&
    params.opslimit === ELEKTO_0_6_KDF.opslimit &&
    params.memlimit === ELEKTO_0_6_KDF.memlimit
  );
}
