//! Output files replaced whole: written beside the destination under a
//! temporary name and renamed over it once complete, so an interrupted or
//! failed run leaves the old file (or no file), never a half-written one.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// An output file being written. [`Pending::commit`] puts it in place;
/// dropping it uncommitted removes the temporary file.
#[derive(Debug)]
pub struct Pending {
    /// The temporary file, or `None` when writing straight to the destination.
    tmp: Option<PathBuf>,
    /// Where the file goes.
    dest: PathBuf,
    /// A handle to sync before renaming.
    file: File,
}

impl Pending {
    /// Opens the output for `dest` and returns it with a handle to write to.
    ///
    /// A destination that exists and is not a regular file (`/dev/null`, a
    /// FIFO, a terminal) is written directly; a symbolic link is followed,
    /// so the file it names is replaced and the link kept. A replaced file
    /// keeps its permissions.
    pub fn create(dest: &Path) -> io::Result<(Pending, File)> {
        let meta = std::fs::metadata(dest).ok();
        if meta.as_ref().is_some_and(|m| !m.is_file()) {
            let file = OpenOptions::new().write(true).open(dest)?;
            let handle = file.try_clone()?;
            return Ok((
                Pending {
                    tmp: None,
                    dest: dest.to_owned(),
                    file: handle,
                },
                file,
            ));
        }
        let dest = match meta {
            Some(_) => std::fs::canonicalize(dest)?,
            None => dest.to_owned(),
        };
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_owned());
        let mut attempt = 0u32;
        let (tmp, file) = loop {
            let tmp = dir.join(format!(
                ".{name}.jixiao-{}-{attempt}.tmp",
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => break (tmp, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let pending = Pending {
            tmp: Some(tmp),
            dest,
            file: file.try_clone()?,
        };
        if let Some(m) = std::fs::metadata(&pending.dest)
            .ok()
            .filter(|m| m.is_file())
        {
            pending.file.set_permissions(m.permissions())?;
        }
        Ok((pending, file))
    }

    /// The path the output goes to.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Syncs the written file and renames it over the destination.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(tmp) = self.tmp.take() {
            let done = self
                .file
                .sync_all()
                .and_then(|()| std::fs::rename(&tmp, &self.dest));
            if done.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            done?;
        }
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_old_file_stays_until_commit_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.json");
        std::fs::write(&dest, "old").unwrap();
        let (pending, mut f) = Pending::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        drop(pending);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let (pending, mut f) = Pending::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        pending.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (pending, mut f) = Pending::create(&link).unwrap();
        f.write_all(b"new").unwrap();
        pending.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
