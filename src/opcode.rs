//! Gateway opcodes (API v10).

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
        /// An event was dispatched (received).
        Dispatch = 0,
        /// Keep the connection alive (sent and received).
        Heartbeat = 1,
        /// Start a session (sent).
        Identify = 2,
        /// Update the client's presence (sent).
        PresenceUpdate = 3,
        /// Join, move between or leave voice channels (sent).
        VoiceStateUpdate = 4,
        /// Resume a dropped session (sent).
        Resume = 6,
        /// Reconnect and resume now (received).
        Reconnect = 7,
        /// Ask for guild members (sent).
        RequestGuildMembers = 8,
        /// The session is invalid; `d` says whether it may be resumed (received).
        InvalidSession = 9,
        /// First frame of a connection, with the heartbeat interval (received).
        Hello = 10,
        /// A heartbeat was received (received).
        HeartbeatAck = 11,
        /// Ask for guilds' soundboard sounds (sent).
        RequestSoundboardSounds = 31,
        /// Ask for ephemeral channel information (sent).
        RequestChannelInfo = 43,
    }
}

impl Opcode {
    /// Whether clients send this opcode.
    ///
    /// ```
    /// # use gateway_etf::Opcode;
    /// assert!(Opcode::Resume.is_sent());
    /// assert!(!Opcode::Hello.is_sent());
    /// ```
    pub const fn is_sent(self) -> bool {
        matches!(
            self,
            Opcode::Heartbeat
                | Opcode::Identify
                | Opcode::PresenceUpdate
                | Opcode::VoiceStateUpdate
                | Opcode::Resume
                | Opcode::RequestGuildMembers
                | Opcode::RequestSoundboardSounds
                | Opcode::RequestChannelInfo
        )
    }
}
