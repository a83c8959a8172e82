//! Watch mode: rebuild one report whenever its data file or a layout it may
//! use changes. A broken edit writes nothing (the pipeline only replaces the
//! PDF when the build succeeds), so the last good PDF stays on screen.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::build::{self, Options, Outcome};
use crate::layouts::Layouts;

/// Editors save in several steps (truncate, write, rename): wait this long
/// without events before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// One data file, watched with its layouts folder.
pub struct Watch<'a> {
    input: &'a Path,
    output: Option<&'a Path>,
    opts: &'a Options,
    /// The data file, absolute, as the file system reports events for it.
    data: PathBuf,
    /// The layouts folder, absolute, if there is one.
    layouts: Option<PathBuf>,
}

impl<'a> Watch<'a> {
    pub fn new(
        input: &'a Path,
        output: Option<&'a Path>,
        opts: &'a Options,
    ) -> std::io::Result<Self> {
        let name = input.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "không phải tên tệp")
        })?;
        let parent = match input.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let data = parent.canonicalize()?.join(name);
        let layouts = Layouts::for_data_file(opts.layouts.as_deref(), input)
            .dir
            .and_then(|d| d.canonicalize().ok());
        Ok(Watch {
            input,
            output,
            opts,
            data,
            layouts,
        })
    }

    /// The layouts folder watched, if any.
    pub fn layouts_dir(&self) -> Option<&Path> {
        self.layouts.as_deref()
    }

    /// Builds now, then again after every change, calling `on_build` with
    /// each outcome and how long it took. Runs until the process is stopped
    /// (Ctrl-C) or the file system can no longer be watched.
    pub fn run(&self, mut on_build: impl FnMut(&Outcome, Duration)) -> notify::Error {
        let (tx, rx) = mpsc::channel();
        let mut watcher = match notify::recommended_watcher(tx) {
            Ok(w) => w,
            Err(e) => return e,
        };
        // Watch folders, not files: many editors save by writing a new file
        // and renaming it over the old one, which ends a watch on the file.
        let data_dir = self.data.parent().unwrap_or(Path::new("/"));
        for dir in
            std::iter::once(data_dir).chain(self.layouts.as_deref().filter(|l| *l != data_dir))
        {
            if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
                return e;
            }
        }
        loop {
            let start = Instant::now();
            let outcome = build::build_file(self.input, self.output, self.opts);
            on_build(&outcome, start.elapsed());
            if let Err(e) = self.wait_for_change(&rx) {
                return e;
            }
        }
    }

    /// Blocks until a change that concerns the report, then until the file
    /// system has been quiet for [`DEBOUNCE`].
    fn wait_for_change(&self, rx: &Receiver<notify::Result<Event>>) -> Result<(), notify::Error> {
        let disconnected = || notify::Error::generic("mất kết nối với bộ theo dõi tệp");
        loop {
            let event = rx.recv().map_err(|_| disconnected())?;
            if self.concerns(&event) {
                break;
            }
        }
        while rx.recv_timeout(DEBOUNCE).is_ok() {}
        Ok(())
    }

    /// Whether an event may change the PDF. Our own reads and the PDF we
    /// write land in the same folders and must not start another build.
    fn concerns(&self, event: &notify::Result<Event>) -> bool {
        // A lost event (e.g. queue overflow) may have been anything.
        let Ok(event) = event else { return true };
        let changes_content = matches!(
            event.kind,
            EventKind::Any
                | EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(
                    ModifyKind::Any | ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Other
                )
        );
        changes_content && event.paths.iter().any(|p| self.is_input(p))
    }

    fn is_input(&self, path: &Path) -> bool {
        let is_layout = |dir: &Path| {
            path.parent() == Some(dir)
                && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    !n.starts_with('.') && (n.ends_with(".typ") || n.ends_with(".j2"))
                })
        };
        path == self.data || self.layouts.as_deref().is_some_and(is_layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind};

    fn event(kind: EventKind, path: &Path) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(path.to_path_buf()))
    }

    #[test]
    fn only_changes_to_the_data_file_or_a_layout_count() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("layouts")).unwrap();
        let input = dir.path().join("ward.yaml");
        std::fs::write(&input, "mau: x\n").unwrap();
        let opts = Options::default();
        let w = Watch::new(&input, None, &opts).unwrap();
        let root = dir.path().canonicalize().unwrap();
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let create = EventKind::Create(CreateKind::File);
        assert!(w.concerns(&event(write, &root.join("ward.yaml"))));
        assert!(w.concerns(&event(create, &root.join("layouts/tuyen-truyen.typ.j2"))));
        assert!(w.concerns(&event(write, &root.join("layouts/nd30.typ"))));
        // Our own output, reads, other files and editor leftovers do not.
        assert!(!w.concerns(&event(create, &root.join("ward.pdf"))));
        assert!(!w.concerns(&event(create, &root.join(".cchc-gen-x.tmp"))));
        assert!(!w.concerns(&event(
            EventKind::Access(AccessKind::Any),
            &root.join("ward.yaml")
        )));
        assert!(!w.concerns(&event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            &root.join("ward.yaml")
        )));
        assert!(!w.concerns(&event(write, &root.join("other.yaml"))));
        assert!(!w.concerns(&event(write, &root.join("layouts/.nd30.typ.swp"))));
    }
}
