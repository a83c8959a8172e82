// typst allocates and frees many small objects per document: mimalloc is
// faster at that than glibc's malloc, and gives freed memory back without
// the malloc_trim calls glibc needed in a batch (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cchc_gen::cli::main()
}
