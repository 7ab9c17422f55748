//! Discord's gateway close codes (4000–4014): what each means and what a
//! bot does after it.

use core::fmt;

/// Declares [`CloseCode`] and all its methods from one table, so that each
/// fact about a code is written once. A row is Discord's explanation as
/// its doc comment, then
/// `Variant = code, "name", reconnect: bool, resume: bool;` with Discord's
/// name and Reconnect column.
macro_rules! close_codes {
    ($(
        $(#[doc = $description:literal])+
        $variant:ident = $code:literal, $name:literal, reconnect: $reconnect:literal, resume: $resume:literal;
    )*) => {
        /// A close code of Discord's gateway: the table "Gateway Close
        /// Event Codes" of Discord's docs, 4000 to 4014 (4006 is no longer
        /// used).
        ///
        /// A gateway closes the connection with one; a bot reads it from
        /// the close frame with [`from_code`](Self::from_code) and stops if
        /// it cannot [reconnect](Self::can_reconnect), otherwise reconnects
        /// and sends Resume if the session [survives](Self::can_resume) or
        /// Identify if not. The decoder names the code a bad client frame
        /// earns: [`decode::Error::close_code`](crate::decode::Error::close_code).
        ///
        /// # Codes outside the table
        ///
        /// They have no variant: [`from_code`](Self::from_code) returns
        /// `None` and [`try_from`](Self::try_from) gives the number back.
        /// 1000 (normal closure), 1001 (going away) and the rest of
        /// 1000–3999 are WebSocket's codes, not Discord's, and a code
        /// Discord adds later is unknown to this version. An `Other(u16)`
        /// variant was not chosen because `Other(4002)` would stand beside
        /// `DecodeError`: two values for one code, which `==` and `match`
        /// would tell apart. With `Option`, a code has one value or none.
        ///
        /// After such a code a bot reconnects and resumes: Discord's docs
        /// list every code that forbids reconnecting (all in this table)
        /// and say to resume after any other disconnect, even one without
        /// a close frame. If the session is gone after all, the gateway
        /// answers the Resume with Invalid Session and the bot identifies.
        /// (That 1000 and 1001 end a session concerns the client sending
        /// them: a bot closing with them ends its own session.)
        ///
        /// ```
        /// use gateway_etf::CloseCode;
        ///
        /// /// What a bot does when the gateway closes with `code` (`None`:
        /// /// the connection dropped without a close frame).
        /// fn after_close(code: Option<u16>) -> &'static str {
        ///     match code.and_then(CloseCode::from_code) {
        ///         Some(close) if !close.can_reconnect() => "stop",
        ///         Some(close) if !close.can_resume() => "reconnect and identify",
        ///         _ => "reconnect and resume",
        ///     }
        /// }
        /// assert_eq!(after_close(Some(4004)), "stop");
        /// assert_eq!(after_close(Some(4009)), "reconnect and identify");
        /// assert_eq!(after_close(Some(4000)), "reconnect and resume");
        /// assert_eq!(after_close(Some(1001)), "reconnect and resume");
        /// assert_eq!(after_close(None), "reconnect and resume");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[non_exhaustive]
        #[repr(u16)]
        pub enum CloseCode {
            $(
                #[doc = concat!("`", $code, "` ", $name, ":")]
                $(#[doc = $description])+
                ///
                #[doc = concat!("Reconnect: `", $reconnect, "`; resume: `", $resume, "`.")]
                $variant = $code,
            )*
        }

        impl CloseCode {
            /// Every code of the table, in numeric order (a slice, so that
            /// a code Discord adds does not change its type).
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert_eq!(CloseCode::ALL.len(), 14);
            /// assert_eq!(CloseCode::ALL[0], CloseCode::UnknownError);
            /// assert!(CloseCode::ALL.iter().all(|c| (4000..=4014).contains(&c.code())));
            /// ```
            pub const ALL: &'static [CloseCode] = &[$(CloseCode::$variant),*];

            /// The code with this number, or `None` for a number outside
            /// the table (see [Codes outside the table](Self#codes-outside-the-table)).
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert_eq!(CloseCode::from_code(4002), Some(CloseCode::DecodeError));
            /// assert_eq!(CloseCode::from_code(4006), None); // no longer used
            /// assert_eq!(CloseCode::from_code(1000), None); // WebSocket's normal closure
            /// ```
            pub const fn from_code(code: u16) -> Option<CloseCode> {
                match code {
                    $($code => Some(CloseCode::$variant),)*
                    _ => None,
                }
            }

            /// Discord's name for the code, as in its table.
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert_eq!(CloseCode::AuthenticationFailed.name(), "Authentication failed");
            /// ```
            pub const fn name(self) -> &'static str {
                match self {
                    $(CloseCode::$variant => $name,)*
                }
            }

            /// Discord's explanation of the code, as in its table (links
            /// and markup removed).
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert_eq!(
            ///     CloseCode::DecodeError.description(),
            ///     "You sent an invalid payload to Discord. Don't do that!"
            /// );
            /// ```
            pub const fn description(self) -> &'static str {
                match self {
                    // Each doc line starts with a space: one joins the
                    // lines, the first is trimmed.
                    $(CloseCode::$variant => concat!($($description),+).trim_ascii(),)*
                }
            }

            /// Whether a bot may reconnect after it: Discord's Reconnect
            /// column. False for a wrong token (4004), shard (4010, 4011),
            /// API version (4012) or intents (4013, 4014): reconnecting with
            /// the same configuration would only be closed again.
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert!(CloseCode::RateLimited.can_reconnect());
            /// assert!(!CloseCode::DisallowedIntents.can_reconnect());
            /// ```
            pub const fn can_reconnect(self) -> bool {
                match self {
                    $(CloseCode::$variant => $reconnect,)*
                }
            }

            /// Whether the session survives it, so that the reconnecting bot
            /// may send Resume rather than Identify. False where Discord's
            /// explanation says to start a new session (4007, 4009) and
            /// where the bot may not reconnect at all. Where Discord says
            /// nothing the session is taken to survive: if it did not, the
            /// gateway answers the Resume with Invalid Session.
            ///
            /// ```
            /// # use gateway_etf::CloseCode;
            /// assert!(CloseCode::UnknownError.can_resume());
            /// assert!(!CloseCode::SessionTimedOut.can_resume());
            /// assert!(CloseCode::SessionTimedOut.can_reconnect());
            /// ```
            pub const fn can_resume(self) -> bool {
                match self {
                    $(CloseCode::$variant => $resume,)*
                }
            }
        }

        // Checked when the crate compiles: a session cannot be resumed
        // without reconnecting.
        const _: () = {
            $(assert!(
                $reconnect || !$resume,
                concat!(stringify!($variant), ": resume without reconnect")
            );)*
        };
    };
}

close_codes! {
    /// We're not sure what went wrong. Try reconnecting?
    UnknownError = 4000, "Unknown error", reconnect: true, resume: true;
    /// You sent an invalid Gateway opcode or an invalid payload for an opcode. Don't do that!
    UnknownOpcode = 4001, "Unknown opcode", reconnect: true, resume: true;
    /// You sent an invalid payload to Discord. Don't do that!
    DecodeError = 4002, "Decode error", reconnect: true, resume: true;
    // "Or this session has been invalidated": then the Resume earns Invalid
    // Session, and the bot identifies.
    /// You sent us a payload prior to identifying, or this session has been invalidated.
    NotAuthenticated = 4003, "Not authenticated", reconnect: true, resume: true;
    /// The account token sent with your identify payload is incorrect.
    AuthenticationFailed = 4004, "Authentication failed", reconnect: false, resume: false;
    /// You sent more than one identify payload. Don't do that!
    AlreadyAuthenticated = 4005, "Already authenticated", reconnect: true, resume: true;
    /// The sequence sent when resuming the session was invalid. Reconnect and start a new session.
    InvalidSeq = 4007, "Invalid seq", reconnect: true, resume: false;
    /// Woah nelly! You're sending payloads to us too quickly. Slow it down!
    /// You will be disconnected on receiving this.
    RateLimited = 4008, "Rate limited", reconnect: true, resume: true;
    /// Your session timed out. Reconnect and start a new one.
    SessionTimedOut = 4009, "Session timed out", reconnect: true, resume: false;
    /// You sent us an invalid shard when identifying.
    InvalidShard = 4010, "Invalid shard", reconnect: false, resume: false;
    /// The session would have handled too many guilds -
    /// you are required to shard your connection in order to connect.
    ShardingRequired = 4011, "Sharding required", reconnect: false, resume: false;
    /// You sent an invalid version for the gateway.
    InvalidApiVersion = 4012, "Invalid API version", reconnect: false, resume: false;
    /// You sent an invalid intent for a Gateway Intent.
    /// You may have incorrectly calculated the bitwise value.
    InvalidIntents = 4013, "Invalid intent(s)", reconnect: false, resume: false;
    /// You sent a disallowed intent for a Gateway Intent.
    /// You may have tried to specify an intent that you have not enabled or are not approved for.
    DisallowedIntents = 4014, "Disallowed intent(s)", reconnect: false, resume: false;
}

impl CloseCode {
    /// The number sent in the WebSocket close frame.
    ///
    /// ```
    /// # use gateway_etf::CloseCode;
    /// assert_eq!(CloseCode::DecodeError.code(), 4002);
    /// ```
    pub const fn code(self) -> u16 {
        self as u16
    }
}

impl TryFrom<u16> for CloseCode {
    /// The number, which is not in the table.
    type Error = u16;

    /// [`CloseCode::from_code`], with the number back on failure.
    ///
    /// ```
    /// # use gateway_etf::CloseCode;
    /// assert_eq!(CloseCode::try_from(4013), Ok(CloseCode::InvalidIntents));
    /// assert_eq!(CloseCode::try_from(1000), Err(1000));
    /// ```
    fn try_from(code: u16) -> Result<CloseCode, u16> {
        match CloseCode::from_code(code) {
            Some(close) => Ok(close),
            None => Err(code),
        }
    }
}

impl From<CloseCode> for u16 {
    /// [`CloseCode::code`].
    ///
    /// ```
    /// # use gateway_etf::CloseCode;
    /// assert_eq!(u16::from(CloseCode::InvalidSeq), 4007);
    /// ```
    #[inline]
    fn from(close: CloseCode) -> u16 {
        close.code()
    }
}

impl fmt::Display for CloseCode {
    /// The code and Discord's name for it.
    ///
    /// ```
    /// # use gateway_etf::CloseCode;
    /// assert_eq!(CloseCode::DecodeError.to_string(), "4002 Decode error");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}
