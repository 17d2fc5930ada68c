//! 校企通 documents as PDF (issue 6, in progress): text layout first.

pub mod flow;
pub mod font;
pub mod linebreak;
