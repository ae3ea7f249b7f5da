// The frames of browser mode's WebSocket between the web bridge (renderer) and src/web-host: the same
// invoke and event channel as Electron's IPC, with a request id so answers find their caller.
import { z } from 'zod';
import { apiResponseSchema } from './api-response';

/** The path of the socket on the web host. */
export const WEB_SOCKET_PATH = '/talentg/socket';

/** The largest frame either side accepts; a bigger one closes the socket (1009). */
export const WEB_SOCKET_MAX_FRAME_BYTES = 1024 * 1024;

/** Renderer to host: one operation. The id is the caller's own and comes back with the answer. */
export const invokeFrameSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  op: z.string().max(200),
  args: z.unknown(),
});
export type InvokeFrame = z.infer<typeof invokeFrameSchema>;

/** Host to renderer: an answer (id null when the frame it answers had no usable id) or an event. */
export const hostFrameSchema = z.union([
  z.strictObject({ id: z.number().int().nonnegative().nullable(), response: apiResponseSchema }),
  z.strictObject({ event: z.unknown() }),
]);
export type HostFrame = z.infer<typeof hostFrameSchema>;
