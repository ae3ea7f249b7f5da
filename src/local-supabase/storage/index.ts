import type { ServiceFactory } from '../context.js';
import { sendJson } from '../http.js';

// Placeholder until the storage service is built: answers 501 so callers see what is missing.
export const createStorageService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'storage is not implemented yet' });
  },
  async close() {},
});
