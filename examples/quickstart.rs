//! Quickstart (placeholder).
fn main() {
    println!("quickstart placeholder");
}
