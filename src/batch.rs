//! Many files in one process, on all cores. Every document shares the parsed
//! fonts and typst's memo cache (see [`crate::typeset`]); each file is still
//! built on its own, so a broken file never stops the others.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::build::Outcome;

/// typst's layout recurses deeply; this is the stack the main thread gets on
/// Linux (a spawned thread gets 2 MiB). Untouched pages cost no memory.
const STACK_SIZE: usize = 8 << 20;

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
pub fn run(
    inputs: &[PathBuf],
    jobs: Option<NonZeroUsize>,
    step: impl Fn(&Path) -> Outcome + Sync,
    done: impl Fn(&Outcome) + Sync,
) -> std::io::Result<Vec<Outcome>> {
    let cores = || std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = jobs
        .map_or_else(cores, NonZeroUsize::get)
        .min(inputs.len())
        .max(1);
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

/// The first two inputs that would write the same PDF (e.g. `a.yaml` and
/// `a.yml`, or `x/a.yaml` and `y/a.yaml` into one `-o` folder): built in
/// parallel they would overwrite each other.
pub fn same_output<'a>(
    inputs: &'a [PathBuf],
    output: Option<&Path>,
) -> Option<(&'a Path, &'a Path)> {
    let mut by_output: Vec<(PathBuf, &Path)> = inputs
        .iter()
        .map(|i| (crate::build::output_path(i, output), i.as_path()))
        .collect();
    by_output.sort();
    by_output
        .windows(2)
        .find(|w| w[0].0 == w[1].0)
        .map(|w| (w[0].1, w[1].1))
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
        let outcomes = run(&inputs, NonZeroUsize::new(3), outcome, |_| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
        let order: Vec<&PathBuf> = outcomes.iter().map(|o| &o.input).collect();
        assert_eq!(order, inputs.iter().collect::<Vec<_>>());
        assert_eq!(seen.into_inner(), 200);
        assert_eq!(outcomes.iter().filter(|o| o.failed()).count(), 29);
        // Only files with something to show keep their text.
        assert!(outcomes.iter().all(|o| o.source.is_some() == o.failed()));
    }

    #[test]
    fn finds_two_inputs_with_the_same_pdf() {
        let inputs = [
            PathBuf::from("x/a.yaml"),
            PathBuf::from("x/b.yaml"),
            PathBuf::from("x/a.yml"),
        ];
        assert_eq!(
            same_output(&inputs, None),
            Some((Path::new("x/a.yaml"), Path::new("x/a.yml")))
        );
        assert_eq!(same_output(&inputs[..2], None), None);
        let apart = [PathBuf::from("x/a.yaml"), PathBuf::from("y/a.yaml")];
        assert_eq!(same_output(&apart, None), None);
        assert_eq!(
            same_output(&apart, Some(Path::new("pdf/"))),
            Some((Path::new("x/a.yaml"), Path::new("y/a.yaml")))
        );
    }
}
