import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for personal data at rest (ID numbers). Stored as
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. The key (ID_ENCRYPTION_KEY) is separate from
 * the token-signing secret, so a leaked signing key does not expose ID numbers.
 */
export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('FieldCipher needs a 32-byte key')
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
  }

  decrypt(stored: string): string {
    const [v, iv, tag, ct] = stored.split('.')
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
  }
}
