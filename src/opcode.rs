//! Gateway opcodes (API v10).

/// Declares [`Opcode`] from rows `Variant = number, direction;`, the
/// direction (`sent`, `received`, or `sent and received`) written once for
/// the variant's doc and [`Opcode::is_sent`].
macro_rules! opcodes {
    ($($(#[$doc:meta])* $variant:ident = $n:literal, $($direction:ident)+;)*) => {
        crate::numbered::numbered! {
            /// Every opcode of the v10 gateway, sent and received.
            ///
            /// ```
            /// use gateway_etf::Opcode;
            /// assert_eq!(Opcode::Identify as u8, 2);
            /// assert_eq!(Opcode::from_u8(43), Some(Opcode::RequestChannelInfo));
            /// assert_eq!(Opcode::from_u8(5), None); // voice ping is gone
            /// ```
            pub enum Opcode: "v10 opcode" {
                $(
                    $(#[$doc])*
                    #[doc = concat!("(", stringify!($($direction)+), ")")]
                    $variant = $n,
                )*
            }
        }

        impl Opcode {
            /// Whether clients send this opcode.
            ///
            /// ```
            /// # use gateway_etf::Opcode;
            /// assert!(Opcode::Resume.is_sent());
            /// assert!(Opcode::Heartbeat.is_sent());
            /// assert!(!Opcode::Hello.is_sent());
            /// ```
            pub const fn is_sent(self) -> bool {
                match self {
                    $(Opcode::$variant => opcodes!(@sent $($direction)+),)*
                }
            }
        }
    };
    (@sent sent $($and_received:ident)*) => {
        true
    };
    (@sent received) => {
        false
    };
}

opcodes! {
    /// An event was dispatched.
    Dispatch = 0, received;
    /// Keep the connection alive.
    Heartbeat = 1, sent and received;
    /// Start a session.
    Identify = 2, sent;
    /// Update the client's presence.
    PresenceUpdate = 3, sent;
    /// Join, move between or leave voice channels.
    VoiceStateUpdate = 4, sent;
    /// Resume a dropped session.
    Resume = 6, sent;
    /// Reconnect and resume now.
    Reconnect = 7, received;
    /// Ask for guild members.
    RequestGuildMembers = 8, sent;
    /// The session is invalid; `d` says whether it may be resumed.
    InvalidSession = 9, received;
    /// First frame of a connection, with the heartbeat interval.
    Hello = 10, received;
    /// A heartbeat was received.
    HeartbeatAck = 11, received;
    /// Ask for guilds' soundboard sounds.
    RequestSoundboardSounds = 31, sent;
    /// Ask for ephemeral channel information.
    RequestChannelInfo = 43, sent;
}
