//! Compile-time behaviour of `hjx!`: markup that must compile, and markup whose errors are
//! pinned by `.stderr` snapshots (each points at the offending token of the markup).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
