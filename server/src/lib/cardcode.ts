import { SignedIdCodes } from './signedcode'

/** The member card's verify code: member id + revocation epoch. Revoking bumps the epoch. */
export class CardCodes {
  private readonly codes: SignedIdCodes
  constructor(appSecret: string) {
    this.codes = new SignedIdCodes(appSecret, 'card-verify/v1')
  }
  sign(memberId: string, epoch: number): string {
    return this.codes.sign(memberId, epoch)
  }
  open(code: string): { memberId: string; epoch: number } | null {
    const o = this.codes.open(code)
    return o && { memberId: o.id, epoch: o.counter }
  }
}
