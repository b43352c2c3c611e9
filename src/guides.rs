//! The guides: how to implement a connector, and how each part of the crate works and differs
//! from App Connect core. Each page is a markdown file of `docs/`, rendered here by rustdoc, so
//! its code examples are compiled and run as doc-tests and its links are checked.
//!
//! Adding a guide is one line in the `guides!` list of `src/guides.rs`:
//! `file_name => "file-name.md",` for `docs/file-name.md`. The page appears in this list with
//! its first line as summary; link to it as [`guides::file_name`](crate::guides).

/// One module per guide, its documentation the markdown file.
macro_rules! guides {
    ($( $(#[$meta:meta])* $module:ident => $file:literal, )*) => {
        $(
            $(#[$meta])*
            #[doc = include_str!(concat!("../docs/", $file))]
            pub mod $module {}
        )*
    };
}

guides! {
    connector_trait => "connector-trait.md",
    models => "models.md",
    manifest => "manifest.md",
    composer => "composer.md",
    server => "server.md",
    performance => "performance.md",
    #[cfg(feature = "proxy")]
    proxy => "proxy.md",
    #[cfg(feature = "testing")]
    testing => "testing.md",
}
