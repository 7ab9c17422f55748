//! serde over frames Erlang wrote (golden/received.terms, by
//! term_to_binary, never by this crate): into `serde_json::Value` and into
//! derived structs that borrow from the frame.

use std::collections::BTreeMap;

use gateway_etf::decode::{self, Event, GatewayEvent};
use gateway_etf::serde::{Error, from_slice};
use gateway_etf::{Deserializer, Snowflake};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::{Value, json};

/// The frame of a golden case, from golden/received.hex.
fn fixture(name: &str) -> Vec<u8> {
    crate::support::golden::RECEIVED.get(name).to_vec()
}

/// Both encodings of an envelope: OTP 25's default (ATOM_EXT) and
/// minor_version 2 (SMALL_ATOM_UTF8_EXT).
fn both(name: &str) -> [Vec<u8>; 2] {
    [fixture(&format!("{name}_v1")), fixture(&format!("{name}_v2"))]
}

/// Whether `s` lies inside `frame` (borrowed, not copied).
fn borrowed_from(s: &[u8], frame: &[u8]) -> bool {
    frame.as_ptr_range().contains(&s.as_ptr()) && s.as_ptr_range().end <= frame.as_ptr_range().end
}

#[derive(Deserialize, Debug)]
struct Envelope<'a, D> {
    op: u8,
    d: D,
    s: Option<u64>,
    #[serde(borrow)]
    t: Option<&'a str>,
}

#[derive(Deserialize, Debug)]
struct Hello<'a> {
    heartbeat_interval: u64,
    #[serde(rename = "_trace", borrow)]
    trace: Vec<&'a str>,
}

#[test]
fn hello_into_json_and_a_borrowing_struct() {
    for frame in both("hello") {
        let v: Value = from_slice(&frame).unwrap();
        assert_eq!(v["op"], 10);
        assert_eq!(v["d"]["heartbeat_interval"], 41250);
        assert_eq!(v["s"], Value::Null);
        assert_eq!(v["t"], Value::Null);
        assert_eq!(v["d"]["_trace"][0], "[\"gateway-prd-us-east1-b-0568\",{\"micros\":0.0}]");

        let e: Envelope<'_, Hello<'_>> = from_slice(&frame).unwrap();
        assert_eq!((e.op, e.s, e.t), (10, None, None));
        assert_eq!(e.d.heartbeat_interval, 41250);
        assert_eq!(e.d.trace, ["[\"gateway-prd-us-east1-b-0568\",{\"micros\":0.0}]"]);
        assert!(borrowed_from(e.d.trace[0].as_bytes(), &frame));
    }
}

#[test]
fn heartbeat_ack_and_invalid_session() {
    for frame in both("heartbeat_ack") {
        let e: Envelope<'_, Option<u64>> = from_slice(&frame).unwrap();
        assert_eq!((e.op, e.d, e.s, e.t), (11, None, None, None));
        assert_eq!(from_slice::<Value>(&frame).unwrap(), json!({"op": 11, "d": null, "s": null, "t": null}));
    }
    for (name, resumable) in [("invalid_session_true", true), ("invalid_session_false", false)] {
        for frame in both(name) {
            let e: Envelope<'_, bool> = from_slice(&frame).unwrap();
            assert_eq!((e.op, e.d), (9, resumable));
        }
    }
}

#[derive(Deserialize, Debug)]
struct Ready<'a> {
    v: u8,
    #[serde(borrow)]
    user: User<'a>,
    guilds: Vec<UnavailableGuild>,
    session_id: &'a str,
    resume_gateway_url: &'a str,
    /// `[0, 1]`, which term_to_binary writes as a byte list (STRING_EXT).
    shard: [u32; 2],
    application: Application,
    session_type: Option<&'a str>,
    #[serde(default)]
    private_channels: Vec<IgnoredAny>,
    #[serde(default)]
    geo_ordered_rtc_regions: Vec<&'a str>,
    auth: Option<BTreeMap<&'a str, IgnoredAny>>,
    /// Absent from the frame: `None`.
    not_sent: Option<u8>,
}

#[derive(Deserialize, Debug)]
struct User<'a> {
    id: Snowflake,
    username: Option<&'a str>,
    discriminator: Option<&'a str>,
    avatar: Option<&'a str>,
    bot: bool,
    verified: Option<bool>,
    mfa_enabled: Option<bool>,
    flags: Option<u64>,
    global_name: Option<&'a str>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct UnavailableGuild {
    id: Snowflake,
    unavailable: bool,
}

#[derive(Deserialize, Debug)]
struct Application {
    id: Snowflake,
    flags: Option<u32>,
}

#[test]
fn ready_into_a_borrowing_struct() {
    for frame in both("ready") {
        let e: Envelope<'_, Ready<'_>> = from_slice(&frame).unwrap();
        assert_eq!((e.op, e.s, e.t), (0, Some(1), Some("READY")));
        let r = e.d;
        assert_eq!(r.v, 10);
        // user.id is a binary of digits; the keys mix atoms and binaries.
        assert_eq!(r.user.id, Snowflake::new(1100000000000000000));
        assert_eq!(r.user.username, Some("gateway-etf"));
        assert_eq!(r.user.discriminator, Some("0"));
        assert_eq!((r.user.avatar, r.user.global_name), (None, None));
        assert_eq!(
            (r.user.bot, r.user.verified, r.user.mfa_enabled, r.user.flags),
            (true, Some(true), Some(false), Some(0))
        );
        assert_eq!(
            r.guilds,
            [
                UnavailableGuild { id: Snowflake::new(81384788765712384), unavailable: true },
                UnavailableGuild { id: Snowflake::new(613425648685547541), unavailable: true },
            ]
        );
        assert_eq!(r.session_id, "9d1d4c6d0b7e3c1f6a2e8b5d4c3a2f10");
        assert!(borrowed_from(r.session_id.as_bytes(), &frame));
        assert_eq!(r.resume_gateway_url, "wss://gateway-us-east1-b.discord.gg");
        assert_eq!(r.shard, [0, 1]);
        assert_eq!(
            (r.application.id, r.application.flags),
            (Snowflake::new(1100000000000000000), Some(565248))
        );
        assert_eq!(r.session_type, Some("normal"));
        assert!(r.private_channels.is_empty());
        assert_eq!(r.geo_ordered_rtc_regions, ["us-east", "us-central", "atlanta"]);
        assert_eq!(r.auth.map(|a| a.len()), Some(0));
        assert_eq!(r.not_sent, None);
    }
}

#[test]
fn ready_with_integer_ids_through_dispatch() {
    for frame in both("ready_int_id") {
        let Event::Dispatch(dispatch) = GatewayEvent::decode(&frame).unwrap().event().unwrap() else {
            panic!("not a dispatch")
        };
        assert_eq!((dispatch.seq, dispatch.name), (1, "READY"));
        let r: Ready<'_> = dispatch.data_as().unwrap();
        assert_eq!(r.user.id, Snowflake::new(1100000000000000001));
        assert_eq!(r.user.username, None);
        assert_eq!(r.shard, [3, 4]);
        assert_eq!(r.session_id, "c0ffee");
        assert_eq!(r.application.id, Snowflake::new(1100000000000000001));
        assert_eq!(r.geo_ordered_rtc_regions, Vec::<&str>::new());
        // The same through the term's own method.
        let again: Ready<'_> = dispatch.data.deserialize_into().unwrap();
        assert_eq!(again.resume_gateway_url, "wss://gateway-us-east1-c.discord.gg");
    }
}

#[derive(Deserialize, Debug)]
struct Message<'a> {
    id: Snowflake,
    channel_id: Snowflake,
    guild_id: Option<Snowflake>,
    #[serde(borrow)]
    author: Author<'a>,
    content: &'a str,
    timestamp: &'a str,
    edited_timestamp: Option<&'a str>,
    tts: bool,
    mention_everyone: bool,
    mentions: Vec<Author<'a>>,
    mention_roles: Vec<Snowflake>,
    embeds: Vec<Embed<'a>>,
    pinned: bool,
    #[serde(rename = "type")]
    kind: u8,
    flags: u64,
    nonce: Nonce<'a>,
}

#[derive(Deserialize, Debug)]
struct Author<'a> {
    id: Snowflake,
    username: &'a str,
    bot: Option<bool>,
    avatar: Option<&'a str>,
}

#[derive(Deserialize, Debug)]
struct Embed<'a> {
    title: Option<&'a str>,
    color: Option<u32>,
    fields: Vec<IgnoredAny>,
}

/// Discord's nonce: an integer or a string.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Nonce<'a> {
    Int(u64),
    Str(&'a str),
}

#[test]
fn message_create_into_json_and_a_borrowing_struct() {
    for frame in both("message_create") {
        let v: Value = from_slice(&frame).unwrap();
        assert_eq!(v["t"], "MESSAGE_CREATE");
        assert_eq!(v["s"], 42);
        assert_eq!(v["d"]["content"], "héllo wörld 🎉 <@1100000000000000000>");
        assert_eq!(v["d"]["nonce"], u64::MAX);
        assert_eq!(v["d"]["guild_id"], 81384788765712384u64);
        assert_eq!(v["d"]["embeds"][0]["color"], 16711680);
        assert_eq!(v["d"]["edited_timestamp"], Value::Null);
        assert_eq!(v["d"]["mention_roles"], json!([]));

        let e: Envelope<'_, Message<'_>> = from_slice(&frame).unwrap();
        let m = e.d;
        assert_eq!(m.id, Snowflake::new(1234567890123456789));
        assert_eq!(m.channel_id, Snowflake::new(81384788765712384));
        assert_eq!(m.guild_id, Some(Snowflake::new(81384788765712384)));
        assert_eq!(
            (m.author.id, m.author.username, m.author.bot),
            (Snowflake::new(80351110224678912), "Nelly", Some(false))
        );
        assert_eq!(m.author.avatar, Some("8342729096ea3675442027381ff50dfe"));
        assert_eq!(m.content, "héllo wörld 🎉 <@1100000000000000000>");
        assert!(borrowed_from(m.content.as_bytes(), &frame));
        assert_eq!(m.timestamp, "2024-05-01T12:34:56.789000+00:00");
        assert_eq!(m.edited_timestamp, None);
        assert!(!m.tts && !m.mention_everyone && !m.pinned);
        assert_eq!(m.mentions.len(), 1);
        assert_eq!(
            (m.mentions[0].id, m.mentions[0].username),
            (Snowflake::new(1100000000000000000), "gateway-etf")
        );
        assert!(m.mention_roles.is_empty());
        assert_eq!(
            (m.embeds[0].title, m.embeds[0].color, m.embeds[0].fields.len()),
            (Some("ETF"), Some(16711680), 0)
        );
        assert_eq!((m.kind, m.flags), (0, 0));
        assert_eq!(m.nonce, Nonce::Int(u64::MAX));
    }
}

#[test]
fn nonce_out_of_range_points_at_the_nonce() {
    #[derive(Deserialize, Debug)]
    struct Narrow {
        #[allow(dead_code)]
        nonce: u32,
    }
    for frame in both("message_create") {
        let nonce_at = GatewayEvent::decode(&frame).unwrap().data.unwrap().get("nonce").unwrap().offset();
        let err = from_slice::<Envelope<'_, Narrow>>(&frame).unwrap_err();
        assert_eq!(err, Error::Decode(decode::Error::IntegerOutOfRange { offset: nonce_at }));
        assert_eq!(frame[nonce_at], 110); // SMALL_BIG_EXT
    }
}

#[test]
fn scalars() {
    for name in ["float_new", "float_old"] {
        assert_eq!(from_slice::<f64>(&fixture(name)).unwrap(), 1.5);
        assert_eq!(from_slice::<Value>(&fixture(name)).unwrap(), json!(1.5));
    }
    for name in ["float_new_negative", "float_old_negative"] {
        assert_eq!(from_slice::<f32>(&fixture(name)).unwrap(), -0.1);
    }
    assert_eq!(from_slice::<f64>(&fixture("float_old_large")).unwrap(), 1.0e300);

    let max = fixture("int_u64_max");
    assert_eq!(from_slice::<u64>(&max).unwrap(), u64::MAX);
    assert_eq!(from_slice::<u128>(&max).unwrap(), u64::MAX as u128);
    assert_eq!(from_slice::<i128>(&max).unwrap(), u64::MAX as i128);
    assert_eq!(
        from_slice::<i64>(&max).unwrap_err(),
        Error::Decode(decode::Error::IntegerOutOfRange { offset: 1 })
    );
    let min = fixture("int_i64_min");
    assert_eq!(from_slice::<i64>(&min).unwrap(), i64::MIN);
    assert_eq!(from_slice::<Value>(&min).unwrap(), json!(i64::MIN));
    assert_eq!(
        from_slice::<u64>(&min).unwrap_err(),
        Error::Decode(decode::Error::IntegerOutOfRange { offset: 1 })
    );

    let two_64 = fixture("int_2_pow_64");
    assert_eq!(from_slice::<u128>(&two_64).unwrap(), 1 << 64);
    assert_eq!(from_slice::<i128>(&two_64).unwrap(), 1 << 64);
    assert_eq!(
        from_slice::<u64>(&two_64).unwrap_err(),
        Error::Decode(decode::Error::IntegerTooWide { offset: 1 })
    );
    let neg = fixture("int_neg_2_pow_70");
    assert_eq!(from_slice::<i128>(&neg).unwrap(), -(1 << 70));
    assert_eq!(
        from_slice::<u128>(&neg).unwrap_err(),
        Error::Decode(decode::Error::IntegerOutOfRange { offset: 1 })
    );
    let huge = fixture("int_large_big");
    assert_eq!(
        from_slice::<i128>(&huge).unwrap_err(),
        Error::Decode(decode::Error::IntegerTooWide { offset: 1 })
    );
    assert_eq!(
        from_slice::<Value>(&huge).unwrap_err(),
        Error::Decode(decode::Error::IntegerTooWide { offset: 1 })
    );
    // Skipped, not visited.
    from_slice::<IgnoredAny>(&huge).unwrap();
}

#[test]
fn atoms_latin1_and_utf8() {
    let party = "🎉".repeat(70);
    for frame in both("atoms") {
        let v: Value = from_slice(&frame).unwrap();
        assert_eq!(v, json!([null, true, false, "é", party]));
        // 'é' in OTP 25's default encoding is one Latin-1 byte: transcoded.
        let (unit, t, f, e, p): ((), bool, bool, String, &str) = from_slice(&frame).unwrap();
        assert_eq!((unit, t, f, e.as_str(), p), ((), true, false, "é", party.as_str()));
    }
}

/// Bytes through `deserialize_bytes`, owned (what `serde_bytes::ByteBuf` does).
struct ByteBuf(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBuf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ByteBuf;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.to_vec()))
            }
        }
        d.deserialize_bytes(V)
    }
}

#[test]
fn byte_lists_lists_and_tuples() {
    let bytes = fixture("byte_list"); // [0, 1, 255] as STRING_EXT
    assert_eq!(bytes[1], 107);
    assert_eq!(from_slice::<Vec<u8>>(&bytes).unwrap(), [0, 1, 255]);
    assert_eq!(from_slice::<Value>(&bytes).unwrap(), json!([0, 1, 255]));
    let borrowed: &[u8] = from_slice(&bytes).unwrap();
    assert_eq!(borrowed, [0, 1, 255]);
    assert!(borrowed_from(borrowed, &bytes));
    // Without the frame (from a term) the bytes are copied, not borrowed.
    let term = decode::decode(&bytes).unwrap();
    assert_eq!(gateway_etf::from_term::<Vec<u8>>(term).unwrap(), [0, 1, 255]);
    assert_eq!(gateway_etf::from_term::<ByteBuf>(term).unwrap().0, [0, 1, 255]);
    assert_eq!(from_slice::<ByteBuf>(&bytes).unwrap().0, [0, 1, 255]);
    // As a string: not UTF-8 at the byte 255 (offset 6), either way.
    let bad_utf8 = Error::Decode(decode::Error::InvalidUtf8 { offset: 6 });
    assert_eq!(gateway_etf::from_term::<String>(term).unwrap_err(), bad_utf8);
    assert_eq!(from_slice::<&str>(&bytes).unwrap_err(), bad_utf8);
    // A charlist that is text reads as a string (Erlang's "hi").
    let hi = [131, 107, 0, 2, b'h', b'i'];
    assert_eq!(from_slice::<&str>(&hi).unwrap(), "hi");
    assert_eq!(gateway_etf::from_term::<String>(decode::decode(&hi).unwrap()).unwrap(), "hi");

    let improper = fixture("improper_list"); // [1, 2 | 3]
    assert_eq!(from_slice::<Vec<u8>>(&improper).unwrap_err(), Error::ImproperList { offset: 10 });
    assert_eq!(from_slice::<Value>(&improper).unwrap_err(), Error::ImproperList { offset: 10 });

    let tuples = fixture("tuples"); // {ok, {}, [{a, <<>>}]}
    assert_eq!(from_slice::<Value>(&tuples).unwrap(), json!(["ok", [], [["a", ""]]]));
    let (ok, empty, pairs): (&str, [u8; 0], Vec<(&str, &str)>) = from_slice(&tuples).unwrap();
    assert_eq!((ok, empty, pairs), ("ok", [], vec![("a", "")]));
    // An Erlang-style `{Tag, Value}` reads as an externally tagged enum.
    #[derive(Deserialize, Debug, PartialEq)]
    #[allow(non_camel_case_types)]
    enum Tagged<'a> {
        a(&'a str),
    }
    let (_, _, tagged): (IgnoredAny, IgnoredAny, Vec<Tagged<'_>>) = from_slice(&tuples).unwrap();
    assert_eq!(tagged, [Tagged::a("")]);
}

#[test]
fn client_frames_with_a_seed_over_the_deserializer() {
    use serde::de::DeserializeSeed;
    use std::marker::PhantomData;
    #[derive(Deserialize, Debug)]
    struct Identify<'a> {
        token: &'a str,
        intents: u64,
    }
    let frame = fixture("client_identify_atom_keys");
    let mut de = Deserializer::from_slice(&frame).unwrap();
    let e = PhantomData::<Envelope<'_, Identify<'_>>>.deserialize(&mut de).unwrap();
    assert_eq!((e.op, e.d.token, e.d.intents), (2, "tkn", 513));
}
