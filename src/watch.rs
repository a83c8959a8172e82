//! Watch mode: rebuild one report whenever its data file, a layout it may
//! use or an image it names changes. A broken edit writes nothing (the
//! pipeline only replaces the PDF when the build succeeds), so the last good
//! PDF stays on screen.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::build::{self, Options, Outcome};
use crate::diagnostic::{Diagnostic, io_advice};
use crate::layouts::Layouts;

/// Editors save in several steps (truncate, write, rename): wait this long
/// without events before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Watched folders are checked to be still at their paths on every event,
/// and at least this often: a folder higher up renamed or replaced sends
/// no event.
const CHECK: Duration = Duration::from_secs(1);

/// The watched folders, each with the folder its path named when watched.
type Watched = BTreeMap<PathBuf, Option<FolderId>>;

/// One data file, watched with its layouts folder and images.
pub struct Watch<'a> {
    input: &'a Path,
    output: Option<&'a Path>,
    opts: &'a Options,
    /// The data file, absolute, as the file system reports events for it.
    data: PathBuf,
}

/// The files a build depends on, absolute. Found again after every build:
/// a `layouts/` folder or an image may appear while watching.
#[derive(Debug, Default)]
struct Inputs {
    /// The layouts folder in use, if there is one: its layouts count.
    layouts: Option<PathBuf>,
    /// Other paths that count: the data file, the images it names and the
    /// layouts folder (`--layouts` or `layouts/` beside the data); for one
    /// whose folder does not exist, the first missing folder on its path.
    paths: Vec<PathBuf>,
}

impl<'a> Watch<'a> {
    pub fn new(
        input: &'a Path,
        output: Option<&'a Path>,
        opts: &'a Options,
    ) -> std::io::Result<Self> {
        let data = absolute(input).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "không có thư mục chứa tệp")
        })?;
        Ok(Watch {
            input,
            output,
            opts,
            data,
        })
    }

    /// The layouts folder used now, if any, absolute.
    pub fn layouts_dir(&self) -> Option<PathBuf> {
        Layouts::for_data_file(self.opts.layouts.as_deref(), self.input)
            .dir
            .and_then(|d| d.canonicalize().ok())
    }

    /// Builds now, then again after every change, calling `on_build` with
    /// each outcome and how long it took. Runs until `on_build` breaks, the
    /// process is stopped (Ctrl-C) or the file system can no longer be
    /// watched.
    pub fn run(
        &self,
        on_build: impl FnMut(&Outcome, Duration) -> ControlFlow<()>,
    ) -> Result<(), notify::Error> {
        self.run_with(
            || build::build_file(self.input, self.output, self.opts),
            on_build,
        )
    }

    /// [`Watch::run`] with the build given: tests change files during one.
    fn run_with(
        &self,
        mut build: impl FnMut() -> Outcome,
        mut on_build: impl FnMut(&Outcome, Duration) -> ControlFlow<()>,
    ) -> Result<(), notify::Error> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        let mut watched = Watched::new();
        // The time until the PDF is ready, stale builds included.
        let mut took = Duration::ZERO;
        // Said once when the data file or the layouts folder goes, not again
        // for each event until it is back at its path.
        let mut said_missing = None;
        let mut images = Vec::new();
        loop {
            // Watch before the build what is known without it (the data's
            // folder, layouts/, the images named last time): a change
            // during the build then has its event, and a file saved just
            // before needs no second build to be sure.
            let known = self.folders(&self.inputs(&images));
            // One gone meanwhile is looked for again after the build.
            watch_new(&mut watcher, &mut watched, &known)?;
            let started = SystemTime::now();
            let start = Instant::now();
            let missing = self.missing();
            let outcome = match &missing {
                Some(problem) => {
                    let mut outcome = Outcome::new(self.input);
                    outcome.diagnostics.push(problem.clone());
                    outcome
                }
                None => build(),
            };
            took += start.elapsed();
            images.clone_from(&outcome.images);
            let inputs = self.inputs(&images);
            let wanted = self.folders(&inputs);
            let Some(new) = watch_new(&mut watcher, &mut watched, &wanted)? else {
                continue;
            };
            for dir in watched.keys().filter(|dir| !wanted.contains(*dir)) {
                // Already gone if the folder was removed; nothing to undo.
                let _ = watcher.unwatch(dir);
            }
            watched.retain(|dir, _| wanted.contains(dir));
            // A folder watched only from now on (e.g. one just created for
            // the images) may have changed during the build with no event to
            // tell: if an input in it did, that build may be stale, so build
            // again at once. Our own PDF in it is not an input.
            let stale = new
                .iter()
                .any(|dir| self.input_changed_since(&inputs, dir, started));
            if stale {
                continue;
            }
            // Reported once every folder is watched: an edit made after the
            // message is never missed.
            let said = missing.is_some() && missing == said_missing;
            if !said && on_build(&outcome, took).is_break() {
                return Ok(());
            }
            said_missing = missing;
            took = Duration::ZERO;
            wait_for_change(&rx, &mut watcher, &mut watched, |event| {
                self.concerns(&inputs, event)
            })?;
        }
    }

    /// What keeps a build from starting: no file at the data file's path,
    /// or no folder at the `--layouts` path (it was there at the start;
    /// building with the built-in layouts instead would hide that).
    fn missing(&self) -> Option<Diagnostic> {
        let gone =
            std::fs::metadata(self.input).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        let (path, what, kind) = if gone {
            (self.input, "tệp dữ liệu", "tệp")
        } else {
            let dir = self.opts.layouts.as_deref().filter(|d| !d.is_dir())?;
            (dir, "thư mục mẫu (--layouts)", "thư mục")
        };
        Some(Diagnostic::error(
            path,
            0,
            0,
            format!(
                "{what} không còn ở đây (đã bị xóa, đổi tên hoặc chuyển đi) — cchc-gen sẽ dựng lại ngay khi có {kind} ở đúng đường dẫn này"
            ),
        ))
    }

    fn inputs(&self, images: &[PathBuf]) -> Inputs {
        // The layouts folder counts as a path too: made, removed or renamed,
        // it changes which layouts are used.
        let layouts = self
            .opts
            .layouts
            .clone()
            .unwrap_or_else(|| self.data_dir().join("layouts"));
        Inputs {
            layouts: self.layouts_dir(),
            paths: images
                .iter()
                .map(PathBuf::as_path)
                .chain([self.data.as_path(), &layouts])
                .filter_map(watchable)
                .collect(),
        }
    }

    fn data_dir(&self) -> &Path {
        self.data.parent().unwrap_or(Path::new("/"))
    }

    /// The folders whose events can concern the build.
    fn folders(&self, inputs: &Inputs) -> BTreeSet<PathBuf> {
        inputs
            .layouts
            .iter()
            .map(PathBuf::as_path)
            .chain(inputs.paths.iter().filter_map(|p| p.parent()))
            .map(Path::to_path_buf)
            .collect()
    }

    /// Whether an event may change the PDF. Our own reads and the PDF we
    /// write land in the same folders and must not start another build.
    fn concerns(&self, inputs: &Inputs, event: &notify::Result<Event>) -> bool {
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
        changes_content && event.paths.iter().any(|p| self.is_input(inputs, p))
    }

    /// Whether an input in `dir` changed (or appeared) at `time` or later.
    /// File times come from the kernel's coarse clock, up to a tick behind
    /// [`SystemTime::now`]: a second's margin costs at most one build more.
    fn input_changed_since(&self, inputs: &Inputs, dir: &Path, time: SystemTime) -> bool {
        let margin = Duration::from_secs(1);
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|entry| {
            self.is_input(inputs, &entry.path())
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m + margin >= time)
        })
    }

    fn is_input(&self, inputs: &Inputs, path: &Path) -> bool {
        let is_layout = |dir: &Path| {
            path.parent() == Some(dir)
                && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    !n.starts_with('.') && (n.ends_with(".typ") || n.ends_with(".j2"))
                })
        };
        inputs.layouts.as_deref().is_some_and(is_layout) || inputs.paths.iter().any(|p| p == path)
    }
}

/// Watches the folders of `wanted` not watched yet, and gives them; `None`
/// when one has gone since `wanted` was worked out (the caller works it out
/// again). Folders, not files: many editors save by writing a new file and
/// renaming it over the old one, which ends a watch on the file.
fn watch_new(
    watcher: &mut impl Watcher,
    watched: &mut Watched,
    wanted: &BTreeSet<PathBuf>,
) -> Result<Option<Vec<PathBuf>>, notify::Error> {
    let new: Vec<PathBuf> = wanted
        .iter()
        .filter(|dir| !watched.contains_key(*dir))
        .cloned()
        .collect();
    for dir in &new {
        // Known before the watch starts: if the folder is replaced in
        // between, the next check sees a different one and watches afresh.
        let id = folder_id(dir);
        match watcher.watch(dir, RecursiveMode::NonRecursive) {
            Ok(()) => watched.insert(dir.clone(), id),
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
    }
    Ok(Some(new))
}

fn is_not_found(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(e) => e.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// Blocks until an event `concerns` the report or a watched folder goes,
/// then until the file system has been quiet for [`DEBOUNCE`].
fn wait_for_change(
    rx: &Receiver<notify::Result<Event>>,
    watcher: &mut impl Watcher,
    watched: &mut Watched,
    concerns: impl Fn(&notify::Result<Event>) -> bool,
) -> Result<(), notify::Error> {
    loop {
        let event = match rx.recv_timeout(CHECK) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(notify::Error::generic("mất kết nối với bộ theo dõi tệp"));
            }
        };
        if forget_gone(watcher, watched, event.as_ref()) | event.as_ref().is_some_and(&concerns) {
            break;
        }
    }
    while let Ok(event) = rx.recv_timeout(DEBOUNCE) {
        forget_gone(watcher, watched, Some(&event));
    }
    Ok(())
}

/// Forgets the watched folders that are no longer at their paths, and says
/// whether there were any: what was in them is gone. One moved or removed
/// itself is named by `event`: notify then drops its watch, or keeps it on
/// the moved folder under its old name. One under a folder moved or
/// replaced higher up has no event (inotify follows the folder, not its
/// path): its path then names no folder, or another one. Either way the
/// path must be watched afresh once something is there again.
fn forget_gone(
    watcher: &mut impl Watcher,
    watched: &mut Watched,
    event: Option<&notify::Result<Event>>,
) -> bool {
    let named: &[PathBuf] = match event {
        Some(Ok(e))
            if matches!(
                e.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            ) =>
        {
            &e.paths
        }
        _ => &[],
    };
    let gone: Vec<PathBuf> = watched
        .iter()
        .filter(|&(dir, id)| named.contains(dir) || folder_id(dir) != *id)
        .map(|(dir, _)| dir.clone())
        .collect();
    for dir in &gone {
        watched.remove(dir);
        // Already dropped by notify if the parent told it.
        let _ = watcher.unwatch(dir);
    }
    !gone.is_empty()
}

/// What tells one folder from another at the same path: its device and
/// inode.
#[cfg(unix)]
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(dir)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    Some((m.dev(), m.ino()))
}

/// Elsewhere only whether a folder is there: Windows does not let a
/// watched folder's parents be renamed.
#[cfg(not(unix))]
type FolderId = ();

#[cfg(not(unix))]
fn folder_id(dir: &Path) -> Option<FolderId> {
    dir.is_dir().then_some(())
}

/// `path` with its folder made absolute and symlinks resolved, as the file
/// system reports events; the file itself need not exist.
fn absolute(path: &Path) -> Option<PathBuf> {
    let folder = crate::output::folder_of(path).canonicalize().ok()?;
    Some(folder.join(path.file_name()?))
}

/// [`absolute`] `path`, or when its folder does not exist, the first
/// missing folder on its way: creating that folder is the first step
/// towards the file.
fn watchable(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path)
        .ok()?
        .ancestors()
        .find_map(absolute)
}

/// Why watching failed, in Vietnamese, with what to do.
pub fn advice(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(e) => io_advice(e),
        notify::ErrorKind::PathNotFound => io_advice(&std::io::ErrorKind::NotFound.into()),
        notify::ErrorKind::MaxFilesWatch => {
            "hệ điều hành không cho theo dõi thêm thư mục nào (đã đến giới hạn) — hãy đóng bớt chương trình đang theo dõi tệp (trình soạn thảo, phần mềm đồng bộ), hoặc tăng giới hạn fs.inotify.max_user_watches".into()
        }
        // Our own (the watcher thread has gone), already in Vietnamese.
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RenameMode};

    // A folder removed between working out what to watch and watching it
    // is not a failure of watch: the caller looks again.
    #[test]
    fn a_folder_gone_before_its_watch_starts_is_looked_for_again() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, _rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).unwrap();
        let mut watched = Watched::new();
        let here = dir.path().to_path_buf();
        let gone = dir.path().join("da-xoa");
        let wanted = BTreeSet::from([here.clone(), gone]);
        let new = watch_new(&mut watcher, &mut watched, &wanted).unwrap();
        assert_eq!(new, None);
        assert_eq!(watched.keys().collect::<Vec<_>>(), [&here]);
        let wanted = BTreeSet::from([here.clone()]);
        let new = watch_new(&mut watcher, &mut watched, &wanted).unwrap();
        assert_eq!(new, Some(vec![]));
    }

    #[test]
    fn failures_to_watch_are_said_in_vietnamese() {
        let limit = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(
            advice(&limit).contains("max_user_watches"),
            "{}",
            advice(&limit)
        );
        let denied = notify::Error::io(std::io::ErrorKind::PermissionDenied.into());
        assert!(
            advice(&denied).contains("không có quyền"),
            "{}",
            advice(&denied)
        );
        let gone = notify::Error::new(notify::ErrorKind::PathNotFound);
        assert!(
            advice(&gone).contains("không tìm thấy"),
            "{}",
            advice(&gone)
        );
    }

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
        let inputs = w.inputs(&[]);
        let root = dir.path().canonicalize().unwrap();
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let create = EventKind::Create(CreateKind::File);
        assert!(w.concerns(&inputs, &event(write, &root.join("ward.yaml"))));
        assert!(w.concerns(
            &inputs,
            &event(create, &root.join("layouts/tuyen-truyen.typ.j2"))
        ));
        assert!(w.concerns(&inputs, &event(write, &root.join("layouts/nd30.typ"))));
        // Our own output, reads, other files and editor leftovers do not.
        assert!(!w.concerns(&inputs, &event(create, &root.join("ward.pdf"))));
        assert!(!w.concerns(&inputs, &event(create, &root.join(".cchc-gen-x.tmp"))));
        assert!(!w.concerns(
            &inputs,
            &event(EventKind::Access(AccessKind::Any), &root.join("ward.yaml"))
        ));
        assert!(!w.concerns(
            &inputs,
            &event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
                &root.join("ward.yaml")
            )
        ));
        assert!(!w.concerns(&inputs, &event(write, &root.join("other.yaml"))));
        assert!(!w.concerns(&inputs, &event(write, &root.join("layouts/.nd30.typ.swp"))));
    }

    #[test]
    fn an_image_added_to_a_new_folder_during_a_build_is_not_missed() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("ward.yaml");
        std::fs::write(&input, "mau: x\n").unwrap();
        let image = dir.path().join("anh/chu-ky.png");
        // A build that looks for the image first; the image and its folder
        // appear right after the look, before the folder is watched.
        let build = || {
            std::thread::sleep(Duration::from_millis(30));
            let mut outcome = Outcome::new(&input);
            outcome.images = vec![image.clone()];
            if image.exists() {
                outcome.pdf = Some(input.with_extension("pdf"));
            } else {
                std::fs::create_dir_all(image.parent().unwrap()).unwrap();
                std::fs::write(&image, b"png").unwrap();
                outcome.diagnostics = vec![Diagnostic::error(&input, 1, 1, "không có tệp ảnh")];
            }
            outcome
        };
        let opts = Options::default();
        let w = Watch::new(&input, None, &opts).unwrap();
        let mut built = vec![];
        let deadline = Instant::now() + Duration::from_secs(5);
        // Without the rebuild this waits for an event that never comes:
        // an edit after the deadline ends it.
        let data = input.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(6));
            let _ = std::fs::write(data, "mau: y\n");
        });
        let result = w.run_with(build, |outcome, took| {
            built.push((outcome.failed(), took));
            if outcome.failed() && Instant::now() < deadline {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
        result.unwrap();
        assert!(Instant::now() < deadline, "still waiting after {built:?}");
        // The failed build that missed the image is not reported: the one
        // after it is, with the time of both.
        let failed: Vec<bool> = built.iter().map(|b| b.0).collect();
        assert_eq!(failed, [false]);
        assert!(built[0].1 >= Duration::from_millis(60), "{built:?}");
    }

    #[test]
    fn the_first_build_is_not_repeated_for_our_own_pdf_or_a_data_file_just_saved() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("ward.yaml");
        // Saved just now, as when the user saves and then starts watching.
        std::fs::write(&input, "mau: x\n").unwrap();
        let pdf = input.with_extension("pdf");
        let mut builds = 0;
        let build = || {
            builds += 1;
            std::fs::write(&pdf, b"%PDF-1.7").unwrap();
            let mut outcome = Outcome::new(&input);
            outcome.pdf = Some(pdf.clone());
            outcome
        };
        let opts = Options::default();
        let w = Watch::new(&input, None, &opts).unwrap();
        w.run_with(build, |_, _| ControlFlow::Break(())).unwrap();
        assert_eq!(builds, 1);
    }

    #[test]
    fn a_layouts_folder_or_an_image_that_appears_later_counts() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("ward.yaml");
        std::fs::write(&input, "mau: x\n").unwrap();
        std::fs::create_dir(dir.path().join("anh")).unwrap();
        let opts = Options::default();
        let w = Watch::new(&input, None, &opts).unwrap();
        let mut outcome = Outcome::new(&input);
        // The seal's folders do not exist yet.
        outcome.images = vec![
            dir.path().join("anh/chu-ky.png"),
            dir.path().join("moi/dau/con-dau.png"),
        ];
        let inputs = w.inputs(&outcome.images);
        let root = dir.path().canonicalize().unwrap();
        assert_eq!(inputs.layouts, None);
        assert_eq!(
            w.folders(&inputs),
            BTreeSet::from([root.clone(), root.join("anh")])
        );
        let folder = EventKind::Create(CreateKind::Folder);
        let file = EventKind::Create(CreateKind::File);
        assert!(w.concerns(&inputs, &event(folder, &root.join("layouts"))));
        assert!(w.concerns(&inputs, &event(file, &root.join("anh/chu-ky.png"))));
        assert!(!w.concerns(&inputs, &event(file, &root.join("anh/khac.png"))));
        assert!(w.concerns(&inputs, &event(folder, &root.join("moi"))));
        assert!(!w.concerns(&inputs, &event(folder, &root.join("khac"))));

        // Once a folder exists it is watched, and what is in it counts.
        std::fs::create_dir(dir.path().join("layouts")).unwrap();
        std::fs::create_dir_all(dir.path().join("moi/dau")).unwrap();
        let inputs = w.inputs(&outcome.images);
        assert_eq!(inputs.layouts, Some(root.join("layouts")));
        let folders = w.folders(&inputs);
        assert!(folders.contains(&root.join("layouts")));
        assert!(folders.contains(&root.join("moi/dau")));
        assert!(w.concerns(&inputs, &event(file, &root.join("layouts/nd30.typ"))));
        assert!(w.concerns(&inputs, &event(file, &root.join("moi/dau/con-dau.png"))));
        // The layouts folder itself still counts: renamed away, its layouts
        // are no longer used.
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert!(w.concerns(&inputs, &event(renamed, &root.join("layouts"))));
    }
}
