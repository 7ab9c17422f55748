//! The guild requests read back: Request Guild Members (op 8), Request
//! Soundboard Sounds (op 31) and Request Channel Info (op 43), whose lists
//! decode lazily.

use super::{DecodeCommand, Mode, data_map, defaulted};
use crate::decode::{Error, Seq, Term};
use crate::{
    ChannelInfoField, MemberFilter, Opcode, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds,
    Snowflake,
};

/// [`MemberFilter`] as decoded: the user IDs as a lazily decoded [`Seq`]
/// (over a byte list or a general list, IDs as integers or digit strings).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemberFilterView<'a> {
    /// Members whose username starts with `prefix`.
    Query {
        /// The username prefix.
        prefix: &'a str,
        /// How many members at most (0 when absent in liberal mode).
        limit: u32,
    },
    /// The members with these IDs.
    UserIds {
        /// The users.
        ids: Seq<'a, Snowflake>,
        /// `limit`, if sent.
        limit: Option<u32>,
    },
}

impl<'b> PartialEq<MemberFilter<'b>> for MemberFilterView<'_> {
    fn eq(&self, other: &MemberFilter<'b>) -> bool {
        match (*self, *other) {
            (MemberFilterView::Query { prefix, limit }, MemberFilter::Query { prefix: p, limit: l }) => {
                prefix == p && limit == l
            }
            (MemberFilterView::UserIds { ids, limit }, MemberFilter::UserIds { ids: i, limit: l }) => {
                ids == i && limit == l
            }
            _ => false,
        }
    }
}

/// Request Guild Members as decoded.
///
/// Exactly one of `query` and `user_ids` must be present. The encoder's
/// checks (at most 100 IDs, `limit` at most 100 with a prefix, a nonce of
/// at most 32 bytes) are not repeated: a mock gateway can run
/// [`Command::validate`](crate::Command::validate) on
/// [`to_command`](Self::to_command)'s result.
///
/// ```
/// use gateway_etf::{Command, RequestGuildMembers, Snowflake};
/// use gateway_etf::decode::{DecodeCommand, RequestGuildMembersView};
/// let ids = Snowflake::slice_from_u64(&[1, 1 << 60]);
/// let sent = RequestGuildMembers::user_ids(Snowflake::new(9), ids).nonce("n");
/// let mut buf = [0u8; 256];
/// let view = RequestGuildMembersView::decode(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(view, sent);
/// let mut slots = [Snowflake::default(); 100];
/// assert_eq!(view.to_command(&mut slots)?, sent);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestGuildMembersView<'a> {
    /// The guild.
    pub guild_id: Snowflake,
    /// By prefix or by IDs.
    pub filter: MemberFilterView<'a>,
    /// `presences`, if sent.
    pub presences: Option<bool>,
    /// `nonce`, if sent.
    pub nonce: Option<&'a str>,
}

impl<'a> RequestGuildMembersView<'a> {
    /// The encoder's [`RequestGuildMembers`], with the user IDs (if any)
    /// copied into `ids` ([`Error::BufferTooSmall`] if it is too short).
    ///
    /// ```
    /// use gateway_etf::{Command, RequestGuildMembers, Snowflake};
    /// use gateway_etf::decode::{DecodeCommand, RequestGuildMembersView};
    /// let sent = RequestGuildMembers::query(Snowflake::new(9), "ab", 10);
    /// let mut buf = [0u8; 256];
    /// let view = RequestGuildMembersView::decode(sent.encode(&mut buf).unwrap())?;
    /// assert_eq!(view.to_command(&mut [])?, sent);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn to_command<'s>(&self, ids: &'s mut [Snowflake]) -> Result<RequestGuildMembers<'s>, Error>
    where
        'a: 's,
    {
        let filter = match self.filter {
            MemberFilterView::Query { prefix, limit } => MemberFilter::Query { prefix, limit },
            MemberFilterView::UserIds { ids: seq, limit } => {
                MemberFilter::UserIds { ids: seq.copy_into(ids)?, limit }
            }
        };
        Ok(RequestGuildMembers {
            guild_id: self.guild_id,
            filter,
            presences: self.presences,
            nonce: self.nonce,
        })
    }
}

impl<'a> DecodeCommand<'a> for RequestGuildMembersView<'a> {
    const OPCODE: Opcode = Opcode::RequestGuildMembers;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        let query = d.get("query").and_then(Term::non_nil);
        let user_ids = d.get("user_ids").and_then(Term::non_nil);
        let filter = match (query, user_ids) {
            (Some(q), None) => {
                MemberFilterView::Query { prefix: q.as_str()?, limit: defaulted(&d, "limit", mode, 0)? }
            }
            (None, Some(ids)) => MemberFilterView::UserIds { ids: ids.parse()?, limit: d.optional("limit")? },
            (Some(_), Some(_)) => {
                return Err(Error::ConflictingFields {
                    offset: d.offset(),
                    field: "query",
                    other: "user_ids",
                });
            }
            (None, None) => return Err(Error::MissingField { offset: d.offset(), field: "query" }),
        };
        Ok(RequestGuildMembersView {
            guild_id: d.required("guild_id")?,
            filter,
            presences: d.optional("presences")?,
            nonce: d.optional("nonce")?,
        })
    }
}

impl<'b> PartialEq<RequestGuildMembers<'b>> for RequestGuildMembersView<'_> {
    fn eq(&self, other: &RequestGuildMembers<'b>) -> bool {
        self.guild_id == other.guild_id
            && self.filter == other.filter
            && self.presences == other.presences
            && self.nonce == other.nonce
    }
}

/// Request Soundboard Sounds as decoded.
///
/// ```
/// use gateway_etf::{Command, RequestSoundboardSounds, Snowflake};
/// use gateway_etf::decode::{DecodeCommand, RequestSoundboardSoundsView};
/// let ids = Snowflake::slice_from_u64(&[1, 2, 3]);
/// let mut buf = [0u8; 64];
/// let view = RequestSoundboardSoundsView::decode(RequestSoundboardSounds::new(ids).encode(&mut buf).unwrap())?;
/// assert_eq!(view.guild_ids.len(), 3);
/// assert_eq!(view, RequestSoundboardSounds::new(ids));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestSoundboardSoundsView<'a> {
    /// The guilds.
    pub guild_ids: Seq<'a, Snowflake>,
}

impl<'a> RequestSoundboardSoundsView<'a> {
    /// The encoder's [`RequestSoundboardSounds`], with the IDs copied into
    /// `ids` ([`Error::BufferTooSmall`] if it is too short).
    ///
    /// ```
    /// use gateway_etf::{Command, RequestSoundboardSounds, Snowflake};
    /// use gateway_etf::decode::{DecodeCommand, RequestSoundboardSoundsView};
    /// let ids = Snowflake::slice_from_u64(&[1, 2, 3]);
    /// let mut buf = [0u8; 64];
    /// let view = RequestSoundboardSoundsView::decode(RequestSoundboardSounds::new(ids).encode(&mut buf).unwrap())?;
    /// let mut slots = [Snowflake::default(); 8];
    /// assert_eq!(view.to_command(&mut slots)?.guild_ids, ids);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn to_command<'s>(&self, ids: &'s mut [Snowflake]) -> Result<RequestSoundboardSounds<'s>, Error> {
        Ok(RequestSoundboardSounds::new(self.guild_ids.copy_into(ids)?))
    }
}

impl<'a> DecodeCommand<'a> for RequestSoundboardSoundsView<'a> {
    const OPCODE: Opcode = Opcode::RequestSoundboardSounds;

    fn decode_data(data: Option<Term<'a>>, _: Mode) -> Result<Self, Error> {
        Ok(RequestSoundboardSoundsView { guild_ids: data_map(data)?.required("guild_ids")? })
    }
}

impl<'b> PartialEq<RequestSoundboardSounds<'b>> for RequestSoundboardSoundsView<'_> {
    fn eq(&self, other: &RequestSoundboardSounds<'b>) -> bool {
        self.guild_ids == other.guild_ids
    }
}

/// Request Channel Info as decoded.
///
/// ```
/// use gateway_etf::{ChannelInfoField, Command, RequestChannelInfo, Snowflake};
/// use gateway_etf::decode::{DecodeCommand, RequestChannelInfoView};
/// let sent = RequestChannelInfo::new(Snowflake::new(5), &[ChannelInfoField::VoiceStartTime]);
/// let mut buf = [0u8; 128];
/// let view = RequestChannelInfoView::decode(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(view, sent);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestChannelInfoView<'a> {
    /// The guild.
    pub guild_id: Snowflake,
    /// The information asked for.
    pub fields: Seq<'a, ChannelInfoField>,
}

impl<'a> RequestChannelInfoView<'a> {
    /// The encoder's [`RequestChannelInfo`], with the fields copied into
    /// `fields` ([`Error::BufferTooSmall`] if it is too short).
    ///
    /// ```
    /// use gateway_etf::{ChannelInfoField, Command, RequestChannelInfo, Snowflake};
    /// use gateway_etf::decode::{DecodeCommand, RequestChannelInfoView};
    /// let sent = RequestChannelInfo::new(Snowflake::new(5), &[ChannelInfoField::Status]);
    /// let mut buf = [0u8; 128];
    /// let view = RequestChannelInfoView::decode(sent.encode(&mut buf).unwrap())?;
    /// let mut slots = [ChannelInfoField::Status; 2];
    /// assert_eq!(view.to_command(&mut slots)?, sent);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn to_command<'s>(
        &self,
        fields: &'s mut [ChannelInfoField],
    ) -> Result<RequestChannelInfo<'s>, Error> {
        Ok(RequestChannelInfo::new(self.guild_id, self.fields.copy_into(fields)?))
    }
}

impl<'a> DecodeCommand<'a> for RequestChannelInfoView<'a> {
    const OPCODE: Opcode = Opcode::RequestChannelInfo;

    fn decode_data(data: Option<Term<'a>>, _: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        Ok(RequestChannelInfoView { guild_id: d.required("guild_id")?, fields: d.required("fields")? })
    }
}

impl<'b> PartialEq<RequestChannelInfo<'b>> for RequestChannelInfoView<'_> {
    fn eq(&self, other: &RequestChannelInfo<'b>) -> bool {
        self.guild_id == other.guild_id && self.fields == other.fields
    }
}
