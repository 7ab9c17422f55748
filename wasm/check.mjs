// Runs the gateway-etf WebAssembly module with Node's plain WebAssembly API
// and compares every frame it encodes with the bytes Erlang wrote
// (golden/wasm.hex), checks the error codes of commands the encoder must
// refuse, and decodes frames Erlang wrote as Discord sends them
// (golden/received.hex) into the fields a bot needs, and inflates the
// zlib-stream connections Erlang's zlib compressed (golden/zlib.hex).
//
// Usage: node check.mjs MODULE.wasm WASM.hex RECEIVED.hex ZLIB.hex
// Prints one line per check and `wasm: N passed, M failed`; exits 1 on any
// failure.
import { readFileSync } from "node:fs";
import { checks } from "./checks.mjs";
import { ABSENT, OMIT, ids, load } from "./module.mjs";

const [wasmPath, goldenPath, receivedPath, zlibPath] = process.argv.slice(2);
if (!wasmPath || !goldenPath || !receivedPath || !zlibPath) {
  console.error("usage: node check.mjs MODULE.wasm WASM.hex RECEIVED.hex ZLIB.hex");
  process.exit(2);
}

const hexFile = (path) =>
  new Map(
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(" ")),
  );
const golden = hexFile(goldenPath);
const received = hexFile(receivedPath);
const zlib = hexFile(zlibPath);

const m = load(wasmPath);
const { wasm, put } = m;

const { check, done } = checks("wasm");

const output = (len) => Buffer.from(m.output(len)).toString("hex");

// A frame case: its result must be a length and the bytes Erlang's.
function frame(name, len) {
  const want = golden.get(name);
  if (want === undefined) return check(name, false, "no golden bytes");
  if (len < 0) return check(name, false, `error code ${len} (${m.errorName(len)})`);
  const got = output(len);
  check(name, got === want, got === want ? `${len} bytes` : `\n  got  ${got}\n  want ${want}`);
}
const used = new Set();
const ran = (name, len) => (used.add(name), frame(name, len));

check("module has no imports (no allocator, no memory.grow from the host)", WebAssembly.Module.imports(m.module).length === 0);

const NO_SHARD = [0, 0];

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

const GUILD = 81384788765712384n;
const CHANNEL = 613425648685547541n;
// update_presence(status, name, url, state lengths, activity type, has_since, since, afk)
ran("presence_online", wasm.update_presence(...put("online", null, null, null), 0, 0, 0n, 0));
ran("presence_streaming_all_fields",
  wasm.update_presence(...put("dnd", "\u{1f3ae} jeu", "https://twitch.tv/x", "in queue"), 1, 1, 1700000000000n, 1));
ran("presence_custom_state",
  wasm.update_presence(...put("idle", "Custom Status", null, "\u00c0 bient\u00f4t \u2713"), 4, 0, 0n, 0));
// update_voice_state(guild, has_channel, channel, self_mute, self_deaf)
ran("voice_join_mute", wasm.update_voice_state(GUILD, 1, CHANNEL, 1, 0));
ran("voice_leave_deaf", wasm.update_voice_state(GUILD, 0, 0n, 0, 1));
// request_guild_members_query(prefix, nonce lengths, guild, limit, presences)
ran("rgm_query_everyone", wasm.request_guild_members_query(...put("", null), GUILD, 0, OMIT));
ran("rgm_query_all_fields", wasm.request_guild_members_query(...put("Zo\u00eb", "n-1"), GUILD, 5, 1));
// request_guild_members_ids(id count, nonce length, guild, limit, presences)
ran("rgm_ids_two", wasm.request_guild_members_ids(...put(ids([7n, 2n ** 64n - 1n]), null), GUILD, ABSENT, OMIT));
ran("rgm_ids_all_fields", wasm.request_guild_members_ids(...put(ids([80351110224678912n]), "chunk-1"), GUILD, 1, 0));
ran("sounds_none", wasm.request_soundboard_sounds(...put(ids([]))));
ran("sounds_three", wasm.request_soundboard_sounds(...put(ids([GUILD, CHANNEL, 255n]))));
ran("channel_info_none", wasm.request_channel_info(...put(""), GUILD));
ran("channel_info_both", wasm.request_channel_info(...put("status,voice_start_time"), GUILD));

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

refused("status \"away\" refused", wasm.update_presence(...put("away", null, null, null), 0, 0, 0n, 0), -101);
refused("activity type 6 refused", wasm.update_presence(...put("online", "x", null, null), 6, 0, 0n, 0), -101);
refused("channel info field \"topic\" refused", wasm.request_channel_info(...put("status,topic"), GUILD), -101);
const hundredAndOne = ids(Array.from({ length: 101 }, (_, i) => BigInt(i)));
refused("101 user IDs refused", wasm.request_guild_members_ids(...put(hundredAndOne, null), GUILD, ABSENT, OMIT), -3);
refused("nonce of 33 bytes refused", wasm.request_guild_members_query(...put("a", "n".repeat(33)), GUILD, 1, OMIT), -5);
refused("limit 101 with a prefix refused", wasm.request_guild_members_query(...put("a", null), GUILD, 101, OMIT), -4);
refused("a required string left out refused", wasm.resume(...put(null, "s"), 1n), -99);
refused("ID count past the input buffer refused", wasm.request_soundboard_sounds(wasm.input_cap() / 8 + 1), -99);
check("error_name names a code", m.errorName(-2) === "LargeThresholdOutOfRange", m.errorName(-2));
check("error_name refuses a number that is no code", wasm.error_name(-11) === -1);

// Decoding: frames Erlang wrote as Discord sends them (atom keys, an atom
// event name, minor versions 1 and 2). The expected values are those
// written in golden/received.terms.
function decoded(name) {
  const hex = received.get(name);
  if (hex === undefined) throw new Error(`no golden frame ${name}`);
  const op = wasm.decode(m.write(wasm.frame_ptr(), wasm.frame_cap(), Buffer.from(hex, "hex")));
  return {
    op,
    seq: wasm.event_has_seq() ? wasm.event_seq() : null,
    name: m.frameString(wasm.event_name_offset(), wasm.event_name_len()),
    interval: wasm.hello_heartbeat_interval(),
    resumable: wasm.invalid_session_resumable(),
    sessionId: m.frameString(wasm.ready_session_id_offset(), wasm.ready_session_id_len()),
    resumeUrl: m.frameString(wasm.ready_resume_gateway_url_offset(), wasm.ready_resume_gateway_url_len()),
    userId: wasm.ready_user_id(),
  };
}
function decodes(name, want) {
  const got = decoded(name);
  const wrong = Object.entries(want).filter(([k, v]) => got[k] !== v);
  check(`decode ${name}`, wrong.length === 0,
    wrong.map(([k, v]) => `${k} ${String(got[k])}, want ${String(v)}`).join("; ") || `op ${got.op}`);
}
const nothing = { seq: null, name: null, interval: 0n, resumable: 0, sessionId: null, resumeUrl: null, userId: 0n };
for (const v of ["v1", "v2"]) {
  decodes(`hello_${v}`, { ...nothing, op: 10, interval: 41250n });
  decodes(`heartbeat_ack_${v}`, { ...nothing, op: 11 });
  decodes(`heartbeat_request_${v}`, { ...nothing, op: 1 });
  decodes(`reconnect_${v}`, { ...nothing, op: 7 });
  decodes(`invalid_session_true_${v}`, { ...nothing, op: 9, resumable: 1 });
  decodes(`invalid_session_false_${v}`, { ...nothing, op: 9, resumable: 0 });
  decodes(`ready_${v}`, {
    op: 0, seq: 1n, name: "READY", interval: 0n, resumable: 0,
    sessionId: "9d1d4c6d0b7e3c1f6a2e8b5d4c3a2f10", resumeUrl: "wss://gateway-us-east1-b.discord.gg",
    userId: 1100000000000000000n,
  });
  decodes(`ready_int_id_${v}`, {
    op: 0, seq: 1n, name: "READY", sessionId: "c0ffee", resumeUrl: "wss://gateway-us-east1-c.discord.gg",
    userId: 1100000000000000001n,
  });
  decodes(`message_create_${v}`, { ...nothing, op: 0, seq: 42n, name: "MESSAGE_CREATE" });
}
// Broken frames: a code, and nothing left over from the frame before.
const hello = Buffer.from(received.get("hello_v2"), "hex");
const broken = (name, bytes, want) => {
  decoded("ready_v2");
  const got = wasm.decode(m.write(wasm.frame_ptr(), wasm.frame_cap(), bytes));
  const cleared = wasm.ready_session_id_len() === -1 && wasm.event_name_len() === -1 && wasm.event_has_seq() === 0;
  check(name, got === want && cleared, `code ${got} (${m.errorName(got)}), want ${want}; fields cleared: ${cleared}`);
};
broken("decode refuses a cut frame", hello.subarray(0, hello.length - 3), -22);
broken("decode refuses a frame without the version byte", hello.subarray(1), -20);
broken("decode refuses trailing bytes", Buffer.concat([hello, Buffer.from([0])]), -25);
refused("decode refuses a length past the frame buffer", wasm.decode(wasm.frame_cap() + 1), -99);

// Inflating: Erlang's zlib:deflate(Z, Frame, sync) per frame, one context
// per connection (`a` a session, `b` the next connection, `c` stored
// frames holding the sync flush's bytes), each message pushed whole, then
// cut into pieces as a WebSocket might deliver them.
const connections = new Map();
for (const [name, hex] of zlib) {
  if (name.endsWith(".z")) continue;
  const [conn] = name.split(".");
  if (!connections.has(conn)) connections.set(conn, []);
  connections.get(conn).push({ name, frame: Buffer.from(hex, "hex"), message: Buffer.from(zlib.get(`${name}.z`), "hex") });
}
// Pushes bytes as one message, through module.mjs's inflate(): in pieces
// of the message buffer's size when longer.
const push = (bytes) => m.inflate(bytes);
const frameBytes = (len) => Buffer.from(new Uint8Array(wasm.memory.buffer, wasm.frame_ptr(), len));
// Pushes each message in pieces cut where `cutsOf(length)` says (offsets);
// all but the last push must give 0, the last the frame, Erlang's bytes.
function inflates(conn, cutsOf, how) {
  wasm.inflate_reset();
  let frames = 0;
  let wrong = null;
  for (const { name, frame, message } of connections.get(conn)) {
    const inside = cutsOf(message.length).filter((c) => c > 0 && c < message.length);
    const cuts = [...new Set([0, ...inside, message.length])].sort((x, y) => x - y);
    const results = [];
    for (let i = 1; i < cuts.length; i++) {
      results.push(push(message.subarray(cuts[i - 1], cuts[i])));
    }
    const len = results.at(-1);
    if (results.slice(0, -1).some((r) => r !== 0) || len !== frame.length || !frameBytes(len).equals(frame)) {
      wrong ??= `${name}: pushes gave ${results.slice(-3).join(", ")} (last 3), want ${frame.length} and the bytes`;
      break;
    }
    // Connections a and b are gateway frames: decode each.
    if (conn !== "c") {
      const event = name.split(".").at(-1);
      const op = wasm.decode(len);
      const wantOp = { hello: 10, heartbeat_ack: 11 }[event] ?? 0;
      const t = m.frameString(wasm.event_name_offset(), wasm.event_name_len());
      if (op !== wantOp || (op === 0 && t !== event.toUpperCase())) {
        wrong ??= `${name}: decoded op ${op} t ${t}`;
        break;
      }
    }
    frames++;
  }
  check(`inflate connection ${conn}, ${how}`, wrong === null, wrong ?? `${frames} frames, Erlang's bytes`);
}
// One message (GUILD_CREATE's) is longer than the message buffer.
const longest = Math.max(...[...connections.values()].flat().map((f) => f.message.length));
check("a message is longer than the message buffer", longest > wasm.message_cap(), `${longest} bytes`);
for (const conn of connections.keys()) inflates(conn, () => [], "whole messages");
inflates("a", (n) => [n - 2], "each message cut inside the sync flush's suffix");
inflates("a", (n) => [1, n >> 1, n - 5, n - 4, n - 1], "each message in six pieces");
inflates("c", (n) => Array.from({ length: n }, (_, i) => i), "one byte per push");
{
  // Hello and READY, then half of GUILD_CREATE.
  wasm.inflate_reset();
  const [hello, ready, guild] = connections.get("a");
  for (const { message } of [hello, ready]) push(message);
  const half = push(guild.message.subarray(0, guild.message.length >> 1));
  const pending = wasm.inflate_pending();
  check("inflate_pending counts a frame begun", half === 0 && pending > 0 && pending < guild.frame.length,
    `${half}, then ${pending} of ${guild.frame.length} bytes`);
  wasm.inflate_reset();
  const bad = push(Buffer.from("799c0000ffff", "hex"));
  const again = push(hello.message);
  check("inflate refuses a bad zlib header, then everything until a reset", bad === -50 && again === -53,
    `${bad} (${m.errorName(bad)}), then ${again} (${m.errorName(again)})`);
  wasm.inflate_reset();
  check("inflate_reset starts afresh", push(hello.message) === hello.frame.length);
  refused("inflate refuses a length past the message buffer", wasm.inflate_push(wasm.message_cap() + 1), -99);
}

done();
