// A Discord bot whose core is the gateway-etf WebAssembly module: it runs a
// whole scripted session against the strict mock gateway over a real
// WebSocket. The module does every bit of ETF and inflate work (encoding
// each command, decoding each frame, inflating zlib-stream); JavaScript only
// moves bytes between the socket and the module's buffers and keeps the
// timers.
//
// Usage: node bot.mjs MODULE.wasm [--compress zlib-stream|none] -- MOCK [ARGS...]
//
// MOCK is the mock gateway driven by its standard input
// (`mock_gateway --control stdin`, examples/mock_gateway.rs). The session:
// Hello, Identify, READY; heartbeats on Hello's interval carrying the last
// sequence number; a message; the connection dropped by the mock, then a
// Resume on resume_gateway_url with the missed events replayed and RESUMED;
// an Invalid Session that may not be resumed, then Identify and READY again;
// a GUILD_CREATE of about 1.3 MB (several WebSocket messages when
// compressed); a close. Any 4xxx close from the mock fails the run, and at
// the end what the bot saw is checked against what the mock recorded.
// Prints the transcript and `bot: N passed, M failed`; exits 1 on any
// failure.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";
import { checks } from "./checks.mjs";
import { OMIT, load } from "./module.mjs";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const [wasmPath, ...options] = args.slice(0, split < 0 ? args.length : split);
const mockCommand = split < 0 ? [] : args.slice(split + 1);
const compressAt = options.indexOf("--compress");
const compress = compressAt < 0 ? "zlib-stream" : options[compressAt + 1];
if (!wasmPath || mockCommand.length === 0 || !["zlib-stream", "none"].includes(compress)) {
  console.error("usage: node bot.mjs MODULE.wasm [--compress zlib-stream|none] -- MOCK [ARGS...]");
  process.exit(2);
}
const WebSocket = globalThis.WebSocket ?? (await import("ws")).WebSocket;

/// The token the mock accepts.
const TOKEN = "mock-token";
/// GUILDS | GUILD_MESSAGES: no privileged intent.
const INTENTS = 513n;
/// The large guild: members of about 130 bytes each, and the WebSocket
/// messages its compressed frame is split into.
const GUILD_MEMBERS = 10000;
const GUILD_PIECES = 8;
/// How long any step may take before the run fails.
const STEP_TIMEOUT_MS = 15000;

const m = load(wasmPath);
const { wasm, put } = m;
const startMemory = wasm.memory.buffer.byteLength;
const started = Date.now();
const log = (who, text) => console.log(`${((Date.now() - started) / 1000).toFixed(3).padStart(8)}s ${who.padEnd(4)} ${text}`);

let failure = null;
function fail(why) {
  if (failure !== null) return;
  failure = why;
  log("bot", `FAIL ${why}`);
}

// ---- The mock, driven through its standard input ---------------------------

function startMock() {
  const child = spawn(mockCommand[0], mockCommand.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const mock = { child, url: null, records: [], guildCreateBytes: null, exited: false };
  child.on("exit", () => (mock.exited = true));
  lines.on("line", (line) => {
    if (mock.url === null) {
      mock.url = line.match(/ws:\/\/\S+/)?.[0] ?? fail(`no URL in the mock's first line: ${line}`);
    } else if (line.startsWith("record ")) {
      mock.records.push(JSON.parse(line.slice("record ".length)));
      return;
    } else if (line.startsWith("error")) {
      fail(`the mock: ${line}`);
    }
    const size = line.match(/GUILD_CREATE of (\d+) bytes/);
    if (size) mock.guildCreateBytes = Number(size[1]);
    console.log(line);
  });
  mock.control = (line) => {
    log("bot", `» mock: ${line}`);
    child.stdin.write(`${line}\n`);
  };
  return mock;
}

// ---- The bot: bytes in and out of the module --------------------------------

const state = {
  socket: null,
  timer: null,
  seq: null,
  /// What the script is waiting for, noted with each heartbeat.
  phase: "start",
  sessionId: null,
  resumeUrl: null,
  userId: null,
  interval: null,
  messagesSinceFrame: 0,
  bytesSinceFrame: 0,
};
const seen = {
  frames: 0,
  messages: 0,
  hellos: 0,
  acks: 0,
  invalidSessions: 0,
  heartbeats: [],
  dispatches: [],
  sessionIds: [],
  userIds: [],
  closes: [],
  guildCreate: null,
  largestFrame: 0,
};

/// Calls an encoder's export and sends its frame.
function send(what, len) {
  if (len < 0) return fail(`${what}: the module refused with ${len} (${m.errorName(len)})`);
  state.socket.send(m.output(len));
  log("bot", `→ ${what} (${len} B)`);
}

function heartbeat() {
  seen.heartbeats.push({ d: state.seq === null ? null : Number(state.seq), phase: state.phase });
  send(`Heartbeat d=${state.seq ?? "nil"}`, wasm.heartbeat(state.seq === null ? 0 : 1, state.seq ?? 0n));
}

function identify() {
  const [token, os, browser, device] = put(TOKEN, process.platform, "gateway-etf-wasm", "gateway-etf-wasm");
  send("Identify", wasm.identify(token, os, browser, device, INTENTS, 0, 0, 0, OMIT));
}

function resume() {
  send(`Resume seq=${state.seq}`, wasm.resume(...put(TOKEN, state.sessionId), state.seq));
}

function connect(base) {
  const url = new URL(base);
  url.search = "?v=10&encoding=etf" + (compress === "none" ? "" : `&compress=${compress}`);
  // A new connection is a new zlib context.
  if (compress !== "none") wasm.inflate_reset();
  log("bot", `connecting to ${url}`);
  const socket = new WebSocket(url.href);
  socket.binaryType = "arraybuffer";
  socket.onmessage = (event) => state.socket === socket && received(new Uint8Array(event.data));
  socket.onclose = (event) => closed(socket, event.code, event.reason);
  state.socket = socket;
}

/// One WebSocket message: inflated (if compressed), then decoded.
function received(message) {
  state.messagesSinceFrame++;
  state.bytesSinceFrame += message.length;
  let len;
  if (compress === "none") {
    len = m.write(wasm.frame_ptr(), wasm.frame_cap(), message);
  } else {
    len = m.inflate(message);
    if (len < 0) return fail(`inflate: ${len} (${m.errorName(len)})`);
    if (len === 0) return; // the frame goes on in the next message
  }
  const op = wasm.decode(len);
  if (op < 0) return fail(`decode: ${op} (${m.errorName(op)})`);
  seen.frames++;
  seen.largestFrame = Math.max(seen.largestFrame, len);
  const [messages, bytes] = [state.messagesSinceFrame, state.bytesSinceFrame];
  state.messagesSinceFrame = 0;
  state.bytesSinceFrame = 0;
  if (wasm.event_has_seq()) state.seq = wasm.event_seq();
  switch (op) {
    case 10: {
      seen.hellos++;
      state.interval = Number(wasm.hello_heartbeat_interval());
      log("bot", `← Hello, heartbeat every ${state.interval} ms`);
      const socket = state.socket;
      // The first beat after a random part of the interval, as Discord asks.
      state.timer = setTimeout(function beat() {
        if (state.socket !== socket) return;
        heartbeat();
        state.timer = setTimeout(beat, state.interval);
      }, state.interval * Math.random());
      return state.sessionId === null ? identify() : resume();
    }
    case 11:
      seen.acks++;
      return log("bot", "← Heartbeat ACK");
    case 1:
      log("bot", "← Heartbeat request");
      return heartbeat();
    case 7:
      log("bot", "← Reconnect");
      state.socket.reconnecting = true;
      return state.socket.close(4000, "reconnecting");
    case 9: {
      seen.invalidSessions++;
      const resumable = wasm.invalid_session_resumable() === 1;
      log("bot", `← Invalid Session (resumable: ${resumable})`);
      if (!resumable) {
        state.sessionId = null;
        state.seq = null;
      }
      // Discord asks for a wait of 1 to 5 seconds; the mock is in a hurry.
      const socket = state.socket;
      return setTimeout(() => state.socket === socket && (resumable ? resume() : identify()), 1000);
    }
    case 0: {
      const name = m.frameString(wasm.event_name_offset(), wasm.event_name_len());
      const seq = Number(wasm.event_seq());
      seen.dispatches.push({ name, seq });
      const plural = messages === 1 ? "" : "s";
      log("bot", `← ${name} s=${seq} (${len} B, from ${bytes} B in ${messages} message${plural})`);
      if (name === "READY") {
        state.sessionId = m.frameString(wasm.ready_session_id_offset(), wasm.ready_session_id_len());
        state.resumeUrl = m.frameString(wasm.ready_resume_gateway_url_offset(), wasm.ready_resume_gateway_url_len());
        state.userId = wasm.ready_user_id();
        seen.sessionIds.push(state.sessionId);
        seen.userIds.push(state.userId);
        log("bot", `   session ${state.sessionId}, user ${state.userId}, resume at ${state.resumeUrl}`);
      } else if (name === "MESSAGE_CREATE") {
        seen.messages++;
      } else if (name === "GUILD_CREATE") {
        seen.guildCreate = { len, messages };
      }
      return;
    }
    default:
      return fail(`unexpected opcode ${op}`);
  }
}

function closed(socket, code, reason) {
  seen.closes.push(code);
  log("bot", `connection closed: ${code}${reason ? ` ${reason}` : ""}`);
  if (code >= 4000 && code < 5000 && !socket.reconnecting) {
    return fail(`the mock closed with ${code}: ${reason}`);
  }
  if (state.socket !== socket || socket.closingOnPurpose) return;
  // Dropped (or asked to reconnect): resume where READY said.
  if (state.sessionId !== null) connect(state.resumeUrl);
  else fail("connection lost with no session to resume");
}

// ---- The script -------------------------------------------------------------

/// Resolves once `condition()` holds; fails the run after STEP_TIMEOUT_MS.
function until(what, condition) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    (function poll() {
      if (failure !== null) return reject(new Error(failure));
      if (condition()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    })();
  });
}

const mock = startMock();
let record = null;
try {
  await until("the mock's URL", () => mock.url !== null);
  connect(mock.url);
  await until("READY", () => seen.sessionIds.length === 1);
  mock.control("message hello from the mock");
  await until("the message", () => seen.messages === 1);
  state.phase = "after the message";
  const acked = seen.acks;
  await until("three heartbeats acknowledged", () => seen.acks >= acked + 3);

  state.phase = "drop";
  mock.control("drop 2");
  await until("RESUMED", () => seen.dispatches.some((d) => d.name === "RESUMED"));
  mock.control("message after the resume");
  await until("the message after the resume", () => seen.messages === 4);

  mock.control("invalid-session");
  await until("a second READY", () => seen.sessionIds.length === 2);
  state.phase = "the new session";
  const beats = seen.heartbeats.length;
  await until("a heartbeat in the new session", () => seen.heartbeats.length > beats && seen.acks >= beats + 1);

  state.phase = "guild";
  mock.control(`guild-create ${GUILD_MEMBERS} ${GUILD_PIECES}`);
  await until("GUILD_CREATE", () => seen.guildCreate !== null);

  state.socket.closingOnPurpose = true;
  state.socket.close(1000, "done");
  clearTimeout(state.timer);
  await until("the close", () => seen.closes.length === 2);
  // The mock notes the bot's close when it reads it: ask until it has.
  for (let tries = 0; tries < 50 && !(record?.client_closes.length > 0); tries++) {
    const lines = mock.records.length;
    mock.control("record");
    await until("the mock's record", () => mock.records.length > lines);
    record = mock.records.at(-1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
} catch (e) {
  fail(e.message);
} finally {
  mock.child.stdin.end("stop\n");
}

// ---- What must be true --------------------------------------------------------

const { check, done } = checks("bot");
const show = (v) => JSON.stringify(v);

check("the session ran to the end", failure === null, failure ?? "");
if (record !== null) {
  check("the mock closed no connection with an error code", record.closes.length === 0, show(record.closes));
  const query = `?v=10&encoding=etf${compress === "none" ? "" : `&compress=${compress}`}`;
  const resumePath = state.resumeUrl === null ? "(no READY)" : new URL(state.resumeUrl).pathname;
  check("two connections: the gateway URL, then resume_gateway_url", isDeepStrictEqual(record.connections, [`/${query}`, `${resumePath}${query}`]),
    show(record.connections));
  check("two sessions, their ids as the module read them from READY", isDeepStrictEqual(record.sessions, seen.sessionIds),
    `mock ${show(record.sessions)}, bot ${show(seen.sessionIds)}`);
  check("two Identify", record.identifies === 2, `${record.identifies}`);
  check("one Resume, of the first session, from s=2 (READY, then a message)",
    isDeepStrictEqual(record.resumes, [{ session_id: seen.sessionIds[0], seq: 2 }]), show(record.resumes));
  const sent = seen.heartbeats.map((h) => h.d);
  check("the mock received every heartbeat with the d the bot sent", isDeepStrictEqual(record.heartbeats, sent),
    `mock ${show(record.heartbeats)}, bot ${show(sent)}`);
  check("at least 5 heartbeats, at most one per dropped connection unacknowledged",
    seen.heartbeats.length >= 5 && seen.heartbeats.length - seen.acks <= 1,
    `${seen.heartbeats.length} sent, ${seen.acks} acknowledged`);
  // A heartbeat carries the last s received: 2 (the message) until the
  // drop, 1 (READY) in the new session until GUILD_CREATE. As the mock
  // received them.
  const during = (phase) => record.heartbeats.filter((_, i) => seen.heartbeats[i]?.phase === phase);
  const afterMessage = during("after the message");
  check("heartbeats after the message carry d=2, at least three",
    afterMessage.length >= 3 && afterMessage.every((d) => d === 2), show(afterMessage));
  const newSession = during("the new session");
  check("heartbeats in the new session carry d=1, at least one",
    newSession.length >= 1 && newSession.every((d) => d === 1), show(newSession));
  check("the bot closed with 1000", isDeepStrictEqual(record.client_closes, [1000]), show(record.client_closes));
}
const expected = [
  ["READY", 1], ["MESSAGE_CREATE", 2], ["MESSAGE_CREATE", 3], ["MESSAGE_CREATE", 4], ["RESUMED", 5],
  ["MESSAGE_CREATE", 6], ["READY", 1], ["GUILD_CREATE", 2],
].map(([name, seq]) => ({ name, seq }));
check("dispatches: READY, a message, two missed ones replayed, RESUMED, a message, READY, GUILD_CREATE",
  isDeepStrictEqual(seen.dispatches, expected), show(seen.dispatches));
check("frames decoded: two Hellos, every ACK, every dispatch, one Invalid Session",
  seen.frames === seen.hellos + seen.acks + seen.dispatches.length + seen.invalidSessions && seen.hellos === 2 && seen.invalidSessions === 1,
  `${seen.frames} frames: ${seen.hellos} Hello, ${seen.acks} ACK, ${seen.dispatches.length} dispatches, ${seen.invalidSessions} Invalid Session`);
check("READY's user id is the mock's bot, both times", isDeepStrictEqual(seen.userIds, [1180000000000000001n, 1180000000000000001n]),
  seen.userIds.join(", "));
const gc = seen.guildCreate;
check("GUILD_CREATE arrived whole: the mock's byte count, over 1 MiB",
  gc !== null && gc.len === mock.guildCreateBytes && gc.len > 1 << 20, `${gc?.len} bytes, the mock sent ${mock.guildCreateBytes}`);
if (compress !== "none") {
  check(`GUILD_CREATE came in ${GUILD_PIECES} WebSocket messages, inflated into one frame`, gc?.messages === GUILD_PIECES, `${gc?.messages}`);
}
check("the module's memory never grew (no allocator)", wasm.memory.buffer.byteLength === startMemory,
  `${wasm.memory.buffer.byteLength} bytes of linear memory`);
console.log(`bot: linear memory ${startMemory} bytes; largest frame ${seen.largestFrame} bytes`);
done();
