//! Discord's gateway close codes and what a client does after each.
//!
//! The decoder's `CloseCode` names the codes a single bad frame earns
//! (4001, 4002, 4010, 4013); a session also meets the codes about its state
//! (4003, 4004, 4005, 4007, 4008, 4009, …), so the whole table lives here.

use std::fmt;

use gateway_etf::decode::CloseCode;

/// A gateway close code (4000–4014), as Discord documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum GatewayClose {
    /// 4000: something went wrong; reconnect.
    UnknownError = 4000,
    /// 4001: an invalid opcode, or an invalid payload for one.
    UnknownOpcode = 4001,
    /// 4002: a payload that cannot be decoded (bad ETF, an atom key, over 4096 bytes).
    DecodeError = 4002,
    /// 4003: a command before Identify.
    NotAuthenticated = 4003,
    /// 4004: the token in Identify is wrong.
    AuthenticationFailed = 4004,
    /// 4005: a second Identify (or Resume) on an identified connection.
    AlreadyAuthenticated = 4005,
    /// 4007: Resume with a sequence number the gateway never sent.
    InvalidSeq = 4007,
    /// 4008: more than 120 commands in 60 seconds.
    RateLimited = 4008,
    /// 4009: no heartbeat in time; the session is gone.
    SessionTimedOut = 4009,
    /// 4010: an invalid shard in Identify.
    InvalidShard = 4010,
    /// 4011: the bot needs more shards.
    ShardingRequired = 4011,
    /// 4012: an API version the gateway does not serve.
    InvalidApiVersion = 4012,
    /// 4013: intents with undefined bits.
    InvalidIntents = 4013,
    /// 4014: privileged intents the bot is not approved for.
    DisallowedIntents = 4014,
}

impl GatewayClose {
    /// Every code, in numeric order.
    pub const ALL: [GatewayClose; 14] = [
        GatewayClose::UnknownError,
        GatewayClose::UnknownOpcode,
        GatewayClose::DecodeError,
        GatewayClose::NotAuthenticated,
        GatewayClose::AuthenticationFailed,
        GatewayClose::AlreadyAuthenticated,
        GatewayClose::InvalidSeq,
        GatewayClose::RateLimited,
        GatewayClose::SessionTimedOut,
        GatewayClose::InvalidShard,
        GatewayClose::ShardingRequired,
        GatewayClose::InvalidApiVersion,
        GatewayClose::InvalidIntents,
        GatewayClose::DisallowedIntents,
    ];

    /// The numeric code of the WebSocket close frame.
    pub const fn code(self) -> u16 {
        self as u16
    }

    /// The gateway close code with this number, if there is one.
    pub fn from_code(code: u16) -> Option<GatewayClose> {
        GatewayClose::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Whether Discord lets the client reconnect after it (the others are
    /// configuration errors that reconnecting would only repeat).
    pub const fn may_reconnect(self) -> bool {
        !matches!(
            self,
            GatewayClose::AuthenticationFailed
                | GatewayClose::InvalidShard
                | GatewayClose::ShardingRequired
                | GatewayClose::InvalidApiVersion
                | GatewayClose::InvalidIntents
                | GatewayClose::DisallowedIntents
        )
    }

    /// Whether the session survives it, so the client may resume rather
    /// than identify again.
    pub const fn keeps_session(self) -> bool {
        self.may_reconnect() && !matches!(self, GatewayClose::InvalidSeq | GatewayClose::SessionTimedOut)
    }
}

impl From<CloseCode> for GatewayClose {
    /// The decoder's verdict on a bad frame, as a close code.
    fn from(code: CloseCode) -> GatewayClose {
        GatewayClose::from_code(code.code()).unwrap_or(GatewayClose::UnknownError)
    }
}

impl fmt::Display for GatewayClose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.code(), self)
    }
}

/// A close code as the log shows it: `4002 DecodeError`, `1000`, or
/// `no close frame`.
pub fn describe(code: Option<u16>) -> String {
    match code {
        Some(c) => GatewayClose::from_code(c).map_or_else(|| c.to_string(), |g| g.to_string()),
        None => "no close frame".to_owned(),
    }
}
