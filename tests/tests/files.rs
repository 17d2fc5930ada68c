//! Importing and exporting files, end to end in the real desktop app (filled in with the import UI).
