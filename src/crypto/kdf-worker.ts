// A key-derivation child process (see `kdf-process-pool.ts`): derives one key per message
// with `deriveKey` and answers with the key or the failure. It holds no other state.
import { deriveKey } from './derive-key.js';
import type { KdfParams } from './kdf-params.js';

interface Job {
  readonly id: number;
  readonly passphrase: string;
  readonly salt: string;
  readonly params: KdfParams;
}

process.on('message', (job: Job) => {
  void deriveKey(job.passphrase, Buffer.from(job.salt, 'base64'), job.params).then((result) => {
    const answer = result.ok ? { id: job.id, key: Buffer.from(result.value).toString('base64') } : { id: job.id, error: result.error };
    if (result.ok) result.value.fill(0);
    process.send?.(answer);
  });
});
// Exit with the parent: an orphaned worker would hold nothing, but should not linger.
process.on('disconnect', () => process.exit(0));
