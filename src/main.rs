fn main() -> std::process::ExitCode {
    cchc_gen::cli::main()
}
