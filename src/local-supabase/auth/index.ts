import type { ServiceFactory } from '../context.js';
import { sendJson } from '../http.js';

// Placeholder until the auth service is built: answers 501 so callers see what is missing.
export const createAuthService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'auth is not implemented yet' });
  },
  async close() {},
});
