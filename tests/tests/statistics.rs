//! The statistics dashboard and the compliance check, end to end in the real desktop app (filled in with the dashboard).
