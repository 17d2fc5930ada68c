//! Blocks flowed onto A4 pages: paragraphs wrapped by the real font's widths (`linebreak`),
//! tables whose rows are never split across pages (the header repeated on each page), groups
//! kept together, drawings (charts, signature blocks) and a table of contents with the pages
//! its headings landed on. The documents (agreements, the annual report) are built of these.

use crate::font::{Font, Weight};
use crate::linebreak::wrap;
use crate::page::{Item, MUTED, Page, RULE, Rgb, SHADE, Stroke, TEXT, body, mm};

/// Body text size in points (五号).
pub const BODY: f32 = 10.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// Font size in points.
    pub size: f32,
    pub weight: Weight,
    pub align: Align,
    pub color: Rgb,
    /// Indent the first line by two characters, as Chinese body text is.
    pub indent: bool,
    /// Space above and below, in points.
    pub before: f32,
    pub after: f32,
    /// A heading of this level (1, 2) in the table of contents.
    pub outline: Option<u8>,
    /// Never the last thing on a page: keeps a few lines of what follows with it.
    pub keep_with_next: bool,
}

impl Paragraph {
    pub fn new(text: impl Into<String>, size: f32, weight: Weight) -> Self {
        Paragraph {
            text: text.into(),
            size,
            weight,
            align: Align::Left,
            color: TEXT,
            indent: false,
            before: 0.0,
            after: size * 0.4,
            outline: None,
            keep_with_next: false,
        }
    }

    /// Body text with its first line indented.
    pub fn body(text: impl Into<String>) -> Self {
        Paragraph {
            indent: true,
            ..Paragraph::new(text, BODY, Weight::Regular)
        }
    }

    /// A heading listed in the contents: level 1 (16 pt) or 2 (12 pt).
    pub fn heading(text: impl Into<String>, level: u8) -> Self {
        let size = if level <= 1 { 16.0 } else { 12.0 };
        Paragraph {
            before: size * 0.8,
            after: size * 0.5,
            outline: Some(level),
            keep_with_next: true,
            ..Paragraph::new(text, size, Weight::Bold)
        }
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    pub fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }

    pub fn space(mut self, before: f32, after: f32) -> Self {
        self.before = before;
        self.after = after;
        self
    }

    pub fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }
}

/// A column of a table: its heading, its share of the width, how its cells align.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32, align: Align) -> Self {
        Column {
            title: title.into(),
            weight,
            align,
        }
    }
}

/// A ruled table; a row that does not fit on the page moves whole to the next, under the
/// header again.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub size: f32,
}

/// Something drawn in a box of its own: `items` are relative to the box's lower-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
    /// On one page together (moved to the next page whole when they do not fit).
    Keep(Vec<Block>),
    Drawing(Drawing),
    Space(f32),
    PageBreak,
    /// The table of contents: every heading with an outline level, and its page.
    Contents,
}

/// A heading and the page it is on (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub level: u8,
    pub title: String,
    pub page: usize,
}

/// A character the font lacks, drawn as a marked box, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub ch: char,
    /// The start of the text it is in.
    pub context: String,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub contents: Vec<Entry>,
    pub missing: Vec<Missing>,
}

/// The width available to body text, in points.
pub fn text_width() -> f32 {
    let (left, right, _, _) = body();
    right - left
}

/// `text` wrapped to `width` at `size`, the lines without their trailing spaces.
pub fn wrap_lines(text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
    let font = Font::get(weight);
    wrap(text, width, &|s| font.width(s, size))
        .into_iter()
        .map(|r| text[r].trim_end().to_string())
        .collect()
}

/// Lays the blocks out onto pages. The contents' page numbers come from a first pass; their
/// lines take the same room whatever the numbers, so the second pass paginates alike.
pub fn layout(blocks: &[Block]) -> Layout {
    let mut contents = Vec::new();
    headings(blocks, &mut contents);
    let mut passes = 0;
    loop {
        let mut flow = Flow::new(&contents, false);
        flow.blocks(blocks);
        passes += 1;
        if flow.outline == contents || passes == 3 {
            return Layout {
                pages: flow.pages,
                missing: flow.missing,
                contents: flow.outline,
            };
        }
        let next = std::mem::take(&mut flow.outline);
        drop(flow);
        contents = next;
    }
}

fn headings(blocks: &[Block], out: &mut Vec<Entry>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                if let Some(level) = p.outline {
                    out.push(Entry {
                        level,
                        title: p.text.clone(),
                        page: 0,
                    });
                }
            }
            Block::Keep(inner) => headings(inner, out),
            _ => {}
        }
    }
}

/// The cursor going down the pages.
struct Flow<'a> {
    left: f32,
    right: f32,
    bottom: f32,
    top: f32,
    pages: Vec<Page>,
    y: f32,
    /// The headings placed so far, with their pages.
    outline: Vec<Entry>,
    /// The contents to print (from the previous pass).
    contents: &'a [Entry],
    missing: Vec<Missing>,
}

impl<'a> Flow<'a> {
    fn new(contents: &'a [Entry], unbounded: bool) -> Self {
        let (left, right, bottom, top) = body();
        Flow {
            left,
            right,
            bottom: if unbounded { f32::MIN / 4.0 } else { bottom },
            top,
            pages: vec![Page::default()],
            y: top,
            outline: Vec::new(),
            contents,
            missing: Vec::new(),
        }
    }

    fn at_top(&self) -> bool {
        self.y >= self.top
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top;
    }

    /// Moves to a new page unless `height` fits below the cursor (or the page is still empty).
    fn need(&mut self, height: f32) {
        if self.y - height < self.bottom && !self.at_top() {
            self.new_page();
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            if let Block::Paragraph(p) = b
                && p.keep_with_next
            {
                let next = blocks.get(i + 1).map_or(0.0, |n| self.height(n).min(60.0));
                let own = self.height(b);
                self.need(own + next);
            }
            self.block(b);
        }
    }

    /// The height `block` takes when flowed on one endless page.
    fn height(&self, block: &Block) -> f32 {
        let mut scratch = Flow::new(self.contents, true);
        scratch.block(block);
        scratch.top - scratch.y
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(p) => self.paragraph(p),
            Block::Table(t) => self.table(t),
            Block::Keep(inner) => {
                let h: f32 = inner.iter().map(|b| self.height(b)).sum();
                self.need(h);
                self.blocks(inner);
            }
            Block::Drawing(d) => {
                self.need(d.height);
                let x = self.left + ((self.right - self.left) - d.width).max(0.0) / 2.0;
                let y = self.y - d.height;
                for item in &d.items {
                    self.push(item.clone().moved(x, y));
                }
                self.y = y;
            }
            Block::Space(h) => {
                if !self.at_top() {
                    self.y -= h;
                }
            }
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
            Block::Contents => self.contents(),
        }
    }

    fn note_missing(&mut self, text: &str, weight: Weight) {
        for ch in Font::get(weight).missing(text) {
            if !self.missing.iter().any(|m| m.ch == ch) {
                self.missing.push(Missing {
                    ch,
                    context: text.chars().take(30).collect(),
                });
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        if !self.at_top() {
            self.y -= p.before;
        }
        self.note_missing(&p.text, p.weight);
        let text = if p.indent {
            format!("\u{3000}\u{3000}{}", p.text)
        } else {
            p.text.clone()
        };
        let font = Font::get(p.weight);
        let width = self.right - self.left;
        let leading = p.size * 1.6;
        for (i, line) in wrap_lines(&text, width, p.size, p.weight)
            .into_iter()
            .enumerate()
        {
            self.need(leading);
            if i == 0
                && let Some(level) = p.outline
            {
                let page = self.pages.len();
                self.outline.push(Entry {
                    level,
                    title: p.text.clone(),
                    page,
                });
            }
            let w = font.width(&line, p.size);
            let x = match p.align {
                Align::Left => self.left,
                Align::Center => self.left + (width - w) / 2.0,
                Align::Right => self.right - w,
            };
            let y = baseline(self.y, leading, p.size);
            self.y -= leading;
            if !line.is_empty() {
                self.push(Item::Text {
                    x,
                    y,
                    text: line,
                    size: p.size,
                    weight: p.weight,
                    color: p.color,
                });
            }
        }
        self.y -= p.after;
    }

    fn table(&mut self, t: &Table) {
        let total: f32 = t.columns.iter().map(|c| c.weight).sum();
        let width = self.right - self.left;
        let widths: Vec<f32> = t.columns.iter().map(|c| c.weight / total * width).collect();
        let header: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
        let header_cells = self.cells(t, &widths, &header, Weight::Bold);
        let mut header_due = true;
        for row in &t.rows {
            let cells = self.cells(t, &widths, row, Weight::Regular);
            if header_due {
                // The header never stands alone at the foot of a page.
                self.need(header_cells.0 + cells.0);
                self.row(t, &widths, &header_cells, Weight::Bold);
                header_due = false;
            }
            if self.y - cells.0 < self.bottom {
                self.new_page();
                self.row(t, &widths, &header_cells, Weight::Bold);
            }
            self.row(t, &widths, &cells, Weight::Regular);
        }
        if header_due {
            self.need(header_cells.0);
            self.row(t, &widths, &header_cells, Weight::Bold);
        }
        self.y -= BODY * 0.8;
    }

    /// A row's cells wrapped to their columns, and the row's height.
    fn cells(
        &mut self,
        t: &Table,
        widths: &[f32],
        row: &[String],
        weight: Weight,
    ) -> (f32, Vec<Vec<String>>) {
        let lines: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = row.get(i).map_or("", String::as_str);
                self.note_missing(text, weight);
                wrap_lines(text, w - 2.0 * CELL_PAD_X, t.size, weight)
            })
            .collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (
            most as f32 * t.size * TABLE_LEADING + 2.0 * CELL_PAD_Y,
            lines,
        )
    }

    fn row(&mut self, t: &Table, widths: &[f32], cells: &(f32, Vec<Vec<String>>), weight: Weight) {
        let (height, lines) = cells;
        let top = self.y;
        let mut x = self.left;
        let font = Font::get(weight);
        let leading = t.size * TABLE_LEADING;
        for (i, w) in widths.iter().enumerate() {
            self.push(Item::Rect {
                x,
                y: top - height,
                w: *w,
                h: *height,
                fill: (weight == Weight::Bold).then_some(SHADE),
                stroke: Some(Stroke::solid(RULE, 0.5)),
            });
            let align = t.columns.get(i).map_or(Align::Left, |c| c.align);
            for (n, line) in lines.get(i).into_iter().flatten().enumerate() {
                let lw = font.width(line, t.size);
                let lx = match align {
                    Align::Left => x + CELL_PAD_X,
                    Align::Center => x + (w - lw) / 2.0,
                    Align::Right => x + w - CELL_PAD_X - lw,
                };
                let ly = baseline(top - CELL_PAD_Y - n as f32 * leading, leading, t.size);
                if !line.is_empty() {
                    self.push(Item::text(lx, ly, line.clone(), t.size, weight));
                }
            }
            x += w;
        }
        self.y = top - height;
    }

    fn contents(&mut self) {
        let entries = self.contents.to_vec();
        for e in entries {
            let size = if e.level <= 1 { 11.0 } else { BODY };
            let leading = size * 1.9;
            self.need(leading);
            let indent = if e.level <= 1 { 0.0 } else { size * 2.0 };
            let y = baseline(self.y, leading, size);
            let weight = if e.level <= 1 {
                Weight::Bold
            } else {
                Weight::Regular
            };
            let number = e.page.to_string();
            let font = Font::get(weight);
            let nw = font.width(&number, size);
            let title_w = font.width(&e.title, size);
            let x = self.left + indent;
            self.push(Item::text(x, y, e.title.clone(), size, weight));
            self.push(Item::text(self.right - nw, y, number, size, weight));
            // Dotted leaders, drawn, so the extracted text stays the headings and numbers.
            let (from, to) = (x + title_w + size * 0.5, self.right - nw - size * 0.5);
            if to > from {
                self.push(Item::line(
                    (from, y + size * 0.1),
                    (to, y + size * 0.1),
                    Stroke::dashed(MUTED, 0.6),
                ));
            }
            self.y -= leading;
        }
        self.y -= BODY;
    }
}

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const TABLE_LEADING: f32 = 1.45;

/// The baseline of a line of `size` centred in a line box of `leading` whose top is `top`.
fn baseline(top: f32, leading: f32, size: f32) -> f32 {
    top - (leading - size) / 2.0 - 0.88 * size
}

/// Adds "第 x 页 共 y 页" at the foot of every page, centred in the bottom margin.
pub fn number_pages(pages: &mut [Page]) {
    let total = pages.len();
    let size = 9.0;
    let font = Font::get(Weight::Regular);
    let centre = mm(crate::page::PAGE_WIDTH_MM) / 2.0;
    for (i, page) in pages.iter_mut().enumerate() {
        let text = format!("第 {} 页 共 {total} 页", i + 1);
        let x = centre - font.width(&text, size) / 2.0;
        page.items.push(Item::Text {
            x,
            y: mm(12.0),
            text,
            size,
            weight: Weight::Regular,
            color: MUTED,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PRINTABLE_INSET_MM};

    fn clause(n: usize) -> Block {
        Block::Paragraph(Paragraph::body(format!(
            "第{n}条 甲方应按照《中华人民共和国职业教育法》的规定，为乙方“工业机器人应用与维护”\
             专业订单班学生提供不少于 6 个月的岗位实习（含 Huawei ICT Academy 认证培训），\
             并按月支付实习报酬，不低于当地最低工资标准的 80%。"
        )))
    }

    fn inside_body(pages: &[Page]) {
        let (left, right, bottom, top) = body();
        for item in pages.iter().flat_map(|p| &p.items) {
            let (l, b, r, t) = item.bounds();
            assert!(l >= left - 1e-3 && r <= right + 1e-3, "{item:?}");
            assert!(b >= bottom - 4.0 && t <= top + 1e-3, "{item:?}");
        }
    }

    #[test]
    fn every_line_stays_inside_the_margins() {
        let mut blocks = vec![Block::Paragraph(Paragraph::heading("校企合作协议", 1))];
        blocks.extend((1..=40).map(clause));
        let out = layout(&blocks);
        assert!(out.pages.len() > 1);
        inside_body(&out.pages);
        assert!(out.missing.is_empty());
    }

    #[test]
    fn the_page_count_grows_with_the_text() {
        let count = |n: usize| layout(&(1..=n).map(clause).collect::<Vec<_>>()).pages.len();
        assert_eq!(count(1), 1);
        assert!(count(30) < count(60), "{} {}", count(30), count(60));
        assert!(count(60) < count(120));
    }

    fn table(rows: usize) -> Table {
        Table {
            columns: vec![
                Column::new("专业", 3.0, Align::Left),
                Column::new("毕业生", 1.0, Align::Right),
                Column::new("就业率", 1.0, Align::Right),
            ],
            rows: (0..rows)
                .map(|i| {
                    let name = if i % 7 == 0 {
                        "工业机器人应用与维护（中德合作 Siemens 订单班，含预备技师层次）"
                            .to_string()
                    } else {
                        format!("专业 {i}")
                    };
                    vec![name, (100 + i).to_string(), "92.4%".into()]
                })
                .collect(),
            size: 9.0,
        }
    }

    /// The row boxes on a page: (top, bottom) of each cell rectangle of the first column.
    fn row_boxes(page: &Page) -> Vec<(f32, f32)> {
        let (left, ..) = body();
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { x, y, h, .. } if (*x - left).abs() < 1e-3 => Some((y + h, *y)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn table_rows_are_never_split_and_each_page_repeats_the_header() {
        let out = layout(&[clause(1), Block::Table(table(120))]);
        assert!(out.pages.len() >= 3, "{}", out.pages.len());
        inside_body(&out.pages);
        let mut seen = 0;
        for page in &out.pages {
            let text = page.text();
            // Every page with rows starts them under the header.
            if text.contains("专业 ") {
                assert!(text.contains("毕业生\n就业率"), "{text}");
            }
            // Row boxes follow each other down the page without overlapping.
            let boxes = row_boxes(page);
            for w in boxes.windows(2) {
                assert!(w[1].0 <= w[0].1 + 1e-3, "{:?} overlaps {:?}", w[1], w[0]);
            }
            seen += text.matches("92.4%").count();
        }
        assert_eq!(seen, 120, "every row once");
    }

    #[test]
    fn a_row_with_long_cells_stays_whole() {
        let out = layout(&[Block::Table(table(120))]);
        for page in &out.pages {
            let boxes = row_boxes(page);
            for item in &page.items {
                let Item::Text { text, .. } = item else {
                    continue;
                };
                let (_, b, _, t) = item.bounds();
                let centre = (b + t) / 2.0;
                assert!(
                    boxes
                        .iter()
                        .any(|(top, bot)| centre < *top && centre > *bot),
                    "{text:?} is outside every row"
                );
            }
        }
    }

    #[test]
    fn the_contents_name_the_pages_their_headings_are_on() {
        let mut blocks = vec![Block::Contents, Block::PageBreak];
        for part in ["一、总体情况", "二、分专业情况", "三、去向分布"] {
            blocks.push(Block::Paragraph(Paragraph::heading(part, 1)));
            blocks.extend((1..=25).map(clause));
        }
        let out = layout(&blocks);
        assert_eq!(out.contents.len(), 3);
        for e in &out.contents {
            assert!(
                out.pages[e.page - 1].text().starts_with(&e.title) || {
                    out.pages[e.page - 1]
                        .text()
                        .contains(&format!("{}\n", e.title))
                }
            );
        }
        let first = out.pages[0].text();
        for e in &out.contents {
            assert!(
                first.contains(&format!("{}\n{}\n", e.title, e.page)),
                "{first}"
            );
        }
        assert!(out.contents[0].page < out.contents[1].page);
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        // Fill a page nearly to the foot, then a heading: it moves with its text.
        let mut blocks: Vec<Block> = (1..=7).map(clause).collect();
        blocks.push(Block::Space(250.0));
        blocks.push(Block::Paragraph(Paragraph::heading("二、分专业情况", 1)));
        blocks.push(clause(8));
        let out = layout(&blocks);
        for page in &out.pages {
            let last = page.items.last().expect("a page has items");
            if let Item::Text { text, .. } = last {
                assert_ne!(text, "二、分专业情况");
            }
        }
    }

    #[test]
    fn kept_blocks_share_a_page() {
        let mut blocks: Vec<Block> = (1..=9).map(clause).collect();
        let sign = Block::Keep(vec![
            Block::Paragraph(Paragraph::new("甲方（盖章）", BODY, Weight::Bold)),
            Block::Drawing(Drawing {
                width: 200.0,
                height: 150.0,
                items: vec![Item::text(0.0, 10.0, "签字", BODY, Weight::Regular)],
            }),
        ]);
        blocks.push(sign);
        let out = layout(&blocks);
        let page = out
            .pages
            .iter()
            .find(|p| p.text().contains("甲方（盖章）"))
            .expect("placed");
        assert!(page.text().contains("签字"));
    }

    #[test]
    fn page_numbers_sit_in_the_printable_foot() {
        let mut out = layout(&(1..=30).map(clause).collect::<Vec<_>>());
        number_pages(&mut out.pages);
        let n = out.pages.len();
        let inset = mm(PRINTABLE_INSET_MM);
        for (i, page) in out.pages.iter().enumerate() {
            assert!(page.text().contains(&format!("第 {} 页 共 {n} 页", i + 1)));
            for item in &page.items {
                let (l, b, r, t) = item.bounds();
                assert!(l >= inset && b >= inset, "{item:?}");
                assert!(r <= mm(PAGE_WIDTH_MM) - inset && t <= mm(PAGE_HEIGHT_MM) - inset);
            }
        }
    }
}
