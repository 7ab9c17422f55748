//! The [`Command`](crate::Command) impl every command of this crate
//! shares: its opcode, the fast encoders and an inlined `write_data`.

/// Implements [`Command`](crate::Command) for one of this crate's commands,
/// in a command module (under `command/`): the opcode, the fast
/// encoders (`super::fast_encoders!()`, which rely on `write_data` writing
/// the same bytes every time), `validate` if given, with its own
/// attributes, and `write_data`, always `#[inline(always)]` so that each
/// encoder is one straight run of writes.
///
/// ```text
/// command_impl! {
///     impl Command for Heartbeat = Opcode::Heartbeat;
///
///     fn write_data(&self, w) { … }
/// }
/// ```
macro_rules! command_impl {
    (
        impl Command for $ty:ty = $opcode:path;
        $(
            $(#[$validate_attr:meta])*
            fn validate(&$validate_self:ident) -> Result<(), Error> $validate:block
        )?
        fn write_data(&$self:ident, $w:ident) $write_data:block
    ) => {
        impl crate::Command for $ty {
            const OPCODE: crate::Opcode = $opcode;

            super::fast_encoders!();

            $(
                $(#[$validate_attr])*
                fn validate(&$validate_self) -> Result<(), crate::Error> $validate
            )?

            #[inline(always)]
            fn write_data<S: crate::encode::Sink>(
                &$self,
                $w: &mut crate::encode::Writer<S>,
            ) -> Result<(), crate::Error> $write_data
        }
    };
}
pub(crate) use command_impl;
