mod common;
mod compat;
mod damaged;
mod diff;
mod records;
mod spec_rows;
mod tidy;
