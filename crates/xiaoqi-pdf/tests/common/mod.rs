//! Reading PDFs back: poppler's tools (pdffonts, pdftotext, pdfinfo, pdftoppm) and lopdf. In CI a
//! missing poppler fails the test; elsewhere it is skipped, saying so.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use xiaoqi_core::Store;

/// The demo college in a fresh in-memory database.
pub fn demo() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    xiaoqi_core::demo::seed(&mut store, false).expect("demo");
    store
}

/// Runs a poppler tool; `None` when it is not installed outside CI.
pub fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is needed in CI (poppler-utils): {e}"
            );
            eprintln!("skipped: {tool} not found (apt install poppler-utils)");
            None
        }
    }
}

/// Text without any whitespace, so lines wrapped anywhere compare equal.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Writes `bytes` to a file in `dir` and returns its path as a string.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let file = dir.join(name);
    std::fs::write(&file, bytes).expect("write pdf");
    file.to_str().expect("utf-8 path").to_string()
}

/// pdffonts' rows: every font embedded, subset (six-letter tag) and with a ToUnicode map.
pub fn assert_fonts_embedded_subset(path: &str) {
    let Some(fonts) = poppler("pdffonts", &[path]) else {
        return;
    };
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "a subset tag: {row}"
        );
        assert!(name.contains("NotoSansSC"), "{row}");
        // emb sub uni
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            &["yes", "yes", "yes"],
            "{row}"
        );
    }
}

/// The same from the file's own objects (lopdf): every font descriptor has an embedded font
/// program (FontFile2 or FontFile3) and a subset-tagged name.
pub fn assert_descriptors_embedded_subset(bytes: &[u8]) {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let mut seen = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        let is_descriptor = dict
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| n == b"FontDescriptor");
        if !is_descriptor {
            continue;
        }
        seen += 1;
        assert!(
            dict.has(b"FontFile2") || dict.has(b"FontFile3"),
            "a font program embedded: {dict:?}"
        );
        let name = dict
            .get(b"FontName")
            .and_then(|n| n.as_name())
            .expect("FontName");
        assert!(
            name.len() > 7 && name[6] == b'+' && name[..6].iter().all(u8::is_ascii_uppercase),
            "subset tag in {}",
            String::from_utf8_lossy(name)
        );
    }
    assert!(seen > 0, "no font descriptor");
}

/// The text lopdf extracts from all pages (through the fonts' ToUnicode maps).
pub fn lopdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

/// pdfinfo's page count.
pub fn page_count(path: &str) -> Option<usize> {
    let info = poppler("pdfinfo", &[path])?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Page `n` of `path` rendered by pdftoppm at `dpi` into `stem` + the format's extension
/// (`-png`, or PPM without a format flag).
fn pdftoppm(path: &str, n: usize, dpi: u32, format: Option<&str>, stem: &Path) -> Option<()> {
    let (n, dpi) = (n.to_string(), dpi.to_string());
    let mut args: Vec<&str> = format.into_iter().collect();
    args.extend(["-r", &dpi, "-f", &n, "-l", &n, "-singlefile", path]);
    args.push(stem.to_str().expect("utf-8"));
    poppler("pdftoppm", &args).map(|_| ())
}

/// Page `n` rendered by pdftoppm at `dpi` as a PNG in `dir`; also kept as a test artifact in
/// `tests/artifacts/` (as the end-to-end tests keep theirs), and in `docs/` when
/// `XIAOQI_UPDATE_DOCS=1`.
pub fn png(path: &str, n: usize, dpi: u32, dir: &Path, name: &str) -> Option<PathBuf> {
    let stem = dir.join(name.trim_end_matches(".png"));
    pdftoppm(path, n, dpi, Some("-png"), &stem)?;
    let file = stem.with_extension("png");
    assert!(file.exists(), "{file:?}");
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/artifacts");
    std::fs::create_dir_all(&artifacts).expect("tests/artifacts");
    std::fs::copy(&file, artifacts.join(name)).expect("keep the artifact");
    if std::env::var_os("XIAOQI_UPDATE_DOCS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs")
            .join(name);
        std::fs::copy(&file, docs).expect("docs/");
    }
    Some(file)
}

/// Page `n` as an RGB raster (pdftoppm's PPM): width, height, pixels.
pub fn raster(path: &str, n: usize, dpi: u32, dir: &Path) -> Option<(usize, usize, Vec<u8>)> {
    let stem = dir.join(format!("raster-{n}"));
    pdftoppm(path, n, dpi, None, &stem)?;
    let data = std::fs::read(stem.with_extension("ppm")).expect("ppm");
    Some(parse_ppm(&data))
}

/// A binary PPM (P6, maxval 255).
fn parse_ppm(data: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        if data[i] == b'#' {
            while data[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let w: usize = fields[1].parse().expect("width");
    let h: usize = fields[2].parse().expect("height");
    (w, h, data[i + 1..].to_vec())
}
