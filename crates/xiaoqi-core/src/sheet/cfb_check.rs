//! A check of an .xls (a compound file) before calamine reads it: calamine follows a chain of
//! sectors until its end marker or the stream's stated length, so a damaged sector table whose
//! chain loops makes it allocate without bound (a 6 KB file took all memory; found by fuzzing
//! calamine 0.38). A file whose sector table holds a loop is refused; nothing else is judged here.

/// What a compound file starts with.
pub(super) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sector ids from here up are markers (end of chain, free, FAT or DIFAT sector).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// False when `bytes` is a compound file whose sector table (FAT) has a loop. Other damage is
/// left to calamine, which refuses it.
pub(super) fn chains_end(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&MAGIC) || bytes.len() < 512 {
        return true;
    }
    let shift = bytes[30];
    if shift != 9 && shift != 12 {
        return true;
    }
    let size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..bytes.len().min(start + size))
    };
    let sectors = bytes.len().div_ceil(size);
    // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut next = u32_at(bytes, 68).unwrap_or(u32::MAX);
    let mut steps = 0;
    while next < MAX_REGULAR && steps <= sectors {
        steps += 1;
        let Some(s) = sector(next) else { break };
        let mut ids: Vec<u32> = (0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)).collect();
        next = ids.pop().unwrap_or(u32::MAX);
        fat_sectors.extend(ids);
    }
    let fat: Vec<u32> = fat_sectors
        .into_iter()
        .filter(|id| *id < MAX_REGULAR)
        .filter_map(sector)
        .flat_map(|s| (0..s.len() / 4).filter_map(move |i| u32_at(s, 4 * i)))
        .collect();
    acyclic(&fat)
}

/// True when following `next` from any sector always reaches a marker or an id outside the table.
fn acyclic(next: &[u32]) -> bool {
    // 0: not seen, 1: on the chain being followed, 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => return false, // back on the chain being followed: a loop
                _ => {}
            }
            state[at] = 1;
            path.push(at);
            match usize::try_from(next[at]).ok().filter(|n| *n < next.len()) {
                Some(n) => at = n,
                None => break, // a marker: the chain ends
            }
        }
        for p in path.drain(..) {
            state[p] = 2;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::acyclic;

    #[test]
    fn loops_are_found() {
        assert!(acyclic(&[1, 2, 0xFFFF_FFFE]));
        assert!(acyclic(&[1, 0xFFFF_FFFE, 1, 99]));
        assert!(!acyclic(&[1, 2, 0]));
        assert!(!acyclic(&[0xFFFF_FFFE, 1]));
        assert!(!acyclic(&[0xFFFF_FFFE, 2, 3, 1]));
    }
}
