// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc: a sync or an import allocates millions of small strings and maps; glibc's
/// allocator spent a fifth of a first sync's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    xiaoqi_desktop::run();
}
