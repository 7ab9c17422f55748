//! Builder setters: the one shape of every setter of the commands and
//! their parts.

/// Declares builder setters, each setting the field of its own name and
/// returning the value: `const`, `#[must_use]` and `#[inline]`. A row
/// gives the setter's doc comment (with its example), its name, its
/// parameter and the value stored, the parameter as it is or wrapped:
///
/// ```text
/// setters! {
///     /// Sends `compress`.
///     compress(compress: bool) = Some(compress);
/// }
/// ```
macro_rules! setters {
    ($(
        $(#[$attr:meta])*
        $field:ident($param:ident: $ty:ty) = $value:expr;
    )*) => {$(
        $(#[$attr])*
        #[must_use]
        #[inline]
        pub const fn $field(mut self, $param: $ty) -> Self {
            self.$field = $value;
            self
        }
    )*};
}
pub(crate) use setters;
