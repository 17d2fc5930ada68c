//! The record tables that sync, and the columns of each that a change may carry: the wire
//! contract's list (`xiaoqi_protocol::tables`). Every SQL identifier built from a change is
//! checked against it first.

pub use xiaoqi_protocol::tables::*;
