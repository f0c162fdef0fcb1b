/**
 * The subset of sodium-native (which ships no TypeScript types) that `src/crypto` uses, and
 * nothing more: the narrower this surface, the easier it is to check against libsodium's
 * documentation and to swap the binding.
 */
declare module 'sodium-native' {
  interface SodiumNative {
    /** Argon2i version 1.3, the algorithm of Elekto 0.6 (PyNaCl `pwhash.argon2i`). */
    readonly crypto_pwhash_ALG_ARGON2I13: number;
    /** Argon2id version 1.3. */
    readonly crypto_pwhash_ALG_ARGON2ID13: number;
    readonly crypto_pwhash_SALTBYTES: number;
    readonly crypto_secretbox_KEYBYTES: number;
    readonly crypto_secretbox_NONCEBYTES: number;
    readonly crypto_secretbox_MACBYTES: number;

    /**
     * Derives `out.byteLength` bytes from `passwd` on libuv's thread pool. Rejects with
     * `Error('status: -1')` when libsodium fails (typically: memory could not be allocated).
     * Throws synchronously when an argument is out of libsodium's bounds.
     */
    crypto_pwhash_async(
      out: Uint8Array,
      passwd: Uint8Array,
      salt: Uint8Array,
      opslimit: number,
      memlimit: number,
      alg: number,
    ): Promise<void>;

    /** Writes MAC(16) ‖ ciphertext into `c` (`m.byteLength + MACBYTES` bytes). */
    crypto_secretbox_easy(c: Uint8Array, m: Uint8Array, n: Uint8Array, k: Uint8Array): void;

    /** Verifies and decrypts `c` (MAC ‖ ciphertext) into `m`; false when the MAC does not match. */
    crypto_secretbox_open_easy(m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean;

    randombytes_buf(buffer: Uint8Array): void;

    /** Overwrites `buffer` with zeros in a way the compiler cannot optimise away. */
    sodium_memzero(buffer: Uint8Array): void;
  }

  const sodium: SodiumNative;
  export default sodium;
}
