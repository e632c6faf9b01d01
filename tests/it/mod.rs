mod common;
mod compat;
mod damaged;
mod diff;
mod exec;
mod records;
mod spec_rows;
mod tidy;
