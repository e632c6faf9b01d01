mod common;
mod compat;
mod diff;
mod spec_rows;
mod tidy;
