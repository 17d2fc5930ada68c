//! Resident identity card number (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check
//! character; digits 7–14 are the birth date.

use super::normalize::normalize_identifier;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// Why a resident ID number is not valid. Each variant's text is what a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号为空")]
    Empty,
    #[error(
        "身份证号看起来是 Excel 科学计数法（{0}），末尾数字已经丢失，请把该列设为文本后重新录入"
    )]
    ScientificNotation(String),
    #[error("身份证号应为 18 位，实际 {0} 位")]
    Length(usize),
    #[error("身份证号前 17 位只能是数字，第 {position} 位是“{found}”")]
    NonDigit { position: usize, found: char },
    #[error("身份证号最后一位只能是数字或 X，实际是“{0}”")]
    BadCheckChar(char),
    #[error("身份证号中的出生日期 {0} 不是真实日期")]
    BirthDate(String),
    #[error("身份证号校验位错误：应为 {expected}，实际为 {found}")]
    CheckDigit { expected: char, found: char },
}

impl IdNumberError {
    /// Stable machine code, used as an i18n key suffix.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::ScientificNotation(_) => "scientific_notation",
            Self::Length(_) => "length",
            Self::NonDigit { .. } => "non_digit",
            Self::BadCheckChar(_) => "bad_check_char",
            Self::BirthDate(_) => "birth_date",
            Self::CheckDigit { .. } => "check_digit",
        }
    }
}

/// Returns the check character for the first 17 digits.
pub fn id_check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] as char
}

/// Normalises (trim, full-width → ASCII, x → X) and validates a resident ID number.
/// Returns the normalised value.
pub fn validate_id_number(raw: &str) -> Result<String, IdNumberError> {
    let v = normalize_identifier(raw);
    if v.is_empty() {
        return Err(IdNumberError::Empty);
    }
    if looks_scientific(&v) {
        return Err(IdNumberError::ScientificNotation(v));
    }
    let n = v.chars().count();
    if n != 18 {
        return Err(IdNumberError::Length(n));
    }
    let bytes = v.as_bytes();
    for (i, c) in v.chars().take(17).enumerate() {
        if !c.is_ascii_digit() {
            return Err(IdNumberError::NonDigit {
                position: i + 1,
                found: c,
            });
        }
    }
    // The first 17 characters are ASCII digits: the 18th starts at byte 17 (and may not be ASCII).
    let last = v[17..].chars().next().unwrap_or_default();
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberError::BadCheckChar(last));
    }
    let birth = &v[6..14];
    if !is_real_date(birth) {
        return Err(IdNumberError::BirthDate(birth.to_string()));
    }
    let expected = id_check_char(&bytes[..17]);
    if expected != last {
        return Err(IdNumberError::CheckDigit {
            expected,
            found: last,
        });
    }
    Ok(v)
}

/// `4.41900200501011E+17` and the like: what Excel shows after it turned an ID into a number.
pub fn looks_scientific(v: &str) -> bool {
    let upper = v.to_ascii_uppercase();
    match upper.split_once('E') {
        Some((mantissa, exp)) => {
            let exp = exp.trim_start_matches('+');
            !mantissa.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
                && mantissa.chars().any(|c| c.is_ascii_digit())
                && !exp.is_empty()
                && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// A `YYYYMMDD` that names a real day between 1900-01-01 and 2099-12-31.
fn is_real_date(s: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (
        s[0..4].parse::<i32>(),
        s[4..6].parse::<u8>(),
        s[6..8].parse::<u8>(),
    ) else {
        return false;
    };
    if !(1900..=2099).contains(&y) {
        return false;
    }
    let Ok(month) = time::Month::try_from(m) else {
        return false;
    };
    time::Date::from_calendar_date(y, month, d).is_ok()
}

/// Masks an ID number for display: first 4 and last 4 characters kept (`4419**********123X`).
pub fn mask_id_number(v: &str) -> String {
    let chars: Vec<char> = v.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..4].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 8));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Masks a phone number: `138****5678`.
pub fn mask_phone(v: &str) -> String {
    let chars: Vec<char> = v.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 7));
    out.extend(&chars[chars.len() - 4..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_from_the_domain_brief() {
        // Σ = 167, 167 mod 11 = 2 → 'X'
        assert_eq!(id_check_char(b"11010519491231002"), 'X');
        assert_eq!(
            validate_id_number("11010519491231002X").as_deref(),
            Ok("11010519491231002X")
        );
    }

    #[test]
    fn normalises_before_validating() {
        assert_eq!(
            validate_id_number(" 11010519491231002x ").as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            validate_id_number("１１０１０５１９４９１２３１００２Ｘ").as_deref(),
            Ok("11010519491231002X")
        );
    }

    #[test]
    fn table_of_bad_inputs() {
        use IdNumberError::*;
        let cases: &[(&str, IdNumberError)] = &[
            ("", Empty),
            ("   ", Empty),
            (
                "4.41900200501011E+17",
                ScientificNotation("4.41900200501011E+17".into()),
            ),
            (
                "4.41900200501011e17",
                ScientificNotation("4.41900200501011E17".into()),
            ),
            ("1101051949123100", Length(16)),
            ("1101051949123100234", Length(19)),
            ("11010519491231002", Length(17)),
            (
                "1101051949A231002X",
                NonDigit {
                    position: 11,
                    found: 'A',
                },
            ),
            ("11010519491231002Y", BadCheckChar('Y')),
            // A character past ASCII is named whole (fuzzing found its first byte named).
            ("11010519491231002中", BadCheckChar('中')),
            ("110105194913310029", BirthDate("19491331".into())),
            ("110105190002290020", BirthDate("19000229".into())),
            ("110105180001010020", BirthDate("18000101".into())),
            (
                "110105194912310021",
                CheckDigit {
                    expected: 'X',
                    found: '1',
                },
            ),
            (
                "11010519491231002０",
                CheckDigit {
                    expected: 'X',
                    found: '0',
                },
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                validate_id_number(input).as_ref(),
                Err(want),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn leap_day_birth_dates() {
        // 2000-02-29 exists; compute a valid check char for it.
        let base = b"44190020000229123";
        let id = format!(
            "{}{}",
            std::str::from_utf8(base).unwrap_or_default(),
            id_check_char(base)
        );
        assert!(validate_id_number(&id).is_ok(), "{id}");
    }

    #[test]
    fn masks() {
        assert_eq!(mask_id_number("44190019900101123X"), "4419**********123X");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
    }

    proptest::proptest! {
        #[test]
        fn every_single_digit_change_is_caught(pos in 0usize..17, delta in 1u8..10) {
            let good = b"11010519491231002X".to_vec();
            let mut bad = good.clone();
            bad[pos] = b'0' + (bad[pos] - b'0' + delta) % 10;
            let s = String::from_utf8(bad).unwrap_or_default();
            proptest::prop_assert!(validate_id_number(&s).is_err());
        }
    }
}
