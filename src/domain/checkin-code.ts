import { z } from 'zod'
import { labelled } from './validation'
import { LocationSchema } from './meetings'

/**
 * The secretary's code screen and the typed 数字签到码. Apart from meetings.ts, which the main
 * package carries (the meetings tab): only the meetings subpackage and the server need these.
 */
/** 数字签到码 tries a person has for one meeting; then only the QR code or a 补签 will do. */
export const PIN_MAX_ATTEMPTS = 10

export const CheckinCodeSchema = z.object({
  code: z.string().max(128),
  pin: z.string().describe('6 位数字签到码，与二维码同一时段有效，只对这次会议'),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  expiresAt: z.string(),
  refreshAfterMs: z.number().int().describe('建议多久后取新码'),
  window: z.enum(['not_open', 'open', 'closed']),
  checkedIn: z.number().int(),
})

export const PinCheckinBodySchema = z.strictObject({
  pin: labelled('数字签到码', z.string().regex(/^\d{6}$/, '数字签到码是 6 位数字')),
  location: labelled('位置', LocationSchema).optional(),
})

