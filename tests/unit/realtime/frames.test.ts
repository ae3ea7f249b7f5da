import { describe, expect, it } from 'vitest';
import Serializer from '@supabase/realtime-js/dist/main/lib/serializer.js';
import {
  decodeInbound,
  encodeFrame,
  encodeUserBroadcast,
  FrameError,
} from '../../../src/local-supabase/realtime/frames.js';

const serializer = new Serializer();

/** realtime-js's own vsn 2.0.0 encoder, so the test pins what the real client sends. */
function clientEncode(message: {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}): ArrayBuffer | string {
  return serializer.encode(message, (result: ArrayBuffer | string) => result) as
    ArrayBuffer | string;
}

describe('Phoenix frames', () => {
  it('decodes a vsn 2.0.0 array and a vsn 1.0.0 object to the same frame', () => {
    const array = Buffer.from(
      JSON.stringify(['1', '2', 'realtime:room', 'phx_join', { config: {} }]),
    );
    const object = Buffer.from(
      JSON.stringify({
        join_ref: '1',
        ref: '2',
        topic: 'realtime:room',
        event: 'phx_join',
        payload: { config: {} },
      }),
    );
    const expected = {
      kind: 'frame',
      frame: {
        joinRef: '1',
        ref: '2',
        topic: 'realtime:room',
        event: 'phx_join',
        payload: { config: {} },
      },
    };
    expect(decodeInbound(array, false, '2.0.0')).toEqual(expected);
    expect(decodeInbound(object, false, '1.0.0')).toEqual(expected);
  });

  it('refuses a frame in the other version’s shape', () => {
    expect(() => decodeInbound(Buffer.from('{"topic":"t"}'), false, '2.0.0')).toThrow(FrameError);
    expect(() => decodeInbound(Buffer.from('["1","2","t","e",{}]'), false, '1.0.0')).toThrow(
      FrameError,
    );
  });

  it('decodes the binary broadcast push realtime-js sends for a JSON payload', () => {
    const encoded = clientEncode({
      join_ref: '3',
      ref: '7',
      topic: 'realtime:room',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'cursor', payload: { x: 1 } },
    });
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    const inbound = decodeInbound(Buffer.from(encoded as ArrayBuffer), true, '2.0.0');
    expect(inbound).toMatchObject({
      kind: 'binary-broadcast',
      push: {
        joinRef: '3',
        ref: '7',
        topic: 'realtime:room',
        userEvent: 'cursor',
        metadata: '',
        encoding: 'json',
      },
    });
    expect(
      inbound.kind === 'binary-broadcast' && JSON.parse(inbound.push.payload.toString()),
    ).toEqual({ x: 1 });
  });

  it('encodes a user broadcast that realtime-js decodes back', () => {
    const frame = encodeUserBroadcast({
      topic: 'realtime:room',
      userEvent: 'cursor',
      metadata: '{"id":"m1"}',
      encoding: 'json',
      payload: Buffer.from('{"x":1}'),
    });
    let decoded: unknown;
    serializer.decode(new Uint8Array(frame).buffer, (m: unknown) => (decoded = m));
    expect(decoded).toEqual({
      join_ref: null,
      ref: null,
      topic: 'realtime:room',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'cursor', payload: { x: 1 }, meta: { id: 'm1' } },
    });
  });

  it('encodes replies as arrays for 2.0.0 and objects for 1.0.0', () => {
    const frame = {
      joinRef: '1',
      ref: '2',
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    };
    expect(JSON.parse(encodeFrame('2.0.0', frame))).toEqual([
      '1',
      '2',
      'phoenix',
      'phx_reply',
      { status: 'ok', response: {} },
    ]);
    expect(JSON.parse(encodeFrame('1.0.0', frame))).toEqual({
      join_ref: '1',
      ref: '2',
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    });
  });
});
