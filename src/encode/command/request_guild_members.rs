//! Request Guild Members (op 8).

use super::keys;
use crate::encode::Items;
use crate::encode::command_impl::command_impl;
use crate::encode::setters::setters;
use crate::{Error, Opcode, Snowflake};

/// Discord's limit on user IDs per request, and on `limit` with a prefix.
const MAX_MEMBERS: usize = 100;
/// Discord ignores a longer nonce, so it is refused.
const MAX_NONCE: usize = 32;

/// Which members are asked for: by name prefix or by ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MemberFilter<'a> {
    /// Members whose username starts with the prefix (`""` with limit 0:
    /// every member), at most `limit` of them.
    Query {
        /// The username prefix.
        prefix: &'a str,
        /// How many members at most; with the empty prefix, 0 asks for
        /// every member.
        limit: u32,
    },
    /// The members with these IDs (at most 100).
    UserIds {
        /// The users.
        ids: Items<'a, Snowflake>,
        /// `limit`, sent only if set.
        limit: Option<u32>,
    },
}

/// Asks for members of a guild; they arrive as GUILD_MEMBERS_CHUNK
/// dispatches. Send it on the connection of the guild's shard.
/// crux: `request_guild_members/2`.
///
/// ```
/// use gateway_etf::{Command, RequestGuildMembers, Snowflake};
/// let guild = Snowflake::new(81384788765712384);
/// let mut buf = [0u8; 1500];
/// RequestGuildMembers::query(guild, "ab", 10).presences(true).nonce("n-1").encode(&mut buf)?;
/// let ids = Snowflake::slice_from_u64(&[1, 2, 3]);
/// RequestGuildMembers::user_ids(guild, ids).encode(&mut buf)?;
/// assert!(RequestGuildMembers::query(guild, "ab", 101).encode(&mut buf).is_err());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct RequestGuildMembers<'a> {
    /// The guild.
    pub guild_id: Snowflake,
    /// By prefix or by IDs: exactly one of `query` and `user_ids`.
    pub filter: MemberFilter<'a>,
    /// Whether to include presences (needs the GUILD_PRESENCES intent).
    pub presences: Option<bool>,
    /// Echoed back in the chunks, at most 32 bytes.
    pub nonce: Option<&'a str>,
}

impl<'a> RequestGuildMembers<'a> {
    /// Members whose username starts with `prefix`, at most `limit`
    /// (at most 100 with a non-empty prefix; `""` and 0 ask for everyone).
    ///
    /// ```
    /// # use gateway_etf::{RequestGuildMembers, Snowflake};
    /// let everyone = RequestGuildMembers::query(Snowflake::new(1), "", 0);
    /// assert!(everyone.nonce.is_none());
    /// ```
    #[must_use]
    #[inline]
    pub const fn query(guild_id: Snowflake, prefix: &'a str, limit: u32) -> Self {
        RequestGuildMembers {
            guild_id,
            filter: MemberFilter::Query { prefix, limit },
            presences: None,
            nonce: None,
        }
    }

    /// The members with these IDs (at most 100); sends no `limit` unless
    /// [`limit`](Self::limit) is called.
    ///
    /// ```
    /// # use gateway_etf::{RequestGuildMembers, Snowflake};
    /// let ids = [Snowflake::new(2)];
    /// let r = RequestGuildMembers::user_ids(Snowflake::new(1), &ids);
    /// assert!(r.presences.is_none());
    /// ```
    #[must_use]
    #[inline]
    pub const fn user_ids(guild_id: Snowflake, ids: &'a [Snowflake]) -> Self {
        RequestGuildMembers {
            guild_id,
            filter: MemberFilter::UserIds { ids: Items::Slice(ids), limit: None },
            presences: None,
            nonce: None,
        }
    }

    /// Sets `limit` (for a query, replaces the one given to
    /// [`query`](Self::query)).
    ///
    /// ```
    /// # use gateway_etf::{MemberFilter, RequestGuildMembers, Snowflake};
    /// let r = RequestGuildMembers::user_ids(Snowflake::new(1), &[]).limit(5);
    /// assert!(matches!(r.filter, MemberFilter::UserIds { limit: Some(5), .. }));
    /// ```
    #[must_use]
    #[inline]
    pub const fn limit(mut self, limit: u32) -> Self {
        self.filter = match self.filter {
            MemberFilter::Query { prefix, .. } => MemberFilter::Query { prefix, limit },
            MemberFilter::UserIds { ids, .. } => MemberFilter::UserIds { ids, limit: Some(limit) },
        };
        self
    }

    setters! {
        /// Sends `presences`.
        ///
        /// ```
        /// # use gateway_etf::{RequestGuildMembers, Snowflake};
        /// let r = RequestGuildMembers::query(Snowflake::new(1), "a", 1).presences(true);
        /// assert_eq!(r.presences, Some(true));
        /// ```
        presences(presences: bool) = Some(presences);

        /// Sends a `nonce` (at most 32 bytes) to recognise the chunks by.
        ///
        /// ```
        /// # use gateway_etf::{RequestGuildMembers, Snowflake};
        /// let r = RequestGuildMembers::query(Snowflake::new(1), "a", 1).nonce("n-1");
        /// assert_eq!(r.nonce, Some("n-1"));
        /// ```
        nonce(nonce: &'a str) = Some(nonce);
    }
}

command_impl! {
    impl Command for RequestGuildMembers<'_> = Opcode::RequestGuildMembers;

    fn validate(&self) -> Result<(), Error> {
        match self.filter {
            MemberFilter::Query { prefix, limit } if !prefix.is_empty() && limit > MAX_MEMBERS as u32 => {
                return Err(Error::LimitTooHigh(limit));
            }
            MemberFilter::UserIds { ids, .. } if ids.len() > MAX_MEMBERS => {
                return Err(Error::TooManyUserIds(ids.len()));
            }
            _ => {}
        }
        match self.nonce {
            Some(nonce) if nonce.len() > MAX_NONCE => Err(Error::NonceTooLong(nonce.len())),
            _ => Ok(()),
        }
    }

    fn write_data(&self, w) {
        let limit = match self.filter {
            MemberFilter::Query { limit, .. } => Some(limit),
            MemberFilter::UserIds { limit, .. } => limit,
        };
        // guild_id and query/user_ids always; the rest when set.
        let arity =
            2 + limit.is_some() as u32 + self.nonce.is_some() as u32 + self.presences.is_some() as u32;
        w.map(arity)?;
        w.key(keys::GUILD_ID)?.uint(self.guild_id.get())?;
        if let Some(limit) = limit {
            w.key(keys::LIMIT)?.uint(limit.into())?;
        }
        if let Some(nonce) = self.nonce {
            w.key(keys::NONCE)?.str(nonce)?;
        }
        if let Some(presences) = self.presences {
            w.key(keys::PRESENCES)?.bool(presences)?;
        }
        match self.filter {
            MemberFilter::Query { prefix, .. } => w.key(keys::QUERY)?.str(prefix)?,
            MemberFilter::UserIds { ids, .. } => {
                w.key(keys::USER_IDS)?;
                ids.write_ids(w)?;
                w
            }
        };
        Ok(())
    }
}
