//! Unified social credit code (GB 32100-2015): 18 characters over a 31-symbol alphabet
//! (no I, O, S, V, Z) with an ISO 7064 MOD 31 check character.

use super::id_number::looks_scientific;
use super::normalize::normalize_identifier;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码为空")]
    Empty,
    #[error(
        "统一社会信用代码看起来是 Excel 科学计数法（{0}），末尾数字已经丢失，请把该列设为文本后重新录入"
    )]
    ScientificNotation(String),
    #[error("统一社会信用代码应为 18 位，实际 {0} 位")]
    Length(usize),
    #[error("统一社会信用代码第 {position} 位“{found}”不是允许的字符（不含 I、O、S、V、Z）")]
    BadChar { position: usize, found: char },
    #[error("统一社会信用代码校验位错误：应为 {expected}，实际为 {found}")]
    CheckDigit { expected: char, found: char },
}

impl CreditCodeError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::ScientificNotation(_) => "scientific_notation",
            Self::Length(_) => "length",
            Self::BadChar { .. } => "bad_char",
            Self::CheckDigit { .. } => "check_digit",
        }
    }
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (which must all be in the alphabet).
pub fn credit_check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// Normalises and validates a unified social credit code; returns the normalised value.
pub fn validate_credit_code(raw: &str) -> Result<String, CreditCodeError> {
    let v = normalize_identifier(raw);
    if v.is_empty() {
        return Err(CreditCodeError::Empty);
    }
    if looks_scientific(&v) {
        return Err(CreditCodeError::ScientificNotation(v));
    }
    let n = v.chars().count();
    if n != 18 {
        return Err(CreditCodeError::Length(n));
    }
    for (i, c) in v.chars().enumerate() {
        if !c.is_ascii() || value_of(c as u8).is_none() {
            return Err(CreditCodeError::BadChar {
                position: i + 1,
                found: c,
            });
        }
    }
    let bytes = v.as_bytes();
    let expected = credit_check_char(&bytes[..17]).unwrap_or('?');
    let found = bytes[17] as char;
    if expected != found {
        return Err(CreditCodeError::CheckDigit { expected, found });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_from_the_domain_brief() {
        assert_eq!(credit_check_char(b"91350100M000100Y4"), Some('3'));
        assert_eq!(
            validate_credit_code("91350100M000100Y43").as_deref(),
            Ok("91350100M000100Y43")
        );
        assert_eq!(
            validate_credit_code("914403001922038216").as_deref(),
            Ok("914403001922038216")
        );
        assert_eq!(
            validate_credit_code(" ９１３５０１００m０００１００y４３").as_deref(),
            Ok("91350100M000100Y43")
        );
    }

    #[test]
    fn table_of_bad_inputs() {
        use CreditCodeError::*;
        let cases: &[(&str, CreditCodeError)] = &[
            ("", Empty),
            (
                "9.14403001922038E+17",
                ScientificNotation("9.14403001922038E+17".into()),
            ),
            ("91350100M000100Y4", Length(17)),
            ("91350100M000100Y433", Length(19)),
            (
                "91350100I000100Y43",
                BadChar {
                    position: 9,
                    found: 'I',
                },
            ),
            (
                "91350100O000100Y43",
                BadChar {
                    position: 9,
                    found: 'O',
                },
            ),
            (
                "91350100S000100Y43",
                BadChar {
                    position: 9,
                    found: 'S',
                },
            ),
            (
                "91350100V000100Y43",
                BadChar {
                    position: 9,
                    found: 'V',
                },
            ),
            (
                "91350100Z000100Y43",
                BadChar {
                    position: 9,
                    found: 'Z',
                },
            ),
            (
                "91350100-000100Y43",
                BadChar {
                    position: 9,
                    found: '-',
                },
            ),
            (
                "91350100中000100Y43",
                BadChar {
                    position: 9,
                    found: '中',
                },
            ),
            (
                "91350100M000100Y44",
                CheckDigit {
                    expected: '3',
                    found: '4',
                },
            ),
            (
                "914403001922038217",
                CheckDigit {
                    expected: '6',
                    found: '7',
                },
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                validate_credit_code(input).as_ref(),
                Err(want),
                "input {input:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn generated_codes_validate(body in "[0-9A-HJ-NP-RTUW-Y]{17}") {
            let check = credit_check_char(body.as_bytes());
            proptest::prop_assert!(check.is_some());
            let code = format!("{body}{}", check.unwrap_or('0'));
            proptest::prop_assert_eq!(validate_credit_code(&code), Ok(code.clone()));
        }
    }
}
