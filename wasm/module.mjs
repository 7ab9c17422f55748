// The gateway-etf WebAssembly module as check.mjs and bot.mjs use it:
// loaded with Node's plain WebAssembly API, plus the few helpers that move
// bytes in and out of its buffers (the calling convention is in
// src/encode.rs and src/decode.rs).
import { readFileSync } from "node:fs";

/// A left-out optional string or number (-1, 0xffffffff on the Rust side).
export const ABSENT = -1;
/// An optional boolean left out (anything but 0 and 1).
export const OMIT = -1;

/// IDs for the input buffer: little-endian u64s (BigInts or numbers).
export function ids(list) {
  const bytes = new Uint8Array(list.length * 8);
  const view = new DataView(bytes.buffer);
  list.forEach((id, i) => view.setBigUint64(i * 8, BigInt(id), true));
  return { ids: list.length, bytes };
}

const utf8 = new TextEncoder();
const text = new TextDecoder("utf-8", { fatal: true });

export function load(path) {
  const module = new WebAssembly.Module(readFileSync(path));
  const wasm = new WebAssembly.Instance(module, {}).exports;
  const memory = () => new Uint8Array(wasm.memory.buffer);

  return {
    module,
    wasm,

    // Writes the items back to back into the input buffer and returns
    // what the exports take for each: a string's (or byte array's) length,
    // an `ids()` list's count, ABSENT for null (which takes no bytes).
    put(...items) {
      const input = memory().subarray(wasm.input_ptr(), wasm.input_ptr() + wasm.input_cap());
      let at = 0;
      return items.map((item) => {
        if (item === null) return ABSENT;
        const bytes = typeof item === "string" ? utf8.encode(item) : (item.bytes ?? item);
        input.set(bytes, at);
        at += bytes.length;
        return item.ids ?? bytes.length;
      });
    },

    // A copy of the first `len` bytes of the output buffer.
    output(len) {
      return memory().slice(wasm.output_ptr(), wasm.output_ptr() + len);
    },

    // Copies a received frame (or, for inflate_push, a message) into the
    // module's buffer at `ptr` of `cap` bytes; returns its length.
    write(ptr, cap, bytes) {
      if (bytes.length > cap) throw new Error(`${bytes.length} bytes do not fit the module's ${cap}`);
      memory().set(bytes, ptr);
      return bytes.length;
    },

    // Inflates one received WebSocket message (zlib-stream), in pieces of
    // the message buffer's size: the length of the frame it ends (in the
    // frame buffer), 0 if the frame goes on, or a negative code.
    inflate(message) {
      const cap = wasm.message_cap();
      for (let at = 0; ; at += cap) {
        const piece = message.subarray(at, at + cap);
        memory().set(piece, wasm.message_ptr());
        const len = wasm.inflate_push(piece.length);
        if (at + cap >= message.length) return len;
        if (len !== 0) throw new Error(`a frame ended ${at + piece.length} bytes into a ${message.length}-byte message`);
      }
    },

    // The string at `offset` in the frame buffer, or null for length -1.
    frameString(offset, len) {
      if (len < 0) return null;
      const start = wasm.frame_ptr() + offset;
      return text.decode(memory().subarray(start, start + len));
    },

    // The name of a negative code an export returned.
    errorName(code) {
      const len = wasm.error_name(code);
      return len < 0 ? `not a code: ${code}` : text.decode(memory().subarray(wasm.output_ptr(), wasm.output_ptr() + len));
    },
  };
}
