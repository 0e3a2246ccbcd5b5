//! # amf-codegen
//!
//! Generates the ActionScript side of an amf-socket application from its annotated Rust
//! source: value classes for `#[derive(AmfClass)]` types, classes of constants for enums,
//! typed client stubs for the services the server offers, interfaces and dispatchers for the
//! services the client offers, one registration call for every class alias, and the
//! ActionScript runtime they need. The source is read with syn (nothing is compiled) through
//! the same annotation parser the macros use ([`amf_model`]), so both sides read an annotation
//! the same way.
//!
//! ## Command line
//!
//! ```text
//! amf-codegen [OPTIONS] --out DIR INPUT...
//!
//!   INPUT                     Rust files, or folders searched for *.rs
//!   -o, --out DIR             the ActionScript source folder to write (folder = package)
//!       --package PKG         stubs, dispatchers, the registration class and unaliased enums
//!                             [default: generated]
//!       --runtime-package PKG the runtime (Connection, RpcCall...) [default: amfsocket]
//!       --map FROM=TO         alias package FROM (and below) becomes package TO; repeatable
//!       --collections array|vector
//!                             Vec<T> in the typed API of services [default: array]
//!       --naming actionscript|rust
//!                             joinRoom / DARK_RED, or join_room / DarkRed [default: actionscript]
//!       --no-runtime          do not write the runtime
//!       --check               write nothing; exit 1 listing every file that differs
//!       --prune               delete generated files that are no longer generated
//!   -q, --quiet               print nothing on success
//! ```
//!
//! It prints one summary line (`amf-codegen: 9 value classes, 5 enums, 3 services (9 requests,
//! 4 messages); 52 files: 43 written, 0 unchanged, 9 created once, 0 kept`) and exits 1 when
//! the source cannot be mapped (every problem is listed as `file:line:column: message` with a
//! hint), when `--check` finds differences, or when a subclass created earlier no longer
//! matches the Rust type.
//!
//! ## From a build script or a test
//!
//! ```no_run
//! use amf_codegen::{Mode, Options};
//!
//! let report = amf_codegen::run(
//!     &["src/model.rs".into(), "src/services".into()],
//!     "flash/src".as_ref(),
//!     &Options::default().map_package("com.example", "game.model"),
//!     Mode::Write,
//! )?;
//! println!("{report}");
//! # Ok::<(), amf_codegen::Error>(())
//! ```
//!
//! [`generate`] works on sources in memory and returns the files without touching the disk.
//!
//! ## What is generated
//!
//! | Rust | ActionScript |
//! |------|--------------|
//! | struct with `alias` | `UserBase.as` (always regenerated: public members in field order, wire names, ASDoc from the doc comments) and `User.as` (created once, never overwritten: `[RemoteClass(alias=…)]`, extends `UserBase`) |
//! | struct without `alias` | nothing: it travels as an anonymous object, typed `Object` where used (the ASDoc lists its members) |
//! | newtype struct | nothing: it travels as its field, and is typed as its field |
//! | unit enum | a final class of typed constants (`String`, or `int` with `repr = "integer"`) with `values()`, `names()`, `isValid(v)`, `nameOf(v)`, `fromName(n)` |
//! | tagged enum | a class of tag constants (`ShapeTag`, with `member()` and `of(object)`); a value class per variant with its own `alias`; one value class for the variants without one when the enum has an `alias` |
//! | service (`served_by = "server"`, the default) | `ChatClient.as`: one method per request, returning a typed `ChatJoinCall`, and one per message; a call class per request |
//! | service with `served_by = "client"` | `IChat.as` to implement, `ChatDispatcher.as` to add to the connection, a reply class per request |
//! | every aliased class | one `ClassAliases.registerAll()` call that runs `registerClassAlias` for each (stubs and dispatchers call it) |
//! | — | the runtime, in `--runtime-package` |
//!
//! ## Type mapping
//!
//! Types are recognised by their last path segment, after the types of the input (those that
//! derive `AmfClass`) and the type parameters in scope.
//!
//! | Rust | ActionScript | notes |
//! |------|--------------|-------|
//! | `bool` | `Boolean` | |
//! | `i8`, `i16`, `i32` | `int` | |
//! | `u8`, `u16`, `u32` | `uint` | |
//! | `f32`, `f64` | `Number` | |
//! | `i64`, `u64`, `i128`, `u128`, `isize`, `usize` | `Number` | exact up to ±2<sup>53</sup>; the Rust encoder refuses larger values (`IntegerPrecision`) rather than send them rounded, and the ASDoc says so |
//! | `String`, `&str`, `char`, `Cow<str>`, `Box<str>` | `String` | |
//! | `Vec<u8>`, `&[u8]`, `[u8; N]`, `amf3::ByteArray` | `flash.utils.ByteArray` | |
//! | `SystemTime`, `amf3::Date` | `Date` | |
//! | `amf3::Value` | `*` | |
//! | `Vec<T>`, `[T]`, `[T; N]`, `Box<[T]>` | `Array` (`[ArrayElementType]` on members) | `Vector.<T>` in the typed API of services with `--collections vector` (converted from the Array on the wire); members stay `Array`, as Flash Player cannot store the Array it decodes in a `Vector` member |
//! | `Vec<Vec<T>>` | `Array` / `Vector.<Vector.<T>>` | nested generics map element by element |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | `Object` | keys must be strings (`String`, `&str`, `Cow<str>`): they travel as member names |
//! | `Option<T>`, `T` a class, `String`, `Array`, `Date`, ... | `T` | `null` is `None` |
//! | `Option<T>`, `T` an `int`, `uint`, `Number`, `Boolean` or integer enum | `Object` | these ActionScript types cannot be null (a null member decodes as 0 or false): `Object` keeps `null` apart from 0; the ASDoc names the type |
//! | `Box<T>`, `Rc<T>`, `Arc<T>`, `&T` | as `T` | |
//! | a struct with `alias` | its class | |
//! | a struct without `alias`, a unit struct without `alias` | `Object` | anonymous objects |
//! | a newtype struct | as its field | |
//! | a unit enum | `String` (or `int`) | its constants class is named in the ASDoc (`@see`) |
//! | a tagged enum | its class if all variants share the enum's alias, else `Object` | |
//! | a type parameter `T` | `*` | |
//! | a field with `#[amf(with = "...")]` | `*` | its codec decides |
//! | `()` as a return type | no value (`function():void`) | |
//! | tuples, sets, `VecDeque`, `IndexMap`, `Duration`, `Result` (as a value), maps with other keys, unknown types, function pointers, trait objects | error | `file:line:column: cannot map `T` to ActionScript: why`, with a hint |
//!
//! ## Choices
//!
//! - **Regeneration**: as GraniteDS users know it: `UserBase.as` holds the members and is
//!   rewritten on every run; `User.as` extends it, carries `[RemoteClass]`, is created once and
//!   never overwritten, so hand-written code there survives. What a subclass cannot get from
//!   regeneration is checked instead: on every run its `extends`, its `dynamic` and its
//!   `[RemoteClass]` alias are compared with the Rust type, and a mismatch fails the run. The
//!   registration class, always regenerated, registers the current alias whatever the
//!   subclass says. Files whose first line is the generated header and that a run no longer
//!   produces are reported as stale (`--check` fails on them; `--prune` deletes them).
//! - **Members keep their wire names**: Flash Player sets members by the names on the wire,
//!   so `--naming` applies to methods, arguments and constants only; a wire name that is not an
//!   ActionScript identifier is an error with a hint (`rename` / `rename_all`).
//! - **Services the client offers** are marked on the trait: `#[service(name = "alerts",
//!   served_by = "client")]` (a key of [`amf_model`]); `served_by = "server"` is the default.
//! - **Enums** travel as their wire values, so their ActionScript type is the value's
//!   (`String` or `int`) and their class holds typed constants and the lookups.
//!
//! ## The ActionScript runtime
//!
//! Its own choices are documented in its classes (`Connection`, `ConnectionState`,
//! `RpcCall`, `IncomingRequest`, `FrameReader`); in short:
//!
//! - **Established** means a valid frame came from the server, never `Event.CONNECT` alone
//!   (Ruffle fires it before anyone answers): right after `CONNECT` the client sends an
//!   `amf_socket_ping` request, which a Rust server answers at once (the original Ruby server
//!   pings within 5 s); no frame within `handshakeTimeoutMs` (10 s) fails the attempt. Calls
//!   made before that wait in a queue, their timeouts running.
//! - **Latency** is measured: the round trip of the client's own pings (at the handshake, then
//!   every `pingIntervalMs`), else the latency the server reports in its pings.
//! - **Reply once**: `IncomingRequest` (and the generated reply classes) throw
//!   `IllegalOperationError` on a second reply; a handler that throws is answered with an error
//!   reply (`RpcError` chooses the code); an unserved request is answered `unknown_command`.
//! - **Failures carry a reason** (`RpcFailure`: `timeout`, `disconnected`, `closed`,
//!   `not_connected`, `remote_error` with the server's code and message, `invalid_result` when
//!   the reply does not have the Rust type, `encode_error`, `cancelled`), to callbacks and as
//!   events; a call succeeds or fails exactly once.
//! - **Framing**: every complete frame is cut out of the buffer before any is decoded, each is
//!   decoded from its own ByteArray and leaves the inbox first: under Ruffle, `readObject` on
//!   bad bytes aborts the handler past any `catch`; the frames after it are decoded at the next
//!   tick and the bad one is reported (`ConnectionEvent.PROTOCOL_ERROR`).
//! - **Reconnection** with exponential back-off and jitter (`ConnectionOptions`); requests
//!   already sent fail `disconnected` when the connection is lost, queued ones wait.
//!
//! The tests run the generated client in Ruffle against a Rust server built from the same
//! fixture with the real macros (`tests/ruffle.rs`).

mod asdoc;
mod emit;
mod error;
mod input;
mod names;
mod options;
mod plan;
mod types;
mod write;

pub use emit::{GeneratedFile, Subclass};
pub use error::{Diagnostic, Error};
pub use input::{read_sources, Source};
pub use options::{Collections, Naming, Options};
pub use write::{Difference, Mode, Report};

use amf_model::MethodKind;
use std::path::{Path, PathBuf};

/// What was generated, before it is written.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// The counts of what the files hold.
    pub stats: Stats,
}

/// The counts of a run, for the summary line.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Value classes (each a `…Base.as` and a `….as`).
    pub classes: usize,
    /// Classes of constants (unit enums, tags of tagged enums).
    pub enums: usize,
    /// Service traits.
    pub services: usize,
    /// Requests, over all services.
    pub requests: usize,
    /// Messages, over all services.
    pub messages: usize,
}

/// Generates the ActionScript for `sources` (nothing is read or written).
pub fn generate(sources: &[Source], options: &Options) -> Result<Generated, Error> {
    options.validate()?;
    let parsed = input::parse(sources).map_err(Error::Source)?;
    let plan = plan::plan(&parsed, options).map_err(Error::Source)?;
    let methods = plan.services.iter().flat_map(|s| &s.methods);
    let stats = Stats {
        classes: plan.classes.len(),
        enums: plan.enums.len(),
        services: plan.services.len(),
        requests: methods
            .clone()
            .filter(|m| m.kind == MethodKind::Request)
            .count(),
        messages: methods.filter(|m| m.kind == MethodKind::Message).count(),
    };
    Ok(Generated {
        files: emit::emit(&plan, options),
        stats,
    })
}

impl Generated {
    /// Writes the files below `out` (or checks them, with [`Mode::Check`]).
    pub fn write(&self, out: &Path, mode: Mode) -> Result<Report, Error> {
        write::apply(&self.files, self.stats, out, mode)
    }

    /// The file at `path` (relative, `/` separators), if generated.
    pub fn file(&self, path: &str) -> Option<&GeneratedFile> {
        self.files.iter().find(|file| file.path == path)
    }
}

/// Reads `inputs` (files and folders), generates, and writes or checks `out`.
pub fn run(inputs: &[PathBuf], out: &Path, options: &Options, mode: Mode) -> Result<Report, Error> {
    if inputs.is_empty() {
        return Err(Error::Options(
            "no input: give Rust files or folders".to_owned(),
        ));
    }
    let sources = read_sources(inputs)?;
    generate(&sources, options)?.write(out, mode)
}
