//! Sharded runs: N workers each take one shard of the same input list.
//!
//! A shard `I/N` keeps the files whose index in the sorted, de-duplicated
//! input list is I mod N. Every worker given the same list computes the same
//! order, so the N shards are disjoint and their union is the whole list,
//! whatever order the list was written in.

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, Read};
use std::path::PathBuf;
use std::str::FromStr;

use crate::batch::Input;

/// One shard of `count` (written `index/count`, 0-based: `0/4` … `3/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, `0 <= index < count`.
    pub index: usize,
    /// How many shards the list is split into, at least 1.
    pub count: usize,
}

/// Why a `--shard` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not two whole numbers separated by `/`.
    #[error("expected I/N with whole numbers, e.g. 0/4, got {0:?}")]
    Syntax(String),
    /// `N` is 0.
    #[error("the shard count N in I/N must be at least 1")]
    ZeroCount,
    /// `I` is not below `N`.
    #[error("the shard index I in I/N must be below N (0-based): got {index}/{count}")]
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// The count given.
        count: usize,
    },
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || ShardError::Syntax(s.to_owned());
        let (i, n) = s.trim().split_once('/').ok_or_else(syntax)?;
        let whole = |t: &str| {
            let t = t.trim();
            // `usize::from_str` takes a leading `+`; a shard is digits only.
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            t.parse::<usize>().map_err(|_| syntax())
        };
        let (index, count) = (whole(i)?, whole(n)?);
        if count == 0 {
            return Err(ShardError::ZeroCount);
        }
        if index >= count {
            return Err(ShardError::IndexOutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The sort key of an input: its path's bytes as written (`-` for stdin).
fn key(input: &Input) -> &OsStr {
    match input {
        Input::File(p) | Input::Unlisted { path: p, .. } => p.as_os_str(),
        Input::Stdin => OsStr::new("-"),
    }
}

impl Shard {
    /// Sorts `inputs` by path (byte order of the path as written), drops
    /// repeated paths and keeps the files whose index is `index` mod `count`.
    pub fn select(&self, mut inputs: Vec<Input>) -> Vec<Input> {
        inputs.sort_by(|a, b| key(a).cmp(key(b)));
        inputs.dedup_by(|a, b| key(a) == key(b));
        inputs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index)
            .map(|(_, input)| input)
            .collect()
    }
}

/// Reads a list of paths, one per line (`\n` or `\r\n`); blank lines are
/// skipped and nothing else is trimmed, so paths may hold spaces. On Unix the
/// bytes of each line are the path, whatever their encoding.
pub fn read_list(mut reader: impl Read) -> io::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .map(path_from_bytes)
        .collect())
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<Input> {
        names.iter().map(|n| Input::File(n.into())).collect()
    }

    fn names(inputs: &[Input]) -> Vec<String> {
        inputs.iter().map(Input::display).collect()
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("1/4".parse(), Ok(Shard { index: 1, count: 4 }));
        assert_eq!(" 0 / 1 ".parse(), Ok(Shard { index: 0, count: 1 }));
        assert_eq!("0/0".parse::<Shard>(), Err(ShardError::ZeroCount));
        assert_eq!(
            "4/4".parse::<Shard>(),
            Err(ShardError::IndexOutOfRange { index: 4, count: 4 })
        );
        for bad in ["", "1", "1/", "/4", "-1/4", "+1/4", "1/4/2", "a/b", "1.0/4"] {
            assert!(
                matches!(bad.parse::<Shard>(), Err(ShardError::Syntax(_))),
                "{bad:?}"
            );
        }
        assert_eq!(Shard { index: 2, count: 5 }.to_string(), "2/5");
    }

    #[test]
    fn shards_partition_the_sorted_list_whatever_its_order() {
        let list = ["e", "a", "d", "b", "c", "a", "f", "g"];
        let mut reversed = list;
        reversed.reverse();
        let mut union = Vec::new();
        for index in 0..3 {
            let shard = Shard { index, count: 3 };
            let got = names(&shard.select(files(&list)));
            assert_eq!(got, names(&shard.select(files(&reversed))));
            union.extend(got);
        }
        // `a` is listed twice and taken once.
        assert_eq!(union, ["a", "d", "g", "b", "e", "c", "f"]);
    }

    #[test]
    fn more_shards_than_files_leaves_some_empty() {
        let shard = Shard { index: 3, count: 4 };
        assert!(shard.select(files(&["a", "b"])).is_empty());
    }

    #[test]
    fn list_lines_keep_spaces_and_skip_blanks() {
        let list = read_list(&b"a.txt\r\n\n dir/with space.txt \nlast"[..]).unwrap();
        let want: Vec<PathBuf> = ["a.txt", " dir/with space.txt ", "last"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(list, want);
    }
}
