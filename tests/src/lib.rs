//! Cross-crate test suites for HJX live in `tests/`.
