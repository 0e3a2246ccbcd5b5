//! Compile-fail tests of `#[service]`: each misuse fails with a message that points at the
//! method or argument at fault. Refresh the `.stderr` files with `TRYBUILD=overwrite`.

#[test]
fn misuses_fail_to_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/service/*.rs");
}
