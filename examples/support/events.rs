//! The dispatches the example bot reads into types of its own, with
//! serde (`gateway_etf::serde`): derived structs that borrow their strings
//! from the frame, so reading one copies nothing.

use gateway_etf::Snowflake;
use gateway_etf::decode::Dispatch;
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

/// A message's author, or the user behind an interaction.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Author<'a> {
    /// The user.
    pub id: Snowflake,
    /// Their name, borrowed from the frame.
    pub username: &'a str,
}

/// INTERACTION_CREATE's `d`: someone used one of the bot's commands.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Interaction<'a> {
    /// The interaction, answered over HTTP with `token`.
    pub id: Snowflake,
    /// 2 for an application (slash) command.
    #[serde(rename = "type")]
    pub kind: u8,
    /// Where it was used.
    pub channel_id: Option<Snowflake>,
    /// The command and its options (absent for a ping, type 1).
    #[serde(borrow)]
    pub data: Option<CommandData<'a>>,
    /// Who used it, in a guild.
    #[serde(borrow)]
    pub member: Option<Member<'a>>,
    /// Who used it, in a direct message.
    #[serde(borrow)]
    pub user: Option<Author<'a>>,
    /// For the answer; borrowed.
    pub token: &'a str,
}

impl<'a> Interaction<'a> {
    /// Who used it, in a guild or a direct message.
    pub fn user(&self) -> Option<&Author<'a>> {
        self.member.as_ref().map(|m| &m.user).or(self.user.as_ref())
    }
}

/// The guild member behind an interaction.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Member<'a> {
    /// The user.
    #[serde(borrow)]
    pub user: Author<'a>,
}

/// An application command as it was used.
#[derive(Debug, Deserialize, PartialEq)]
pub struct CommandData<'a> {
    /// The command's name, without the slash.
    pub name: &'a str,
    /// Its options as given (absent when it has none).
    #[serde(borrow, default)]
    pub options: Vec<CommandOption<'a>>,
}

/// One option of a command as it was used.
#[derive(Debug, Deserialize, PartialEq)]
pub struct CommandOption<'a> {
    /// The option's name.
    pub name: &'a str,
    /// Its value; absent for subcommands.
    #[serde(borrow)]
    pub value: Option<OptionValue<'a>>,
}

/// An option's value: a string, an integer, a number or a boolean
/// (Discord's option types), told apart by the term itself.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OptionValue<'a> {
    /// Types 3 (string), also 6, 7, 8, 11 (IDs sent as strings).
    Str(&'a str),
    /// Type 4.
    Int(i64),
    /// Type 10.
    Number(f64),
    /// Type 5.
    Bool(bool),
}

impl std::fmt::Display for OptionValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Str(s) => write!(f, "{s:?}"),
            OptionValue::Int(i) => write!(f, "{i}"),
            OptionValue::Number(n) => write!(f, "{n}"),
            OptionValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A line for the bot's log about a dispatch it reads into its own types
/// (MESSAGE_CREATE, INTERACTION_CREATE); `None` for the others.
pub fn describe(dispatch: &Dispatch<'_>) -> Result<Option<String>, gateway_etf::serde::Error> {
    Ok(Some(match dispatch.name {
        "MESSAGE_CREATE" => {
            let m: Message<'_> = dispatch.data_as()?;
            format!("{} said {:?} in channel {}", m.author.username, m.content, m.channel_id)
        }
        "INTERACTION_CREATE" => {
            let i: Interaction<'_> = dispatch.data_as()?;
            let who = i.user().map_or("someone", |u| u.username);
            let Some(command) = &i.data else {
                return Ok(Some(format!("{who} sent an interaction of type {}", i.kind)));
            };
            let mut line = format!("{who} used /{}", command.name);
            for option in &command.options {
                match &option.value {
                    Some(value) => line += &format!(" {}:{value}", option.name),
                    None => line += &format!(" {}", option.name),
                }
            }
            line
        }
        _ => return Ok(None),
    }))
}
