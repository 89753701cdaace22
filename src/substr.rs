//! Substring tests for short cells, with the answers of `str::contains`.
//!
//! `str::contains` compares every window of a haystack shorter than 16 bytes
//! past the needle with a `memcmp` call; most cells are a few characters, and
//! the parser tests them for a word or a character many times each. These
//! compare a window only when its first and last bytes are the needle's.

/// `hay.contains(needle)`.
#[inline]
pub fn has(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    // One byte: a byte search; a longer haystack: the standard library's
    // vectorised search, which is fast there.
    if n.len() < 2 || h.len() >= 16 + n.len() {
        return hay.contains(needle);
    }
    short(h, n)
}

/// `hay.contains(c)`.
#[inline]
pub fn has_char(hay: &str, c: char) -> bool {
    if c.is_ascii() {
        return hay.as_bytes().contains(&(c as u8));
    }
    let mut buf = [0u8; 4];
    has(hay, c.encode_utf8(&mut buf))
}

/// True when some word of `words` occurs in `hay`.
#[inline]
pub fn has_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has(hay, w))
}

/// The search of [`has`] for a haystack of fewer than 16 bytes past a
/// needle of two bytes or more.
fn short(h: &[u8], n: &[u8]) -> bool {
    let (Some(&first), Some(&end)) = (n.first(), n.last()) else {
        return true;
    };
    // The last byte first: in Chinese text most characters share a handful
    // of lead bytes, while a character's last byte rarely matches.
    h.windows(n.len())
        .any(|w| w.last() == Some(&end) && w.first() == Some(&first) && w == n)
}

/// How many times `b` occurs in `bytes`: counted in blocks of 255 bytes into
/// one-byte sums, which the compiler vectorises (a byte-by-byte count takes
/// several instructions a byte).
pub fn count_byte(bytes: &[u8], b: u8) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &x| n + u8::from(x == b))))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_contains_does() {
        let hays = [
            "",
            "绩",
            "绩效",
            "项目绩效目标申报表",
            "2023年项目支出绩效目标申报表（盖章）",
            "a绩b效c",
            "效绩",
            "表表表表",
            "财政资金管理科室(盖章) 年 月 日",
            "满意度≥95%",
            "aaaaaaaaaaaaaaaaaaaaaaab",
        ];
        let needles = [
            "",
            "绩",
            "效",
            "绩效",
            "表",
            "盖章",
            "年 月",
            "%",
            "ab",
            "aab",
            "满意度",
            "申报表（盖章）",
            "aaaaaaaaaaaaaaaaaaaaaaab",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(has(h, n), h.contains(n), "{h:?} {n:?}");
            }
            for c in ['绩', '表', 'a', '%', '年', '≥', '😀'] {
                assert_eq!(has_char(h, c), h.contains(c), "{h:?} {c:?}");
            }
            assert_eq!(
                has_any(h, &needles[3..6]),
                needles[3..6].iter().any(|n| h.contains(n))
            );
        }
    }

    #[test]
    fn counts_bytes_as_filtering_does() {
        let mut text = String::new();
        for n in 0..2_000 {
            text.push_str(&"a\n".repeat(n % 7));
            text.push_str(if n % 3 == 0 { "\n\n\n\n" } else { "绩效" });
            let b = text.as_bytes();
            for cut in [0, 1, b.len() / 2, b.len()] {
                let part = &b[..cut];
                assert_eq!(
                    count_byte(part, b'\n'),
                    part.iter().filter(|&&x| x == b'\n').count()
                );
            }
        }
        // A block of 255 line breaks does not overflow a one-byte sum.
        assert_eq!(count_byte(&[b'\n'; 1_000], b'\n'), 1_000);
    }
}
