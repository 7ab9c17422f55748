//! `CloseCode` (src/close_code.rs) against Discord's table "Gateway Close
//! Event Codes" (docs: topics/opcodes-and-status-codes), copied here by hand
//! so that a slip in the crate's table shows up as a difference.

use std::collections::HashSet;

use gateway_etf::CloseCode;

/// Discord's rows: code, variant, name, Reconnect column.
const DISCORD: [(u16, CloseCode, &str, bool); 14] = [
    (4000, CloseCode::UnknownError, "Unknown error", true),
    (4001, CloseCode::UnknownOpcode, "Unknown opcode", true),
    (4002, CloseCode::DecodeError, "Decode error", true),
    (4003, CloseCode::NotAuthenticated, "Not authenticated", true),
    (4004, CloseCode::AuthenticationFailed, "Authentication failed", false),
    (4005, CloseCode::AlreadyAuthenticated, "Already authenticated", true),
    (4007, CloseCode::InvalidSeq, "Invalid seq", true),
    (4008, CloseCode::RateLimited, "Rate limited", true),
    (4009, CloseCode::SessionTimedOut, "Session timed out", true),
    (4010, CloseCode::InvalidShard, "Invalid shard", false),
    (4011, CloseCode::ShardingRequired, "Sharding required", false),
    (4012, CloseCode::InvalidApiVersion, "Invalid API version", false),
    (4013, CloseCode::InvalidIntents, "Invalid intent(s)", false),
    (4014, CloseCode::DisallowedIntents, "Disallowed intent(s)", false),
];

#[test]
fn codes_and_names_are_discords() {
    for (code, close, name, _) in DISCORD {
        assert_eq!(close.code(), code, "{close:?}");
        assert_eq!(u16::from(close), code, "{close:?}");
        assert_eq!(close.name(), name, "{close:?}");
    }
}

#[test]
fn can_reconnect_is_discords_reconnect_column() {
    for (code, close, _, reconnect) in DISCORD {
        assert_eq!(close.can_reconnect(), reconnect, "{code}");
    }
    let stop: Vec<u16> = CloseCode::ALL.iter().filter(|c| !c.can_reconnect()).map(|c| c.code()).collect();
    assert_eq!(stop, [4004, 4010, 4011, 4012, 4013, 4014]);
}

#[test]
fn the_session_survives_unless_discord_says_to_start_a_new_one() {
    let resume: Vec<u16> = CloseCode::ALL.iter().filter(|c| c.can_resume()).map(|c| c.code()).collect();
    assert_eq!(resume, [4000, 4001, 4002, 4003, 4005, 4008]);
    for close in CloseCode::ALL {
        assert!(close.can_reconnect() || !close.can_resume(), "{close:?}: resume without reconnect");
    }
    assert!(CloseCode::InvalidSeq.description().contains("start a new session"));
    assert!(CloseCode::SessionTimedOut.description().contains("start a new one"));
}

#[test]
fn all_is_the_whole_table_in_order() {
    let table: Vec<CloseCode> = DISCORD.iter().map(|&(_, close, _, _)| close).collect();
    assert_eq!(CloseCode::ALL, table.as_slice());
}

#[test]
fn every_code_round_trips() {
    for &close in CloseCode::ALL {
        assert_eq!(CloseCode::from_code(close.code()), Some(close));
        assert_eq!(CloseCode::try_from(close.code()), Ok(close));
    }
}

#[test]
fn codes_outside_the_table_are_none() {
    let known: HashSet<u16> = DISCORD.iter().map(|&(code, ..)| code).collect();
    for code in 0..=u16::MAX {
        let found = CloseCode::from_code(code);
        assert_eq!(found.is_some(), known.contains(&code), "{code}");
        assert_eq!(CloseCode::try_from(code).ok(), found, "{code}");
        if found.is_none() {
            assert_eq!(CloseCode::try_from(code), Err(code));
        }
    }
    // WebSocket's own codes, the retired 4006, the next ones Discord may add.
    for code in [1000, 1001, 1006, 1011, 3999, 4006, 4015, 4999] {
        assert_eq!(CloseCode::from_code(code), None, "{code}");
    }
}

#[test]
fn descriptions_are_discords_explanations() {
    assert_eq!(CloseCode::UnknownError.description(), "We're not sure what went wrong. Try reconnecting?");
    assert_eq!(
        CloseCode::AuthenticationFailed.description(),
        "The account token sent with your identify payload is incorrect."
    );
    assert_eq!(
        CloseCode::RateLimited.description(),
        "Woah nelly! You're sending payloads to us too quickly. Slow it down! \
         You will be disconnected on receiving this."
    );
    assert_eq!(
        CloseCode::ShardingRequired.description(),
        "The session would have handled too many guilds - \
         you are required to shard your connection in order to connect."
    );
    for close in CloseCode::ALL {
        let text = close.description();
        assert!(text.ends_with(['.', '!', '?']), "{close:?}: {text:?}");
        assert!(!text.contains(['[', ']', '`', '\n']), "{close:?}: markup left in {text:?}");
        assert!(!text.contains("  "), "{close:?}: {text:?}");
    }
}

#[test]
fn display_is_code_and_name() {
    assert_eq!(CloseCode::DecodeError.to_string(), "4002 Decode error");
    assert_eq!(CloseCode::InvalidApiVersion.to_string(), "4012 Invalid API version");
    for &close in CloseCode::ALL {
        assert_eq!(close.to_string(), format!("{} {}", close.code(), close.name()));
    }
}

#[test]
fn the_decoder_names_the_same_type() {
    let from_decode: gateway_etf::decode::CloseCode = CloseCode::InvalidShard;
    assert_eq!(from_decode, gateway_etf::CloseCode::InvalidShard);
    let err = gateway_etf::decode::Error::UnknownIntents { offset: 0, bits: 1 << 60 };
    assert_eq!(err.close_code(), CloseCode::InvalidIntents);
    assert!(!err.close_code().can_reconnect());
}

#[test]
fn usable_in_const_context() {
    const CODE: u16 = CloseCode::SessionTimedOut.code();
    const FOUND: Option<CloseCode> = CloseCode::from_code(4008);
    const STOP: bool = !CloseCode::InvalidShard.can_reconnect();
    assert_eq!((CODE, FOUND, STOP), (4009, Some(CloseCode::RateLimited), true));
}
