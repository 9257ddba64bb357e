/**
 * The seam between request() and the auth store. request() must add the token and clear
 * the session on 401, while the store calls services that use request(); wiring them through
 * this tiny registry keeps the import graph one-way (store → services → session).
 */
export interface SessionHooks {
  getToken: () => string | null
  /** The server refused the token (expired, revoked, signed with another key); `message` says why. */
  onUnauthorized: (message: string) => void
}

export const sessionHooks: SessionHooks = {
  getToken: () => null,
  onUnauthorized: () => {},
}

export function registerSessionHooks(hooks: SessionHooks): void {
  sessionHooks.getToken = hooks.getToken
  sessionHooks.onUnauthorized = hooks.onUnauthorized
}
