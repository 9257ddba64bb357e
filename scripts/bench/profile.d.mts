export function summarizeProfile(dir: string, top?: number): string
