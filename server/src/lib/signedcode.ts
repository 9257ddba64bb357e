import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Short signed codes naming a record and a counter: base64url(uuid 16 B ‖ uint32 4 B ‖ HMAC 10 B)
 * = 40 characters, no personal data. Each purpose has its own key derived from the app secret,
 * so a code made for one purpose never opens another.
 */
const MAC_BYTES = 10
export const SIGNED_CODE_LENGTH = 40

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex')
}

function bytesUuid(b: Buffer): string {
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export class SignedIdCodes {
  private readonly key: Buffer
  constructor(appSecret: string, purpose: string) {
    this.key = createHmac('sha256', appSecret).update(`red-engine/${purpose}`).digest()
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.key).update(data).digest().subarray(0, MAC_BYTES)
  }

  sign(id: string, counter: number): string {
    const data = Buffer.alloc(20)
    uuidBytes(id).copy(data, 0)
    data.writeUInt32BE(counter, 16)
    return Buffer.concat([data, this.mac(data)]).toString('base64url')
  }

  /**
   * A 6-digit number for (id, counter), from its own MAC: what a member types when the camera will
   * not scan (数字签到码). Valid only with the id it was made for; 10⁶ values, so attempts are capped.
   */
  pin(id: string, counter: number): string {
    const data = Buffer.alloc(24)
    data.write('pin:', 0, 'latin1')
    uuidBytes(id).copy(data, 4)
    data.writeUInt32BE(counter, 20)
    const n = createHmac('sha256', this.key).update(data).digest().readUInt32BE(0) % 1_000_000
    return String(n).padStart(6, '0')
  }

  /** The (id, counter) a genuine code names, or null for anything else. */
  open(code: string): { id: string; counter: number } | null {
    if (code.length !== SIGNED_CODE_LENGTH || !/^[A-Za-z0-9_-]+$/.test(code)) return null
    const raw = Buffer.from(code, 'base64url')
    if (raw.length !== 20 + MAC_BYTES || raw.toString('base64url') !== code) return null
    const data = raw.subarray(0, 20)
    if (!timingSafeEqual(this.mac(data), raw.subarray(20))) return null
    return { id: bytesUuid(data.subarray(0, 16)), counter: data.readUInt32BE(16) }
  }
}
