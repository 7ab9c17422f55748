//! Encodes one of each gateway command a client sends and shows the bytes.
//!
//! `cargo run --example commands`

use gateway_etf::*;

/// Encodes `cmd` into `buf` and prints its name, opcode, length and hex.
fn show<C: Command>(name: &str, cmd: &C, buf: &mut [u8]) -> Result<(), Error> {
    let frame = cmd.encode(buf)?;
    println!("{name:<26} op {:>2}  {:>4} bytes", C::OPCODE as u8, frame.len());
    for chunk in frame.chunks(32) {
        let hex: String = chunk.iter().map(|b| format!("{b:02x}")).collect();
        println!("    {hex}");
    }
    // The same bytes read back, in the Erlang syntax `binary_to_term` shows.
    match gateway_etf::decode::decode(frame) {
        Ok(term) => println!("    = {term}\n"),
        Err(e) => println!("    ! does not decode: {e}\n"),
    }
    Ok(())
}

fn main() -> Result<(), Error> {
    let mut buf = [0u8; Error::MAX_PAYLOAD];
    let guild = Snowflake::new(81384788765712384);
    let users = Snowflake::slice_from_u64(&[80351110224678912, 1100000000000000000]);

    let activities = [Activity::new("with ETF", ActivityType::Playing)];
    let presence = UpdatePresence::new(Status::Online).activities(&activities);

    show("Heartbeat", &Heartbeat::new(Some(251)), &mut buf)?;
    show(
        "Identify",
        &Identify::new("my-bot-token", Intents::GUILDS | Intents::GUILD_MESSAGES)
            .properties(ConnectionProperties::new("linux", "gateway-etf", "gateway-etf"))
            .large_threshold(250)
            .shard(ShardId::new(0, 1)?)
            .presence(presence),
        &mut buf,
    )?;
    show("UpdatePresence", &presence.afk(true), &mut buf)?;
    show(
        "UpdateVoiceState",
        &UpdateVoiceState::new(guild, Some(Snowflake::new(155101607195836416))).self_mute(true),
        &mut buf,
    )?;
    show("Resume", &Resume::new("my-bot-token", "e2a0f2ce0ea0c3a9f3e1", 1337), &mut buf)?;
    show(
        "RequestGuildMembers",
        &RequestGuildMembers::query(guild, "ab", 10).presences(true).nonce("n-1"),
        &mut buf,
    )?;
    show("RequestGuildMembers (ids)", &RequestGuildMembers::user_ids(guild, users), &mut buf)?;
    show("RequestSoundboardSounds", &RequestSoundboardSounds::new(&[guild]), &mut buf)?;
    show(
        "RequestChannelInfo",
        &RequestChannelInfo::new(guild, &[ChannelInfoField::Status, ChannelInfoField::VoiceStartTime]),
        &mut buf,
    )?;

    // What a refused command looks like.
    let too_many = [Snowflake::new(1); 101];
    match RequestGuildMembers::user_ids(guild, &too_many).encode(&mut buf) {
        Err(e) => println!("\nrefused as expected: {e}"),
        Ok(_) => println!("\nunexpectedly accepted 101 user ids"),
    }
    Ok(())
}
