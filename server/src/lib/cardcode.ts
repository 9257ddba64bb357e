import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The member card's verify code: base64url(member id 16 B ‖ epoch 4 B ‖ HMAC-SHA256 truncated to 10 B)
 * = 40 characters. No personal data; revocation bumps the epoch so every older code fails.
 */
const MAC_BYTES = 10
export const CARD_CODE_LENGTH = 40

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex')
}

function bytesUuid(b: Buffer): string {
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export class CardCodes {
  private readonly key: Buffer
  constructor(appSecret: string) {
    // A key of its own, derived from the app secret with a purpose label.
    this.key = createHmac('sha256', appSecret).update('red-engine/card-verify/v1').digest()
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.key).update(data).digest().subarray(0, MAC_BYTES)
  }

  sign(memberId: string, epoch: number): string {
    const data = Buffer.alloc(20)
    uuidBytes(memberId).copy(data, 0)
    data.writeUInt32BE(epoch, 16)
    return Buffer.concat([data, this.mac(data)]).toString('base64url')
  }

  /** The (member, epoch) a genuine code names, or null for anything else. */
  open(code: string): { memberId: string; epoch: number } | null {
    if (code.length !== CARD_CODE_LENGTH || !/^[A-Za-z0-9_-]+$/.test(code)) return null
    const raw = Buffer.from(code, 'base64url')
    if (raw.length !== 20 + MAC_BYTES || raw.toString('base64url') !== code) return null
    const data = raw.subarray(0, 20)
    if (!timingSafeEqual(this.mac(data), raw.subarray(20))) return null
    return { memberId: bytesUuid(data.subarray(0, 16)), epoch: data.readUInt32BE(16) }
  }
}
