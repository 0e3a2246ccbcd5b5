//! Compile-fail tests of `#[derive(AmfClass)]`: each misuse fails with a message that points at
//! the attribute or field at fault. Refresh the `.stderr` files with `TRYBUILD=overwrite`.

#[test]
fn misuses_fail_to_compile() {
    let cases = trybuild::TestCases::new();
    for category in ["attributes", "fields", "shapes"] {
        cases.compile_fail(format!("tests/ui/{category}/*.rs"));
    }
}
