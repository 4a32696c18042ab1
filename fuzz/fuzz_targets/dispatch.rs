//! Client frames fed to a live session of a real component: see `hjx_tests::fuzz::dispatch`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = hjx_tests::fuzz::dispatch(data);
});
