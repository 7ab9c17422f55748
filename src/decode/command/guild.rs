//! The guild requests read back: Request Guild Members (op 8), Request
//! Soundboard Sounds (op 31) and Request Channel Info (op 43), whose lists
//! borrow from the frame.

use super::{DecodeCommand, Mode, data_map, defaulted};
use crate::decode::{Error, Seq, Term};
use crate::encode::keys;
use crate::{
    ChannelInfoField, Items, MemberFilter, Opcode, RequestChannelInfo, RequestGuildMembers,
    RequestSoundboardSounds, Snowflake,
};

/// Exactly one of `query` and `user_ids` must be present; the IDs may be
/// integers or digit strings, in a byte list or a general list, or one ID
/// alone (Discord documents `user_ids` as "snowflake or array of
/// snowflakes"; it reads back as a one-element list). The
/// encoder's checks (at most 100 IDs, `limit` at most 100 with a prefix, a
/// nonce of at most 32 bytes) are not repeated: a mock gateway can run
/// [`Command::validate`](crate::Command::validate) on the result.
///
/// ```
/// use gateway_etf::{Command, RequestGuildMembers, Snowflake};
/// use gateway_etf::decode::DecodeCommand;
/// let ids = Snowflake::slice_from_u64(&[1, 1 << 60]);
/// let sent = RequestGuildMembers::user_ids(Snowflake::new(9), ids).nonce("n");
/// let mut buf = [0u8; 256];
/// let read = RequestGuildMembers::decode(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(read, sent);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> DecodeCommand<'a> for RequestGuildMembers<'a> {
    const OPCODE: Opcode = Opcode::RequestGuildMembers;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        let query = d.get(keys::QUERY.name).and_then(Term::non_nil);
        let user_ids = d.get(keys::USER_IDS.name).and_then(Term::non_nil);
        let filter = match (query, user_ids) {
            (Some(q), None) => {
                MemberFilter::Query { prefix: q.as_str()?, limit: defaulted(&d, keys::LIMIT.name, mode, 0)? }
            }
            (None, Some(ids)) => {
                let ids: Seq<'a, Snowflake> = Seq::one_or_list(d.src, ids)?;
                MemberFilter::UserIds { ids: Items::Decoded(ids), limit: d.optional(keys::LIMIT.name)? }
            }
            (Some(_), Some(_)) => {
                return Err(Error::ConflictingFields {
                    offset: d.offset(),
                    field: keys::QUERY.name,
                    other: keys::USER_IDS.name,
                });
            }
            (None, None) => return Err(Error::MissingField { offset: d.offset(), field: keys::QUERY.name }),
        };
        Ok(RequestGuildMembers {
            guild_id: d.required(keys::GUILD_ID.name)?,
            filter,
            presences: d.optional(keys::PRESENCES.name)?,
            nonce: d.optional(keys::NONCE.name)?,
        })
    }
}

/// ```
/// use gateway_etf::{Command, RequestSoundboardSounds, Snowflake};
/// use gateway_etf::decode::DecodeCommand;
/// let ids = Snowflake::slice_from_u64(&[1, 2, 3]);
/// let mut buf = [0u8; 64];
/// let read = RequestSoundboardSounds::decode(RequestSoundboardSounds::new(ids).encode(&mut buf).unwrap())?;
/// assert_eq!(read.guild_ids.len(), 3);
/// assert_eq!(read, RequestSoundboardSounds::new(ids));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> DecodeCommand<'a> for RequestSoundboardSounds<'a> {
    const OPCODE: Opcode = Opcode::RequestSoundboardSounds;

    fn decode_data(data: Option<Term<'a>>, _: Mode) -> Result<Self, Error> {
        let ids: Seq<'a, Snowflake> = data_map(data)?.required(keys::GUILD_IDS.name)?;
        Ok(RequestSoundboardSounds { guild_ids: Items::Decoded(ids) })
    }
}

/// ```
/// use gateway_etf::{ChannelInfoField, Command, RequestChannelInfo, Snowflake};
/// use gateway_etf::decode::DecodeCommand;
/// let sent = RequestChannelInfo::new(Snowflake::new(5), &[ChannelInfoField::VoiceStartTime]);
/// let mut buf = [0u8; 128];
/// assert_eq!(RequestChannelInfo::decode(sent.encode(&mut buf).unwrap())?, sent);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> DecodeCommand<'a> for RequestChannelInfo<'a> {
    const OPCODE: Opcode = Opcode::RequestChannelInfo;

    fn decode_data(data: Option<Term<'a>>, _: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        let fields: Seq<'a, ChannelInfoField> = d.required(keys::FIELDS.name)?;
        Ok(RequestChannelInfo { guild_id: d.required(keys::GUILD_ID.name)?, fields: Items::Decoded(fields) })
    }
}
