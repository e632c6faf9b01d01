mod common;
mod diff;
mod tidy;
