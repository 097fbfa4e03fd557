//! The README's key tables are the keymap's: a binding added, changed or removed without the
//! README following fails here.

#[test]
fn readme_lists_every_binding() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let tables = roadmap_tui::keymap::markdown_tables();
    assert!(
        readme.contains(tables.trim()),
        "README.md's key tables differ from the keymap; paste this between the KEYS markers:\n{tables}"
    );
}
