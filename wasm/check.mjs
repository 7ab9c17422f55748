// Runs the gateway-etf WebAssembly module with Node's plain WebAssembly API
// and compares every frame with the bytes Erlang wrote (golden/wasm.hex),
// then checks the error codes of commands the encoder must refuse.
//
// Usage: node check.mjs MODULE.wasm GOLDEN.hex
// Prints one line per check and `wasm: N passed, M failed`; exits 1 on any
// failure.
import { readFileSync } from "node:fs";

const [wasmPath, goldenPath] = process.argv.slice(2);
if (!wasmPath || !goldenPath) {
  console.error("usage: node check.mjs MODULE.wasm GOLDEN.hex");
  process.exit(2);
}

const golden = new Map(
  readFileSync(goldenPath, "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(" ")),
);

const module = new WebAssembly.Module(readFileSync(wasmPath));
const { exports: wasm } = new WebAssembly.Instance(module, {});

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

const utf8 = new TextEncoder();
// Writes the strings back to back into the input buffer; returns their byte
// lengths, the arguments the encoders take.
function put(...strings) {
  const bytes = strings.map((s) => (typeof s === "string" ? utf8.encode(s) : s));
  const input = new Uint8Array(wasm.memory.buffer, wasm.input_ptr(), wasm.input_cap());
  let at = 0;
  for (const b of bytes) {
    input.set(b, at);
    at += b.length;
  }
  return bytes.map((b) => b.length);
}
function output(len) {
  return Buffer.from(new Uint8Array(wasm.memory.buffer, wasm.output_ptr(), len)).toString("hex");
}

// A frame case: its result must be a length and the bytes Erlang's.
function frame(name, len) {
  const want = golden.get(name);
  if (want === undefined) return check(name, false, "no golden bytes");
  if (len < 0) return check(name, false, `error code ${len}`);
  const got = output(len);
  check(name, got === want, got === want ? `${len} bytes` : `\n  got  ${got}\n  want ${want}`);
}
const used = new Set();
const ran = (name, len) => (used.add(name), frame(name, len));

check("module has no imports", WebAssembly.Module.imports(module).length === 0);

const NO_SHARD = [0, 0];
const OMIT = 2; // compress: neither false nor true

ran("heartbeat_nil", wasm.heartbeat(0, 0n));
ran("heartbeat_251", wasm.heartbeat(1, 251n));
ran("heartbeat_1000000", wasm.heartbeat(1, 1000000n));
ran("heartbeat_u64_max", wasm.heartbeat(1, 2n ** 64n - 1n));

ran("identify_minimal", wasm.identify(...put("tok", "wasm", "gateway-etf", "gateway-etf"), 513n, ...NO_SHARD, 0, OMIT));
const TOKEN = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs";
const intents = 0xffffn | (1n << 25n);
ran("identify_full", wasm.identify(...put(TOKEN, "linux", "my bot \u2713", "node"), intents, 3, 8, 50, 1));

ran("resume_1337", wasm.resume(...put("token", "session-id"), 1337n));
ran("resume_2_pow_40", wasm.resume(...put(TOKEN, "d2f4c6e8a0b1c3d5e7f9a1b3c5d7e9f1"), 2n ** 40n));

for (const name of golden.keys()) {
  if (!used.has(name)) check(name, false, "golden case never run");
}

// Refusals: nothing is encoded, a negative code comes back.
const refused = (name, got, want) => check(name, got === want, `code ${got}, want ${want}`);
const props = ["linux", "b", "d"];
refused("large_threshold 251 refused", wasm.identify(...put("t", ...props), 1n, ...NO_SHARD, 251, OMIT), -2);
refused("large_threshold 49 refused", wasm.identify(...put("t", ...props), 1n, ...NO_SHARD, 49, OMIT), -2);
refused("shard 8 of 8 refused", wasm.identify(...put("t", ...props), 1n, 8, 8, 0, OMIT), -7);
refused("payload over 4096 refused", wasm.resume(...put("t".repeat(4100), "s"), 1n), -6);
refused("non-UTF-8 token refused", wasm.resume(...put(new Uint8Array([0x74, 0xff]), "s"), 1n), -100);
refused("input length over capacity refused", wasm.resume(wasm.input_cap() + 1, 0, 1n), -99);
put("a".repeat(wasm.input_cap()));
refused("input lengths overrunning together refused", wasm.resume(wasm.input_cap(), 1, 1n), -99);

console.log(`wasm: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
