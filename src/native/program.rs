//! External programs (pdftotext, tesseract, soffice): run on a temporary copy
//! of the file, a missing program reported with the packages that bring it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostic::{Code, Diagnostic};

/// A temporary directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory under the system's temporary directory.
    pub fn new() -> Result<Self, Diagnostic> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "jixiao-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostic::new(
                Code::DocumentUnreadable,
                None,
                format!("cannot make a temporary directory: {e}"),
            )
        })?;
        Ok(TempDir(dir))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to a file of this name in the directory.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).map_err(|e| {
            Diagnostic::new(
                Code::DocumentUnreadable,
                None,
                format!("cannot write a temporary copy: {e}"),
            )
        })?;
        Ok(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The message for a program that is not installed.
pub fn missing(program: &str, packages: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ProgramMissing,
        None,
        format!("{program} not found: install {packages} (Debian: apt-get install {packages})"),
    )
}

/// Runs a program to completion; a program that is not installed is a
/// `program-missing` error naming `packages`, a failing one `document-unreadable`.
pub fn run(program: &str, args: &[&std::ffi::OsStr], packages: &str) -> Result<Output, Diagnostic> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing(program, packages),
            _ => Diagnostic::new(
                Code::DocumentUnreadable,
                None,
                format!("cannot run {program}: {e}"),
            ),
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.lines().last().unwrap_or("").trim();
        return Err(Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            format!("{program} failed ({}): {err}", out.status),
        ));
    }
    Ok(out)
}

/// Converts an old Word document to .docx with LibreOffice.
pub fn doc_to_docx(path: &str, bytes: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    let dir = TempDir::new()?;
    let input = dir.write("input.doc", bytes)?;
    let missing_soffice = || {
        Diagnostic::new(
            Code::ProgramMissing,
            None,
            format!(
                "{path} is an old Word (.doc) file: jixiao reads it through LibreOffice, and soffice was not found: install libreoffice-writer (Debian: apt-get install libreoffice-writer), or save the file as .docx"
            ),
        )
    };
    let args = [
        "--headless".as_ref(),
        "--convert-to".as_ref(),
        "docx".as_ref(),
        "--outdir".as_ref(),
        dir.path().as_os_str(),
        input.as_os_str(),
    ];
    match run("soffice", &args, "libreoffice-writer") {
        Err(d) if d.code == Code::ProgramMissing => return Err(missing_soffice()),
        Err(d) => return Err(d),
        Ok(_) => {}
    }
    std::fs::read(dir.path().join("input.docx")).map_err(|e| {
        Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            format!("soffice did not convert the .doc file: {e}"),
        )
    })
}
