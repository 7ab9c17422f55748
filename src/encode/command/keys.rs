//! Every map key the commands send, once: its name for the decoder's
//! read-back, its term for the encoder. Keys are binaries, never atoms
//! (Discord closes with 4002 on an atom key).

use crate::encode::writer::keys;

keys! {
    ACTIVITIES = "activities";
    AFK = "afk";
    BROWSER = "browser";
    CHANNEL_ID = "channel_id";
    COMPRESS = "compress";
    D = "d";
    DEVICE = "device";
    FIELDS = "fields";
    GUILD_ID = "guild_id";
    GUILD_IDS = "guild_ids";
    INTENTS = "intents";
    LARGE_THRESHOLD = "large_threshold";
    LIMIT = "limit";
    NAME = "name";
    NONCE = "nonce";
    OP = "op";
    OS = "os";
    PRESENCE = "presence";
    PRESENCES = "presences";
    PROPERTIES = "properties";
    QUERY = "query";
    SELF_DEAF = "self_deaf";
    SELF_MUTE = "self_mute";
    SEQ = "seq";
    SESSION_ID = "session_id";
    SHARD = "shard";
    SINCE = "since";
    STATE = "state";
    STATUS = "status";
    TOKEN = "token";
    TYPE = "type";
    URL = "url";
    USER_IDS = "user_ids";
}
