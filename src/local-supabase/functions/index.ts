import type { ServiceFactory } from '../context.js';
import { sendJson } from '../http.js';

// Placeholder until the functions service is built: answers 501 so callers see what is missing.
export const createFunctionsService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'functions is not implemented yet' });
  },
  async close() {},
});
