/**
 * The Phoenix socket frames realtime-js speaks: vsn 1.0.0 sends JSON objects, vsn 2.0.0 JSON arrays
 * `[join_ref, ref, topic, event, payload]` plus binary frames for user broadcasts
 * (kind 3 = a client's broadcast push, kind 4 = a broadcast delivered to a client).
 */
import { nestedDeeperThan, parseBoundedJson, tooDeepMessage } from '../bounded-json.js';

export type Vsn = '1.0.0' | '2.0.0';

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A broadcast a client sent as a binary frame (vsn 2.0.0); its payload stays as bytes. */
export interface BinaryBroadcastPush {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  userEvent: string;
  /** JSON text of the allowed metadata keys, '' when none. */
  metadata: string;
  encoding: 'json' | 'binary';
  payload: Buffer;
}

export type Inbound =
  { kind: 'frame'; frame: Frame } | { kind: 'binary-broadcast'; push: BinaryBroadcastPush };

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const BINARY_ENCODING = 0;
const JSON_ENCODING = 1;

export function parseVsn(value: string | null): Vsn {
  if (value === null || value === '1.0.0') return '1.0.0';
  if (value === '2.0.0') return '2.0.0';
  throw new FrameError(`unsupported protocol version ${value}`);
}

function optionalRef(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

function frameFromParts(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): Frame {
  if (typeof topic !== 'string' || typeof event !== 'string') {
    throw new FrameError('a frame needs a string topic and event');
  }
  return {
    joinRef: optionalRef(joinRef),
    ref: optionalRef(ref),
    topic,
    event,
    payload: payload ?? {},
  };
}

function decodeText(text: string, vsn: Vsn): Frame {
  const json = parseBoundedJson(text);
  if (!json.ok)
    throw new FrameError(json.problem === 'too_deep' ? json.message : 'frame is not JSON');
  const parsed = json.value;
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length < 5)
      throw new FrameError('expected a V2 array frame');
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    return frameFromParts(joinRef, ref, topic, event, payload);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FrameError('expected a V1 object frame');
  }
  const message = parsed as Record<string, unknown>;
  return frameFromParts(
    message.join_ref,
    message.ref,
    message.topic,
    message.event,
    message.payload,
  );
}

function decodeBinary(data: Buffer): BinaryBroadcastPush {
  if (data.length < 7 || data[0] !== USER_BROADCAST_PUSH)
    throw new FrameError('unknown binary frame kind');
  const sizes = [data[1], data[2], data[3], data[4], data[5]].map((size) => size ?? 0);
  const encoding = data[6] === BINARY_ENCODING ? 'binary' : 'json';
  let offset = 7;
  const take = (size: number): string => {
    if (offset + size > data.length) throw new FrameError('binary frame is truncated');
    const text = data.subarray(offset, offset + size).toString('utf8');
    offset += size;
    return text;
  };
  const [joinRef, ref, topic, userEvent, metadata] = sizes.map(take) as [
    string,
    string,
    string,
    string,
    string,
  ];
  // Only JSON is nested; a binary payload is opaque bytes.
  const payload = data.subarray(offset);
  if (nestedDeeperThan(metadata) || (encoding === 'json' && nestedDeeperThan(payload.toString())))
    throw new FrameError(tooDeepMessage());
  return {
    joinRef: joinRef === '' ? null : joinRef,
    ref: ref === '' ? null : ref,
    topic,
    userEvent,
    metadata,
    encoding,
    payload,
  };
}

export function decodeInbound(data: Buffer, isBinary: boolean, vsn: Vsn): Inbound {
  if (isBinary) {
    if (vsn !== '2.0.0') throw new FrameError('binary frames need vsn 2.0.0');
    return { kind: 'binary-broadcast', push: decodeBinary(data) };
  }
  return { kind: 'frame', frame: decodeText(data.toString('utf8'), vsn) };
}

export function encodeFrame(vsn: Vsn, frame: Frame): string {
  const { payload, ...envelope } = frame;
  return encodeFrameWithPayloadJson(vsn, envelope, JSON.stringify(payload ?? {}));
}

/** Like encodeFrame, for a payload already serialised once and shared by many sockets. */
export function encodeFrameWithPayloadJson(
  vsn: Vsn,
  frame: Omit<Frame, 'payload'>,
  payloadJson: string,
): string {
  const joinRef = JSON.stringify(frame.joinRef);
  const ref = JSON.stringify(frame.ref);
  const topic = JSON.stringify(frame.topic);
  const event = JSON.stringify(frame.event);
  if (vsn === '2.0.0') return `[${joinRef},${ref},${topic},${event},${payloadJson}]`;
  return `{"topic":${topic},"event":${event},"payload":${payloadJson},"ref":${ref},"join_ref":${joinRef}}`;
}

export interface UserBroadcast {
  topic: string;
  userEvent: string;
  metadata: string;
  encoding: 'json' | 'binary';
  payload: Buffer;
}

function byteLength(text: string, what: string): number {
  const size = Buffer.byteLength(text);
  if (size > 255) throw new FrameError(`${what} is longer than 255 bytes`);
  return size;
}

/** The kind 4 frame realtime-js decodes into `{type: 'broadcast', event, payload, meta?}`. */
export function encodeUserBroadcast(message: UserBroadcast): Buffer {
  const header = Buffer.from([
    USER_BROADCAST,
    byteLength(message.topic, 'topic'),
    byteLength(message.userEvent, 'event'),
    byteLength(message.metadata, 'metadata'),
    message.encoding === 'json' ? JSON_ENCODING : BINARY_ENCODING,
  ]);
  return Buffer.concat([
    header,
    Buffer.from(message.topic),
    Buffer.from(message.userEvent),
    Buffer.from(message.metadata),
    message.payload,
  ]);
}
