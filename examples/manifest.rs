//! Placeholder; the manifest checking tool comes next.
fn main() {}
