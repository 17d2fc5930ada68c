//! WebDriver helpers for the app's Element Plus UI. Every helper waits for its condition (polling, with a
//! timeout and a message saying what it waited for); none sleeps for a fixed time.
//!
//! A selector is CSS, or XPath when it starts with `/` or `(`.
//!
//! Shared by every end-to-end test binary; each uses a part of it.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;
use xiaoqi_tests::artifacts_dir;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long any one condition may take (the first window of a cold WebKit can be slow in CI).
const TIMEOUT: Duration = Duration::from_secs(30);
const INTERVAL: Duration = Duration::from_millis(100);

/// CSS for `[data-testid="id"]`.
pub fn tid(id: &str) -> String {
    format!("[data-testid='{id}']")
}

/// XPath for the element `testid` inside the table row whose `name_testid` cell reads `name` exactly.
pub fn in_row(name_testid: &str, name: &str, testid: &str) -> String {
    format!(
        "{}//*[@data-testid='{testid}']",
        row_with(name_testid, name)
    )
}

/// XPath for a cell reading `text` exactly in the table row whose `name_testid` cell reads `name`. (A cell's
/// plain text is matched in the page: WebKitWebDriver's element text leaves out some of el-table's cells.)
pub fn cell_in_row(name_testid: &str, name: &str, text: &str) -> String {
    format!(
        "{}/td[normalize-space(.)='{text}']",
        row_with(name_testid, name)
    )
}

/// XPath for the table row whose `name_testid` cell reads `name` exactly.
pub fn row_with(name_testid: &str, name: &str) -> String {
    item_with("tr", name_testid, name)
}

/// XPath for the element (`tr`, or `*[@data-testid='fair-row']` for a card) holding an element
/// `name_testid` that reads `name` exactly.
pub fn item_with(item: &str, name_testid: &str, name: &str) -> String {
    format!("//{item}[.//*[@data-testid='{name_testid}' and normalize-space(.)='{name}']]")
}

fn by(selector: &str) -> By {
    if selector.starts_with('/') || selector.starts_with('(') {
        By::XPath(selector.to_string())
    } else {
        By::Css(selector.to_string())
    }
}

/// Polls `$body` (a block of type `WebDriverResult<Option<T>>`, evaluated in an async block)
/// until it yields `Some(T)`; errors (a stale or hidden element, a click intercepted by an animation)
/// count as "not yet" and the last one is reported on timeout.
macro_rules! wait_for {
    ($what:expr, $body:block) => {{
        let what = $what;
        let start = Instant::now();
        let mut last: Option<String> = None;
        loop {
            let attempt: WebDriverResult<Option<_>> = async $body.await;
            match attempt {
                Ok(Some(value)) => break Ok::<_, Box<dyn std::error::Error + Send + Sync>>(value),
                Ok(None) => {}
                Err(e) => last = Some(e.to_string()),
            }
            if start.elapsed() > TIMEOUT {
                let last = last.map(|e| format!(" (last error: {e})")).unwrap_or_default();
                break Err(format!("timed out after {TIMEOUT:?} waiting for {what}{last}").into());
            }
            tokio::time::sleep(INTERVAL).await;
        }
    }};
}

pub struct Ui {
    pub wd: WebDriver,
    pub name: String,
    /// When the app was asked to start (just before the WebDriver session that launches it).
    pub launched: std::time::Instant,
}

impl Ui {
    pub fn new(wd: WebDriver, name: &str, launched: std::time::Instant) -> Ui {
        Ui {
            wd,
            name: name.to_string(),
            launched,
        }
    }

    /// The displayed elements matching `selector`, in document order (teleported popups included).
    async fn displayed(&self, selector: &str) -> WebDriverResult<Vec<WebElement>> {
        let mut out = Vec::new();
        for element in self.wd.find_all(by(selector)).await? {
            if element.is_displayed().await? {
                out.push(element);
            }
        }
        Ok(out)
    }

    /// The first displayed element matching `selector`.
    pub async fn visible(&self, selector: &str) -> Res<WebElement> {
        wait_for!(format!("{selector} to be visible"), {
            Ok(self.displayed(selector).await?.into_iter().next())
        })
    }

    /// Waits until no element matching `selector` is displayed.
    pub async fn wait_gone(&self, selector: &str) -> Res<()> {
        wait_for!(format!("{selector} to disappear"), {
            Ok(self.displayed(selector).await?.is_empty().then_some(()))
        })
    }

    /// Clicks the first displayed, enabled element matching `selector`, retrying while something covers it.
    pub async fn click(&self, selector: &str) -> Res<()> {
        wait_for!(format!("{selector} to be clickable"), {
            match self.displayed(selector).await?.into_iter().next() {
                Some(element) if element.is_enabled().await? => {
                    element.click().await?;
                    Ok(Some(()))
                }
                _ => Ok(None),
            }
        })
    }

    /// The `<input>`/`<textarea>` an Element Plus test id points at (the element itself, or inside it).
    pub async fn text_field(&self, selector: &str) -> Res<WebElement> {
        let element = self.visible(selector).await?;
        let tag = element.tag_name().await?.to_lowercase();
        if tag == "input" || tag == "textarea" {
            Ok(element)
        } else {
            Ok(element.find(By::Css("input, textarea")).await?)
        }
    }

    /// Replaces the text of a field by typing, as a person would, and waits until the field holds it.
    pub async fn fill(&self, selector: &str, text: &str) -> Res<()> {
        let field = self.text_field(selector).await?;
        let typed = wait_for!(format!("{selector} to accept typing"), {
            field.click().await?;
            Ok(Some(()))
        });
        typed?;
        field.send_keys(Key::Control + "a").await?;
        field.send_keys(Key::Backspace).await?;
        if !text.is_empty() {
            field.send_keys(text).await?;
        }
        self.wait_value(selector, text).await
    }

    /// Types into an el-input-number and leaves it (Tab), which is when it commits the number.
    pub async fn fill_number(&self, selector: &str, number: &str) -> Res<()> {
        self.fill(selector, number).await?;
        self.text_field(selector).await?.send_keys(Key::Tab).await?;
        self.wait_value(selector, number).await
    }

    /// Signs in on the sign-in page with Enter, as people do, and waits for the app's menu.
    pub async fn sign_in(&self, username: &str, password: &str) -> Res<()> {
        self.fill(&tid("signin-username"), username).await?;
        self.fill(&tid("signin-password"), password).await?;
        self.text_field(&tid("signin-password"))
            .await?
            .send_keys(Key::Enter)
            .await?;
        self.wait_gone(&tid("signin-form")).await?;
        self.visible(&tid("nav-graduates")).await?;
        Ok(())
    }

    /// Waits until the field behind `selector` holds `expected`.
    pub async fn wait_value(&self, selector: &str, expected: &str) -> Res<()> {
        let field = self.text_field(selector).await?;
        let mut seen = String::new();
        let result = wait_for!(format!("{selector} to hold {expected:?}"), {
            seen = field.prop("value").await?.unwrap_or_default();
            Ok((seen == expected).then_some(()))
        });
        result.map_err(|e| format!("{e}; it holds {seen:?}").into())
    }

    /// Opens an el-select and picks the option whose text is `option` (options live in a teleported popup).
    /// In a multiple select the option is added to the choice (and its list stays open).
    pub async fn choose(&self, selector: &str, option: &str) -> Res<()> {
        // One attempt = open the list if needed, click the option, look at the select. A click that
        // lands while the list is still animating is lost; the next attempt simply tries again.
        wait_for!(format!("{selector} to show {option:?}"), {
            let Some(select) = self.displayed(selector).await?.into_iter().next() else {
                return Ok(None);
            };
            if select.text().await?.contains(option) {
                return Ok(Some(()));
            }
            let mut item = None;
            for candidate in self.displayed(".el-select-dropdown__item").await? {
                if candidate.text().await?.trim() == option {
                    item = Some(candidate);
                    break;
                }
            }
            match item {
                // In a multiple select a click toggles: an option already chosen is left alone.
                Some(item)
                    if item
                        .class_name()
                        .await?
                        .is_some_and(|c| c.contains("is-selected")) =>
                {
                    return Ok(Some(()));
                }
                Some(item) => {
                    let _ = item.click().await;
                }
                None => {
                    let _ = select.click().await;
                }
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            Ok(select.text().await?.contains(option).then_some(()))
        })?;
        // A list left open (a click that reopened it under load) would cover what is below it:
        // Escape closes it, as a person would.
        if !self.displayed(".el-select-dropdown").await?.is_empty() {
            self.wd
                .active_element()
                .await?
                .send_keys(Key::Escape)
                .await?;
        }
        Ok(())
    }

    /// Picks an option of a searching el-select (filterable, usually `remote`) as a person would: types
    /// `query` into it, waits for an option whose text contains `option`, clicks it, and waits until the
    /// select shows `shown`. `selector` is the select itself or an element holding it (its form item).
    pub async fn search_choose(
        &self,
        selector: &str,
        query: &str,
        option: &str,
        shown: &str,
    ) -> Res<()> {
        let mut seen = String::new();
        let result = wait_for!(
            format!("{selector} to show {shown:?} after searching {query:?}"),
            {
                let Some(outer) = self.displayed(selector).await?.into_iter().next() else {
                    return Ok(None);
                };
                let class = outer.class_name().await?.unwrap_or_default();
                let select = if class.split_whitespace().any(|c| c == "el-select") {
                    outer
                } else {
                    outer.find(By::Css(".el-select")).await?
                };
                seen = select.text().await?;
                if seen.contains(shown) {
                    return Ok(Some(()));
                }
                let mut item = None;
                for candidate in self.displayed(".el-select-dropdown__item").await? {
                    if candidate.text().await?.contains(option) {
                        item = Some(candidate);
                        break;
                    }
                }
                match item {
                    // A click that lands while the list is still animating is lost: the next round retries.
                    Some(item) => {
                        let _ = item.click().await;
                    }
                    // Type the query once; the options come after the select's debounce and the search.
                    None => {
                        let input = select.find(By::Css("input")).await?;
                        if input.prop("value").await?.unwrap_or_default() != query {
                            select.click().await?;
                            input.send_keys(Key::Control + "a").await?;
                            input.send_keys(Key::Backspace).await?;
                            input.send_keys(query).await?;
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
                seen = select.text().await?;
                Ok(seen.contains(shown).then_some(()))
            }
        );
        result.map_err(|e| format!("{e}; it shows {seen:?}").into())
    }

    /// Types a date (YYYY-MM-DD) into an el-date-picker (`selector`: the picker or its form item) and
    /// commits it with Enter, which closes the picker's panel only when the date is valid.
    pub async fn fill_date(&self, selector: &str, date: &str) -> Res<()> {
        self.fill(selector, date).await?;
        self.text_field(selector)
            .await?
            .send_keys(Key::Enter)
            .await?;
        self.wait_gone(".el-picker__popper").await?;
        self.wait_value(selector, date).await
    }

    /// Answers an ElMessageBox prompt (typing `text`) and confirms it; waits until the box has closed.
    pub async fn answer_prompt(&self, text: &str) -> Res<()> {
        self.wait_animations().await?;
        self.fill(".el-message-box__input input", text).await?;
        self.click(".el-message-box__btns .el-button--primary")
            .await?;
        self.wait_gone(".el-message-box").await
    }

    /// The texts of the displayed elements matching `selector`.
    async fn texts(&self, selector: &str) -> WebDriverResult<Vec<String>> {
        let mut out = Vec::new();
        for element in self.displayed(selector).await? {
            out.push(element.text().await?.trim().to_string());
        }
        Ok(out)
    }

    /// Waits until the displayed texts of `selector` satisfy `ok`.
    pub async fn wait_texts(
        &self,
        selector: &str,
        what: &str,
        ok: impl Fn(&[String]) -> bool,
    ) -> Res<()> {
        let mut seen = Vec::new();
        let result = wait_for!(format!("{what} ({selector})"), {
            seen = self.texts(selector).await?;
            Ok(ok(&seen).then_some(()))
        });
        result.map_err(|e| format!("{e}; found {seen:?}").into())
    }

    /// Waits until the first displayed element matching `selector` has exactly the text `expected`.
    pub async fn wait_text(&self, selector: &str, expected: &str) -> Res<()> {
        self.wait_texts(selector, &format!("the text {expected:?}"), |texts| {
            texts.first().is_some_and(|t| t == expected)
        })
        .await
    }

    /// Waits until an element matching `selector` shows a text containing `part`; returns that text.
    pub async fn wait_text_containing(&self, selector: &str, part: &str) -> Res<String> {
        let mut seen = Vec::new();
        let result = wait_for!(format!("a text containing {part:?} in {selector}"), {
            seen = self.texts(selector).await?;
            Ok(seen.iter().find(|t| t.contains(part)).cloned())
        });
        result.map_err(|e| format!("{e}; found {seen:?}").into())
    }

    /// Evaluates a JavaScript expression that yields a boolean.
    async fn check(&self, expression: &str) -> WebDriverResult<bool> {
        let ret = self
            .wd
            .execute(format!("return !!({expression})"), Vec::new())
            .await?;
        ret.convert::<bool>()
    }

    /// Waits until no Vue transition (a dialog opening or closing, a popup fading) is running.
    /// A dialog focuses its first field when its opening ends: typing before then would be cut in two.
    pub async fn wait_animations(&self) -> Res<()> {
        const RUNNING: &str = "document.querySelector('[class*=\"-enter-active\"], [class*=\"-leave-active\"]') === null";
        wait_for!("animations to end", {
            Ok(self.check(RUNNING).await?.then_some(()))
        })
    }

    /// Clicks `selector` and waits until what it opens or closes has finished animating.
    pub async fn click_and_settle(&self, selector: &str) -> Res<()> {
        self.click(selector).await?;
        self.wait_animations().await
    }

    /// Waits until the page is still: no loading mask, no animation, the same text on two looks a
    /// quarter second apart, and two frames painted (for screenshots).
    pub async fn wait_still(&self) -> Res<()> {
        self.wait_gone(".el-loading-mask").await?;
        self.wait_animations().await?;
        let mut before = String::new();
        wait_for!("the page to stop changing", {
            let now = self
                .wd
                .execute("return document.body.innerText", Vec::new())
                .await?
                .convert::<String>()?;
            let still = now == before;
            before = now;
            if !still {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Ok(still.then_some(()))
        })?;
        self.wd
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)))",
                Vec::new(),
            )
            .await?;
        Ok(())
    }

    /// The router's location (`#/graduates`), read after a round trip through the page.
    pub async fn location_hash(&self) -> Res<String> {
        let ret = self
            .wd
            .execute("return window.location.hash", Vec::new())
            .await?;
        Ok(ret.convert::<String>()?)
    }

    /// Saves the window as `tests/artifacts/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Res<()> {
        self.wait_still().await?;
        let path = artifacts_dir().join(format!("{name}.png"));
        self.wd.screenshot(&path).await?;
        Ok(())
    }

    /// After a failure: the window and the page source, for the person reading the CI log.
    pub async fn save_failure(&self) -> String {
        let png = artifacts_dir().join(format!("{}-failure.png", self.name));
        let html = artifacts_dir().join(format!("{}-failure.html", self.name));
        let mut notes = Vec::new();
        match self.wd.screenshot(&png).await {
            Ok(()) => notes.push(format!("screenshot: {}", png.display())),
            Err(e) => notes.push(format!("no screenshot: {e}")),
        }
        match self.wd.source().await {
            Ok(source) => match std::fs::write(&html, source) {
                Ok(()) => notes.push(format!("page source: {}", html.display())),
                Err(e) => notes.push(format!("cannot write {}: {e}", html.display())),
            },
            Err(e) => notes.push(format!("no page source: {e}")),
        }
        notes.join("\n")
    }
}
