//! Gateway intents: which events a connection subscribes to.

use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not, Sub, SubAssign};

/// A set of gateway intents, sent as an integer bit set in Identify.
///
/// ```
/// use gateway_etf::Intents;
/// let intents = Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT;
/// assert_eq!(intents.bits(), 33281);
/// assert!(intents.contains(Intents::GUILD_MESSAGES));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Intents(u64);

macro_rules! intents {
    ($($(#[$doc:meta])* $name:ident = $bit:expr;)*) => {
        impl Intents {
            $($(#[$doc])* pub const $name: Intents = Intents(1 << $bit);)*

            /// Every intent documented at the time of writing (privileged
            /// ones included: enable them in the developer portal first).
            pub const ALL: Intents = Intents(0 $(| (1 << $bit))*);
        }
    };
}

intents! {
    /// Guild create/update/delete, roles, channels, threads, stage instances.
    GUILDS = 0;
    /// Member add/update/remove (privileged).
    GUILD_MEMBERS = 1;
    /// Bans and audit log entries.
    GUILD_MODERATION = 2;
    /// Emojis, stickers and soundboard sounds.
    GUILD_EXPRESSIONS = 3;
    /// Integration updates.
    GUILD_INTEGRATIONS = 4;
    /// Webhook updates.
    GUILD_WEBHOOKS = 5;
    /// Invite create/delete.
    GUILD_INVITES = 6;
    /// Voice state updates (and voice channel effects).
    GUILD_VOICE_STATES = 7;
    /// Presence updates (privileged).
    GUILD_PRESENCES = 8;
    /// Messages in guilds.
    GUILD_MESSAGES = 9;
    /// Reactions in guilds.
    GUILD_MESSAGE_REACTIONS = 10;
    /// Typing in guilds.
    GUILD_MESSAGE_TYPING = 11;
    /// Direct messages.
    DIRECT_MESSAGES = 12;
    /// Reactions in direct messages.
    DIRECT_MESSAGE_REACTIONS = 13;
    /// Typing in direct messages.
    DIRECT_MESSAGE_TYPING = 14;
    /// Message content in events (privileged).
    MESSAGE_CONTENT = 15;
    /// Scheduled events.
    GUILD_SCHEDULED_EVENTS = 16;
    /// Auto-moderation rule changes.
    AUTO_MODERATION_CONFIGURATION = 20;
    /// Auto-moderation actions.
    AUTO_MODERATION_EXECUTION = 21;
    /// Poll votes in guilds.
    GUILD_MESSAGE_POLLS = 24;
    /// Poll votes in direct messages.
    DIRECT_MESSAGE_POLLS = 25;
}

impl Intents {
    /// No intents.
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// assert_eq!(Intents::empty().bits(), 0);
    /// ```
    #[must_use]
    #[inline]
    pub const fn empty() -> Self {
        Intents(0)
    }

    /// Any bit set, known or not (for intents newer than this crate).
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// assert_eq!(Intents::from_bits_retain(1 << 40).bits(), 1 << 40);
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_bits_retain(bits: u64) -> Self {
        Intents(bits)
    }

    /// The bit set as sent on the wire.
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// assert_eq!(Intents::GUILD_MEMBERS.bits(), 2);
    /// ```
    #[inline]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Whether every intent of `other` is in `self`.
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// let i = Intents::GUILDS | Intents::GUILD_MEMBERS;
    /// assert!(i.contains(Intents::GUILDS));
    /// assert!(!i.contains(Intents::GUILD_PRESENCES));
    /// ```
    #[inline]
    pub const fn contains(self, other: Intents) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `self` and `other` share any intent.
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// assert!((Intents::GUILDS | Intents::GUILD_MEMBERS).intersects(Intents::GUILD_MEMBERS));
    /// assert!(!Intents::GUILDS.intersects(Intents::GUILD_MEMBERS));
    /// ```
    #[inline]
    pub const fn intersects(self, other: Intents) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no intent is set.
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// assert!(Intents::empty().is_empty());
    /// ```
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `self` with the intents of `other` added (a `const` `|`).
    ///
    /// ```
    /// # use gateway_etf::Intents;
    /// const MINE: Intents = Intents::GUILDS.union(Intents::GUILD_MESSAGES);
    /// assert_eq!(MINE.bits(), 513);
    /// ```
    #[must_use]
    #[inline]
    pub const fn union(self, other: Intents) -> Self {
        Intents(self.0 | other.0)
    }
}

impl BitOr for Intents {
    type Output = Intents;
    #[inline]
    fn bitor(self, rhs: Intents) -> Intents {
        Intents(self.0 | rhs.0)
    }
}

impl BitOrAssign for Intents {
    #[inline]
    fn bitor_assign(&mut self, rhs: Intents) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for Intents {
    type Output = Intents;
    #[inline]
    fn bitand(self, rhs: Intents) -> Intents {
        Intents(self.0 & rhs.0)
    }
}

impl Sub for Intents {
    type Output = Intents;
    /// The intents of `self` that are not in `rhs`.
    #[inline]
    fn sub(self, rhs: Intents) -> Intents {
        Intents(self.0 & !rhs.0)
    }
}

impl Not for Intents {
    type Output = Intents;
    /// Every documented intent not in `self`.
    #[inline]
    fn not(self) -> Intents {
        Intents(!self.0 & Intents::ALL.0)
    }
}

impl BitAndAssign for Intents {
    #[inline]
    fn bitand_assign(&mut self, rhs: Intents) {
        self.0 &= rhs.0;
    }
}

impl SubAssign for Intents {
    /// Removes the intents of `rhs`.
    #[inline]
    fn sub_assign(&mut self, rhs: Intents) {
        self.0 &= !rhs.0;
    }
}

impl From<Intents> for u64 {
    #[inline]
    fn from(intents: Intents) -> u64 {
        intents.0
    }
}
