//! The other direction: frames a gateway sends, as Erlang wrote them
//! (golden/session.hex, built into flash by build.rs), decoded in place and
//! printed one line each for `check.sh`:
//!
//! - `RECV <name> <what it read>`, such as `RECV session_hello HELLO 41250`;
//! - MESSAGE_CREATE and INTERACTION_CREATE read into the borrowing structs
//!   below with serde (feature `serde-read`): no allocator, no copy.
//!
//! Then zlib-stream (feature `inflate`): the WebSocket messages of two
//! connections Erlang's zlib compressed (golden/zlib.hex), inflated in
//! fixed RAM by `transport::ZlibStream` and decoded the same way, one line
//! each: `INFLATE <name> <message bytes> <frame bytes>` (or `ERROR`).
//!
//! Without the `decoder` feature the frames are only counted, so that
//! footprint.sh can tell the decoder's flash from the rest.

use crate::console::Console;

/// `(name, frame)` for every case of golden/session.hex.
mod frames {
    include!(concat!(env!("OUT_DIR"), "/received.rs"));
}

/// `(name, message)` for the messages of connections `a` and `b` of
/// golden/zlib.hex.
#[cfg(feature = "inflate")]
mod compressed {
    include!(concat!(env!("OUT_DIR"), "/compressed.rs"));
}

/// Inflates the messages of each connection in turn into `frame` (a new
/// connection: a reset), decoding and printing each frame; a connection
/// whose stream fails (a frame larger than `frame`) is left for the next,
/// as a bot would reconnect. Returns how many frames were read.
#[cfg(feature = "inflate")]
pub fn inflate(
    c: &mut Console<'_>,
    stream: &mut gateway_etf::transport::ZlibStream,
    frame: &mut [u8],
) -> usize {
    let (mut connection, mut failed, mut read, mut stack) = ("", false, 0, 0);
    for &(name, message) in compressed::COMPRESSED {
        let this = name.split('.').next().unwrap_or_default();
        if this != connection {
            stream.reset();
            (connection, failed) = (this, false);
            c.say(format_args!("CONNECT {this}"));
        }
        if failed {
            continue;
        }
        let (pushed, used) = crate::stack::peak(|| stream.push(message, frame));
        stack = stack.max(used);
        match pushed {
            Ok(Some(bytes)) => {
                c.say(format_args!("INFLATE {name} {} {}", message.len(), bytes.len()));
                read += usize::from(print(c, name, bytes));
            }
            Ok(None) => c.say(format_args!("INFLATE {name} {} more", message.len())),
            Err(e) => {
                c.say(format_args!("INFLATE {name} ERROR {e:?}"));
                failed = true;
            }
        }
    }
    c.say(format_args!("INFLATED {read}"));
    c.say(format_args!("STACK inflate {stack}"));
    read
}

/// Decodes and prints every frame; returns how many were read.
pub fn replay(c: &mut Console<'_>) -> usize {
    let mut read = 0;
    for &(name, frame) in frames::RECEIVED {
        read += usize::from(print(c, name, frame));
    }
    c.say(format_args!("RECEIVED {read} of {}", frames::RECEIVED.len()));
    read
}

#[cfg(not(feature = "decoder"))]
fn print(_: &mut Console<'_>, _: &str, frame: &[u8]) -> bool {
    core::hint::black_box(frame);
    true
}

#[cfg(feature = "decoder")]
fn print(c: &mut Console<'_>, name: &str, frame: &[u8]) -> bool {
    use gateway_etf::decode::{Event, GatewayEvent};
    let event = match GatewayEvent::decode(frame).and_then(|e| e.event()) {
        Ok(event) => event,
        Err(e) => {
            c.say(format_args!("RECV {name} ERROR {e}"));
            return false;
        }
    };
    match event {
        Event::Hello(h) => c.say(format_args!("RECV {name} HELLO {}", h.heartbeat_interval)),
        Event::HeartbeatAck => c.say(format_args!("RECV {name} HEARTBEAT_ACK")),
        Event::Heartbeat => c.say(format_args!("RECV {name} HEARTBEAT")),
        Event::Reconnect => c.say(format_args!("RECV {name} RECONNECT")),
        Event::InvalidSession { resumable } => c.say(format_args!("RECV {name} INVALID_SESSION {resumable}")),
        Event::Other { op } => c.say(format_args!("RECV {name} OP {op}")),
        Event::Dispatch(d) => return dispatch(c, name, &d),
        // Event is non_exhaustive: a kind added later.
        _ => c.say(format_args!("RECV {name} UNKNOWN")),
    }
    true
}

/// A dispatch: READY through the crate's typed reader, the two events a
/// bot acts on through serde, the rest by name.
#[cfg(feature = "decoder")]
fn dispatch(c: &mut Console<'_>, name: &str, d: &gateway_etf::decode::Dispatch<'_>) -> bool {
    let s = d.seq;
    let t = d.name;
    // Without serde the reads are the decoder's, and its error converts.
    #[cfg(feature = "serde-read")]
    type ReadError = gateway_etf::serde::Error;
    #[cfg(not(feature = "serde-read"))]
    type ReadError = gateway_etf::decode::Error;
    let read: Result<(), ReadError> = match t {
        "READY" => d.ready().map_err(Into::into).map(|r| {
            c.say(format_args!("RECV {name} {s} {t} {} {} {}", r.session_id, r.resume_gateway_url, r.user_id))
        }),
        #[cfg(feature = "serde-read")]
        "MESSAGE_CREATE" => d
            .data_as::<Message<'_>>()
            .map(|m| c.say(format_args!("RECV {name} {s} {t} {}: {}", m.author.username, m.content))),
        #[cfg(feature = "serde-read")]
        "INTERACTION_CREATE" => d.data_as::<Interaction<'_>>().map(|i| {
            c.say(format_args!(
                "RECV {name} {s} {t} {} /{} {}",
                i.member.user.username,
                i.data.name,
                i.data.options.first().map_or("", |o| o.value)
            ))
        }),
        _ => Ok(c.say(format_args!("RECV {name} {s} {t}"))),
    };
    read.map_err(|e| c.say(format_args!("RECV {name} ERROR {e}"))).is_ok()
}

/// MESSAGE_CREATE's `d`, as much as the printout needs.
#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct Message<'a> {
    #[serde(borrow)]
    author: User<'a>,
    content: &'a str,
}

#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct User<'a> {
    username: &'a str,
}

/// INTERACTION_CREATE's `d` for a slash command with string options;
/// the options go into a fixed-capacity vector (heapless's serde support).
#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct Interaction<'a> {
    #[serde(borrow)]
    member: Member<'a>,
    #[serde(borrow)]
    data: Command<'a>,
}

#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct Member<'a> {
    #[serde(borrow)]
    user: User<'a>,
}

#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct Command<'a> {
    name: &'a str,
    #[serde(borrow)]
    options: heapless::Vec<CommandOption<'a>, 4>,
}

#[cfg(feature = "serde-read")]
#[derive(serde::Deserialize)]
struct CommandOption<'a> {
    value: &'a str,
}
