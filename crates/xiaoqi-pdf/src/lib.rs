//! 校企通 documents as PDF: agreements ready to sign and the annual employment-quality report.
//! `linebreak` and `font` measure and break lines, `flow` lays blocks onto pages, `chart` and
//! `qr` draw, `render` writes the PDF with printpdf; `agreement` and `report` are the documents.

pub mod agreement;
pub mod chart;
pub mod flow;
pub mod font;
pub mod linebreak;
pub mod page;
pub mod qr;
pub mod render;
pub mod report;

pub use flow::Missing;

/// A finished document.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, drawn as marked boxes: to tell the person, who may fix the
    /// record (a rare character in a name) or print as it is.
    pub missing: Vec<Missing>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The shipped font could not be parsed by the PDF writer (a broken build).
    #[error("文档字体无法加载")]
    Font,
}

/// Writes a laid-out document.
pub(crate) fn finish(title: &str, layout: flow::Layout) -> Result<Pdf, PdfError> {
    let bytes = render::render(title, &layout.pages).ok_or(PdfError::Font)?;
    Ok(Pdf {
        bytes,
        pages: layout.pages.len(),
        missing: layout.missing,
    })
}
