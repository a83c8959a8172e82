//! Many files in one process, on all cores. Every document shares the parsed
//! fonts and typst's memo cache (see [`crate::typeset`]); each file is still
//! built on its own, so a broken file never stops the others.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::build::Outcome;

/// typst's layout recurses deeply; this is the stack the main thread gets on
/// Linux (a spawned thread gets 2 MiB). Untouched pages cost no memory.
const STACK_SIZE: usize = 8 << 20;

/// A data file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Its path under the folder named on the command line, or its name
    /// when it was named itself: where its PDF goes under `-o THƯ_MỤC/`.
    pub within: PathBuf,
}

impl Found {
    /// A file named on the command line.
    pub fn named(path: &Path) -> Self {
        Found {
            path: path.to_path_buf(),
            within: path
                .file_name()
                .map_or_else(|| path.to_path_buf(), PathBuf::from),
        }
    }
}

/// Runs `step` (build or check) on every input with `jobs` threads (default:
/// one per core), calling `done` as each file finishes. The outcomes come
/// back in the order of `inputs`, whatever order the threads finish in.
///
/// Plain threads, not rayon tasks: typst runs parts of a document on rayon
/// and, while it waits for them, lets the waiting rayon worker run other
/// queued tasks. Documents queued as rayon tasks then nest on one stack,
/// each holding its half-built state: memory grew with the batch (620 MB for
/// 500 reports) and the stack overflowed. From plain threads typst's parts
/// go to rayon's global pool and each thread builds one document at a time.
pub fn run<T: Sync>(
    inputs: &[T],
    jobs: Option<NonZeroUsize>,
    step: impl Fn(&T) -> Outcome + Sync,
    done: impl Fn(&Outcome) + Sync,
) -> std::io::Result<Vec<Outcome>> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = threads(jobs, inputs.len(), cores);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else {
                break mine;
            };
            let mut outcome = step(input);
            done(&outcome);
            // The text is kept only to show the lines of diagnostics: held for
            // every file, it would grow memory with the batch (15 KB a file).
            if outcome.diagnostics.is_empty() {
                outcome.source = None;
            }
            mine.push((i, outcome));
        }
    };
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok::<_, std::io::Error>(
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect(),
        )
    })?;
    outcomes.sort_by_key(|(i, _)| *i);
    Ok(outcomes.into_iter().map(|(_, o)| o).collect())
}

/// How many threads build `files` files: `jobs`, or one per core, but never
/// more than the cores, whose threads would only wait their turn while each
/// holds a document's memory (`--jobs 100000` on 2000 files took 5 GB),
/// nor more than the files.
fn threads(jobs: Option<NonZeroUsize>, files: usize, cores: usize) -> usize {
    jobs.map_or(cores, NonZeroUsize::get)
        .min(cores)
        .min(files)
        .max(1)
}

/// Where the PDF of each input goes: beside it, or at its path under the
/// `-o` folder (`-o pdf/` puts `bao-cao/quan-a/x.yaml`, found in `bao-cao`,
/// at `pdf/quan-a/x.pdf`), or the `-o` file of a single input. Inputs whose
/// PDFs would be one file (`a.yaml` and `a.yml`) are told so, all of them:
/// built in parallel they would overwrite each other, and which one should
/// win is the user's to say.
pub fn pdf_paths(inputs: &[Found], output: Option<&Path>) -> Vec<Result<PathBuf, String>> {
    let pdfs: Vec<PathBuf> = inputs
        .iter()
        .map(|f| match output {
            None => crate::build::default_output(&f.path),
            Some(o) if crate::build::is_folder(o) => {
                o.join(crate::build::default_output(&f.within))
            }
            Some(o) => o.to_path_buf(),
        })
        .collect();
    // Names that differ only in case are one file on Windows and macOS.
    let key = |p: &Path| {
        (
            p.parent().map(Path::to_path_buf),
            p.file_name().map(|n| n.to_string_lossy().to_lowercase()),
        )
    };
    let mut by_pdf: HashMap<_, Vec<usize>> = HashMap::new();
    for (i, pdf) in pdfs.iter().enumerate() {
        by_pdf.entry(key(pdf)).or_default().push(i);
    }
    pdfs.iter()
        .enumerate()
        .map(|(i, pdf)| {
            let same = &by_pdf[&key(pdf)];
            if same.len() == 1 {
                return Ok(pdf.clone());
            }
            let others: Vec<String> = same
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| inputs[j].path.display().to_string())
                .collect();
            Err(format!(
                "PDF của tệp này và của {} cùng ra một tệp {}, nên không tệp nào được dựng — đổi tên cho các tệp dữ liệu khác nhau",
                others.join(", "),
                pdf.display()
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn outcome(input: &Path) -> Outcome {
        let failed = input.to_string_lossy().contains("hong");
        let mut outcome = Outcome::new(input);
        outcome.source = Some("mau: x\n".into());
        if failed {
            outcome.diagnostics = vec![Diagnostic::error(input, 1, 1, "hỏng")];
        } else {
            outcome.pdf = Some(crate::build::default_output(input));
        }
        outcome
    }

    #[test]
    fn outcomes_keep_the_input_order_and_every_file_is_reported_once() {
        let inputs: Vec<PathBuf> = (0..200)
            .map(|i| {
                PathBuf::from(format!(
                    "{i:03}-{}.yaml",
                    if i % 7 == 0 { "hong" } else { "tot" }
                ))
            })
            .collect();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let outcomes = run(
            &inputs,
            NonZeroUsize::new(3),
            |i| outcome(i),
            |_| {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            },
        )
        .unwrap();
        let order: Vec<&PathBuf> = outcomes.iter().map(|o| &o.input).collect();
        assert_eq!(order, inputs.iter().collect::<Vec<_>>());
        assert_eq!(seen.into_inner(), 200);
        assert_eq!(outcomes.iter().filter(|o| o.failed()).count(), 29);
        // Only files with something to show keep their text.
        assert!(outcomes.iter().all(|o| o.source.is_some() == o.failed()));
    }

    #[test]
    fn threads_are_no_more_than_the_cores_and_the_files() {
        let jobs = NonZeroUsize::new;
        assert_eq!(threads(None, 2000, 8), 8);
        assert_eq!(threads(jobs(100_000), 2000, 8), 8);
        assert_eq!(threads(jobs(3), 2000, 8), 3);
        assert_eq!(threads(jobs(100_000), 2, 8), 2);
        assert_eq!(threads(None, 0, 8), 1);
    }

    fn found(dir: &str, within: &str) -> Found {
        Found {
            path: Path::new(dir).join(within),
            within: within.into(),
        }
    }

    #[test]
    fn pdfs_keep_their_place_under_the_output_folder_and_clashes_fail_alone() {
        let inputs = [
            found("x", "a.yaml"),
            found("x", "b.yaml"),
            found("x", "A.yml"),
            found("x", "quan-1/a.yaml"),
        ];
        let pdfs = pdf_paths(&inputs, None);
        assert!(
            pdfs[0].as_ref().unwrap_err().contains("x/A.yml"),
            "{pdfs:?}"
        );
        assert!(
            pdfs[2].as_ref().unwrap_err().contains("x/a.yaml"),
            "{pdfs:?}"
        );
        assert_eq!(pdfs[1], Ok(PathBuf::from("x/b.pdf")));
        assert_eq!(pdfs[3], Ok(PathBuf::from("x/quan-1/a.pdf")));
        // Wards in their own folders, each with the same name, into one folder.
        let wards = [found("x", "quan-1/a.yaml"), found("x", "quan-2/a.yaml")];
        assert_eq!(
            pdf_paths(&wards, Some(Path::new("pdf/"))),
            [
                Ok(PathBuf::from("pdf/quan-1/a.pdf")),
                Ok(PathBuf::from("pdf/quan-2/a.pdf"))
            ]
        );
        let named = [
            Found::named(Path::new("x/a.yaml")),
            Found::named(Path::new("y/a.yaml")),
        ];
        let pdfs = pdf_paths(&named, Some(Path::new("pdf/")));
        assert!(pdfs.iter().all(Result::is_err), "{pdfs:?}");
    }
}
