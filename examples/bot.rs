//! A bot that runs a whole gateway session over a real WebSocket with
//! `encoding=etf`: identify, heartbeat, resume after a drop or a Reconnect,
//! identify again after an Invalid Session, change its presence.
//!
//! ```sh
//! cargo run --example bot -- --mock                 # against the strict mock gateway, ~3 s
//! cargo run --example bot -- --mock --compress zlib-stream   # the same, compressed (or zstd-stream)
//! DISCORD_TOKEN=… cargo run --example bot           # against Discord (wss://gateway.discord.gg)
//! cargo run --example bot -- --url ws://127.0.0.1:PORT/?v=10&encoding=etf --token T --for 30
//! ```
//!
//! Every frame sent and received is printed as the Erlang term it is. The
//! session logic lives in `examples/support`, shared with the integration
//! tests in `tests/session/`.

// The tests use parts of the support module that the example does not.
#[allow(dead_code)]
mod support;

use std::env;
use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gateway_etf::{Activity, ActivityType, Intents, Opcode, RequestGuildMembers, Status, UpdatePresence};
use support::client::{Client, Step};
use support::compress::Compression;
use support::frames;
use support::log::Log;
use support::mock::{self, Control, Mock, MockConfig};
use support::session::{Config, DISCORD_GATEWAY};

/// The token the mock accepts.
const MOCK_TOKEN: &str = "mock-token";
/// How long any one stage of the demo may take.
const STAGE: Duration = Duration::from_secs(5);

const USAGE: &str = "usage:
  bot --mock [--compress C]          a whole session against the mock gateway
  bot [--url URL] [--token TOKEN] [--for SECONDS] [--compress C]
                                     a session against a real gateway
  C: zlib-stream or zstd-stream (transport compression; default none)
environment: DISCORD_TOKEN (rather than --token), GATEWAY_URL (default
  wss://gateway.discord.gg/?v=10&encoding=etf)";

fn main() -> ExitCode {
    let result = match Args::parse(env::args().skip(1)) {
        Ok(Args::Mock { compression }) => demo(compression),
        Ok(Args::Live { url, token, time, compression }) => live(url, &token, time, compression),
        Ok(Args::Help) => {
            println!("{USAGE}");
            Ok(())
        }
        Err(e) => Err(format!("{e}\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command line.
enum Args {
    Mock { compression: Compression },
    Live { url: String, token: String, time: Option<Duration>, compression: Compression },
    Help,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut url = env::var("GATEWAY_URL").unwrap_or_else(|_| DISCORD_GATEWAY.to_owned());
        let mut token = env::var("DISCORD_TOKEN").ok();
        let mut time = None;
        let mut compression = Compression::None;
        let mut mock = false;
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--mock" => mock = true,
                "--compress" => {
                    let name = value()?;
                    compression = Compression::from_name(&name)
                        .ok_or(format!("--compress: {name} is neither zlib-stream nor zstd-stream"))?;
                }
                "-h" | "--help" => return Ok(Args::Help),
                "--url" => url = value()?,
                "--token" => token = Some(value()?),
                "--for" => {
                    let secs: f64 = value()?.parse().map_err(|e| format!("--for: {e}"))?;
                    time = Some(Duration::try_from_secs_f64(secs).map_err(|e| format!("--for: {e}"))?);
                }
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if mock {
            return Ok(Args::Mock { compression });
        }
        let token = token.ok_or("no token: set DISCORD_TOKEN or pass --token (or run with --mock)")?;
        Ok(Args::Live { url, token, time, compression })
    }
}

/// Prints a stage heading.
fn stage(title: &str) {
    println!("\n── {title}");
}

/// The whole tour against the mock gateway, in a few seconds.
fn demo(compression: Compression) -> Result<(), Box<dyn Error>> {
    let log = Log::stdout();
    let mock = Mock::start(MockConfig::new(MOCK_TOKEN, Duration::from_millis(400), log.named("mock")))?;
    let mut config = Config::new(MOCK_TOKEN, Intents::GUILDS | Intents::GUILD_MESSAGES);
    config.gateway_url = mock.url();
    config.compression = compression;
    config.reidentify_delay = Duration::from_millis(300);
    let mut bot = Client::new(config, log.named("bot"));
    let compressed = compression.name().map(|c| format!(", compress={c}")).unwrap_or_default();
    println!("gateway-etf: a whole gateway session against a mock gateway at {}{compressed}", mock.base());
    println!("(→ sent by the bot, ← received; frames shown as the Erlang terms they are)");

    stage("1. connect, Hello, Identify, READY");
    bot.run_until(STAGE, |s| s.is_dispatch("READY"))?;

    stage("2. set a presence, ask for members whose name starts with \"nel\"");
    let activities = [Activity::new("with ETF", ActivityType::Playing)];
    bot.send(&UpdatePresence::new(Status::Online).activities(&activities).since(None).afk(false))?;
    bot.send(&RequestGuildMembers::query(mock::GUILD_ID, "nel", 10).nonce("demo-1"))?;
    bot.run_until(STAGE, |s| s.is_dispatch("GUILD_MEMBERS_CHUNK"))?;

    stage(
        "3. a message and a slash command arrive, read into the bot's own types; heartbeats carry the sequence number",
    );
    mock.control(Control::Message("hello from the mock gateway".to_owned()));
    bot.run_until(STAGE, |s| s.is_dispatch("MESSAGE_CREATE"))?;
    mock.control(Control::Echo("hi, etf-bot".to_owned()));
    bot.run_until(STAGE, |s| s.is_dispatch("INTERACTION_CREATE"))?;
    // A frame of a megabyte, in 8 messages when compressed.
    mock.control(Control::GuildCreate { members: 10_000, pieces: 8 });
    bot.run_until(STAGE, |s| s.is_dispatch("GUILD_CREATE"))?;
    let mut acks = 0;
    bot.run_until(STAGE, |s| {
        acks += usize::from(s.is_received(Opcode::HeartbeatAck));
        acks == 2
    })?;

    stage("4. the connection drops; Resume at resume_gateway_url replays what was missed");
    mock.control(Control::Drop {
        missed: vec!["sent while you were away".to_owned(), "and this one".to_owned()],
    });
    bot.run_until(STAGE, |s| s.is_dispatch("RESUMED"))?;

    stage("5. the gateway asks for a reconnect (op 7): resume again");
    mock.control(Control::Reconnect);
    bot.run_until(STAGE, |s| s.is_dispatch("RESUMED"))?;

    stage("6. Invalid Session, not resumable: wait, then Identify afresh");
    mock.control(Control::InvalidSession { resumable: false });
    bot.run_until(STAGE, |s| s.is_dispatch("READY"))?;

    stage("7. Discord's rules: a map key that is an atom gets close code 4002; the bot resumes");
    bot.send_raw(&frames::bad::atom_keys()?)?;
    bot.run_until(STAGE, |s| s.disconnect_code().is_some())?;
    bot.run_until(STAGE, |s| s.is_dispatch("RESUMED"))?;

    stage("8. done: close with 1000, which ends the session");
    bot.close();
    summary(&bot, &mock);
    Ok(())
}

/// What the session ended with.
fn summary(bot: &Client, mock: &Mock) {
    let record = mock.record();
    let session = bot.session().resumable().map_or("none", |r| r.session_id.as_str());
    println!(
        "\nsession {session} at seq {}; the mock saw {} connections, {} commands ({} heartbeats), \
         started {} sessions and closed {} connection(s) for breaking a rule",
        bot.session().seq().unwrap_or(0),
        record.connections.len(),
        record.seen.len(),
        record.heartbeats().len(),
        record.sessions.len(),
        record.closes.len(),
    );
}

/// A session against a real gateway: READY, a presence, then heartbeats
/// (and whatever Discord sends) until `time` passes or forever.
fn live(
    url: String,
    token: &str,
    time: Option<Duration>,
    compression: Compression,
) -> Result<(), Box<dyn Error>> {
    let mut config = Config::new(token, Intents::GUILDS);
    config.gateway_url = url;
    config.compression = compression;
    let mut bot = Client::new(config, Log::stdout().named("bot"));
    bot.run_until(Duration::from_secs(30), |s| s.is_dispatch("READY"))?;
    let activities = [Activity::new("with ETF", ActivityType::Playing)];
    bot.send(&UpdatePresence::new(Status::Online).activities(&activities).since(None).afk(false))?;
    let end = time.map(|t| Instant::now() + t);
    loop {
        let deadline = end.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600));
        if bot.poll(deadline)? == Step::Idle && end.is_some() {
            break;
        }
    }
    bot.close();
    Ok(())
}
