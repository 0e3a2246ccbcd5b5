//! The `amf-codegen` command: see the crate documentation of `amf_codegen` for the options.

use amf_codegen::{Collections, Mode, Naming, Options};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: amf-codegen [OPTIONS] --out DIR INPUT...

Generates ActionScript classes, typed RPC stubs and the runtime from annotated Rust source.

  INPUT                     Rust files, or folders searched for *.rs
  -o, --out DIR             the ActionScript source folder to write (folder = package)
      --package PKG         stubs, dispatchers, the registration class and unaliased enums
                            [default: generated]
      --runtime-package PKG the runtime (Connection, RpcCall...) [default: amfsocket]
      --map FROM=TO         alias package FROM (and below) becomes package TO; repeatable
      --collections array|vector
                            Vec<T> in the typed API of services [default: array]
      --naming actionscript|rust
                            joinRoom / DARK_RED, or join_room / DarkRed [default: actionscript]
      --no-runtime          do not write the runtime
      --check               write nothing; exit 1 listing every file that differs
      --prune               delete generated files that are no longer generated
  -q, --quiet               print nothing on success
  -h, --help                print this help
  -V, --version             print the version";

struct Args {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    options: Options,
    mode: Mode,
    quiet: bool,
}

enum Parsed {
    Run(Args),
    Exit(String),
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut args = args.into_iter();
    let mut inputs = Vec::new();
    let mut out = None;
    let mut options = Options::default();
    let mut mode = Mode::Write;
    let mut quiet = false;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Exit(USAGE.to_owned())),
            "-V" | "--version" => {
                return Ok(Parsed::Exit(format!(
                    "amf-codegen {}",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            "-o" | "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--package" => options.package = value("--package")?,
            "--runtime-package" => options.runtime_package = value("--runtime-package")?,
            "--map" => {
                let map = value("--map")?;
                let (from, to) = map
                    .split_once('=')
                    .ok_or_else(|| format!("--map {map}: expected FROM=TO"))?;
                options.package_map.push((from.to_owned(), to.to_owned()));
            }
            "--collections" => {
                options.collections = match value("--collections")?.as_str() {
                    "array" => Collections::Array,
                    "vector" => Collections::Vector,
                    other => {
                        return Err(format!("--collections {other}: expected array or vector"))
                    }
                }
            }
            "--naming" => {
                options.naming = match value("--naming")?.as_str() {
                    "actionscript" => Naming::ActionScript,
                    "rust" => Naming::Rust,
                    other => {
                        return Err(format!("--naming {other}: expected actionscript or rust"))
                    }
                }
            }
            "--no-runtime" => options.runtime = false,
            "--check" => mode = Mode::Check,
            "--prune" => mode = Mode::WritePrune,
            "-q" | "--quiet" => quiet = true,
            _ if arg.starts_with('-') && arg.len() > 1 => {
                return Err(format!("unknown option `{arg}`"))
            }
            _ => inputs.push(PathBuf::from(arg)),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if inputs.is_empty() {
        return Err("no input: give Rust files or folders".to_owned());
    }
    Ok(Parsed::Run(Args {
        inputs,
        out,
        options,
        mode,
        quiet,
    }))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("amf-codegen: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match amf_codegen::run(&args.inputs, &args.out, &args.options, args.mode) {
        Ok(report) if report.is_success() => {
            if !args.quiet {
                println!("{report}");
            }
            ExitCode::SUCCESS
        }
        Ok(report) => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("{err}");
            eprintln!("amf-codegen: nothing written");
            ExitCode::FAILURE
        }
    }
}
