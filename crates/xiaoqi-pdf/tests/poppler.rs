//! A flowed document read back with poppler (`pdffonts`, `pdftotext`, `pdfinfo`): every font
//! embedded as a subset with a ToUnicode map, the text extracted equal to what was laid out,
//! the pages numbered. Needs poppler-utils (CI installs it; elsewhere a missing poppler skips
//! the test, saying so).

use std::process::Command;

use xiaoqi_pdf::flow::{Paragraph, layout, render};
use xiaoqi_pdf::font::Weight;

fn poppler(tool: &str, args: &[&str]) -> Option<String> {
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

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn fonts_are_embedded_subset_and_the_text_reads_back() {
    let mut paragraphs = vec![Paragraph::new("校企合作协议（订单班）", 18.0, Weight::Bold)];
    for n in 1..=30 {
        paragraphs.push(Paragraph::new(
            format!(
                "第{n}条 甲方（广州某某智能制造有限公司，统一社会信用代码 91440101MA5CXXXX0X）\
                 为乙方“工业机器人应用与维护”专业学生提供岗位实习，期限 6 个月；报酬不低于 80%。"
            ),
            10.5,
            Weight::Regular,
        ));
    }
    let pages = layout(&paragraphs);
    let bytes = render("校企合作协议", &pages);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("flow.pdf");
    std::fs::write(&file, &bytes).expect("write");
    let path = file.to_str().expect("utf-8 path");

    let Some(fonts) = poppler("pdffonts", &[path]) else {
        return;
    };
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(rows.len(), 2, "regular and bold: {fonts}");
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
    assert!(
        bytes.len() < 150_000,
        "{} bytes: the fonts are subset",
        bytes.len()
    );

    let text = poppler("pdftotext", &["-layout", path, "-"]).expect("pdftotext");
    let n = pages.len();
    let info = poppler("pdfinfo", &[path]).expect("pdfinfo");
    let count = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    assert_eq!(count, Some(n), "{info}");
    // Every page's number at its foot; without them, the text runs on across the pages.
    let mut got = squeeze(&text);
    for i in 1..=n {
        let footer = format!("第{i}页共{n}页");
        assert!(got.contains(&footer), "no {footer}");
        got = got.replacen(&footer, "", 1);
    }
    assert_eq!(
        got,
        paragraphs
            .iter()
            .map(|p| squeeze(&p.text))
            .collect::<String>(),
        "the text read back is the text laid out"
    );
}
