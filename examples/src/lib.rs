//! Shared helpers for the example apps.
