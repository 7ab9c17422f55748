//! The dispatches the example bot reads into types of its own, with
//! serde (`gateway_etf::serde`): derived structs that borrow their strings
//! from the frame, so reading one copies and allocates nothing.

use gateway_etf::Snowflake;
use serde::Deserialize;

/// MESSAGE_CREATE's `d`, the fields a log needs; serde skips the rest.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Message<'a> {
    /// The message.
    pub id: Snowflake,
    /// Where it was sent.
    pub channel_id: Snowflake,
    /// Who sent it.
    #[serde(borrow)]
    pub author: Author<'a>,
    /// What it says, borrowed from the frame.
    pub content: &'a str,
}

/// A message's author.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Author<'a> {
    /// The user.
    pub id: Snowflake,
    /// Their name, borrowed from the frame.
    pub username: &'a str,
}
