//! The integration tests, one binary organised by concern (ripgrep's habit).

mod it;
