mod common;
mod compat;
mod damaged;
mod diff;
mod spec_rows;
mod tidy;
