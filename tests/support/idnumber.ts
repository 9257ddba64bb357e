/** A valid GB 11643 ID number for a birth date, check character computed (for tests only). */
export function idFor(birth: string, seq = '123'): string {
  const body = `110101${birth.replace(/-/g, '')}${seq}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = w.reduce((a, x, i) => a + x * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}
