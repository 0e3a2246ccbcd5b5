//! Handling incoming calls: the [`Service`] trait, the [`Context`] of a call, the closure-based
//! [`Router`], and the [`Dispatcher`] that routes a command to the service that serves it.
//!
//! A service has a fixed list of commands ([`Service::commands`]). When a request or message
//! arrives, the dispatcher finds the command, and the service decodes the params into typed
//! arguments straight from the frame (synchronously, while the frame is at hand) and returns
//! the future that runs the handler. Its output is the reply.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::amf3::{DecodeError, DecodeOwned, Decoder, Encode, ObjectReader};
use crate::peer::Peer;
use crate::protocol::envelope::{Kind, RemoteError};

/// What a request handler produces: a value to encode as `result`, or an error reply.
pub type Reply = Result<Box<dyn Encode + Send>, RemoteError>;

/// The future that runs one handler.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// Whether a command is a request (answered) or a message (fire and forget).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    /// Answered with a response.
    Request,
    /// Never answered.
    Message,
}

/// One command a service serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSpec {
    /// The wire command, e.g. `chat.join` or `echo`.
    pub name: Cow<'static, str>,
    /// Request or message.
    pub kind: CommandKind,
}

/// A set of commands and their handlers. The `#[service]` macro implements it for your service
/// traits; [`Router`] implements it for closures.
pub trait Service: Send + Sync + 'static {
    /// The commands served; `call` receives an index into this list.
    fn commands(&self) -> Vec<CommandSpec>;

    /// Decodes the params of command number `command` and starts its handler. An error here
    /// (a missing or ill-typed argument) is answered as an error reply.
    fn call(
        self: Arc<Self>,
        command: usize,
        call: Call<'_, '_>,
    ) -> Result<HandlerFuture, RemoteError>;
}

/// The context of one incoming call: who sent it, and its messageId.
#[derive(Debug, Clone)]
pub struct Context {
    peer: Peer,
    message_id: Arc<str>,
}

impl Context {
    pub(crate) fn new(peer: Peer, message_id: Arc<str>) -> Self {
        Context { peer, message_id }
    }

    /// The connection the call came from: push messages, make requests, rooms, state, latency.
    pub fn peer(&self) -> &Peer {
        &self.peer
    }

    /// The call's messageId.
    pub fn message_id(&self) -> &str {
        &self.message_id
    }
}

/// One incoming call, as a service sees it while decoding its arguments.
#[derive(Debug)]
pub struct Call<'a, 'de> {
    /// The call's context, to move into the handler's future.
    pub context: Context,
    /// The wire command.
    pub command: &'a str,
    decoder: &'a mut Decoder<'de>,
    params_at: usize,
}

impl<'a, 'de> Call<'a, 'de> {
    pub(crate) fn new(
        context: Context,
        command: &'a str,
        decoder: &'a mut Decoder<'de>,
        params_at: usize,
    ) -> Self {
        Call {
            context,
            command,
            decoder,
            params_at,
        }
    }

    /// Decodes the whole params object as one value.
    pub fn params<T: DecodeOwned>(&mut self) -> Result<T, RemoteError> {
        let command = self.command;
        self.decoder
            .decode_at(self.params_at, |d| T::decode(d))
            .map_err(|e| invalid_params(command, None, &e))
    }

    /// Reads the params object member by member (one member per argument).
    pub fn read_params<T>(
        &mut self,
        read: impl FnOnce(&mut ObjectReader<'_, 'de>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.decoder
            .decode_at(self.params_at, |d| d.read_object("", read))
    }
}

/// The error reply for params that could not be decoded: code `invalid_params`, naming the
/// command and, when known, the argument.
pub fn invalid_params(command: &str, argument: Option<&str>, error: &DecodeError) -> RemoteError {
    let message = match argument {
        Some(arg) => format!("`{command}`: argument `{arg}`: {}", error.kind()),
        None => format!("`{command}`: params: {}", error.kind()),
    };
    RemoteError::new("invalid_params", message)
}

/// The error reply for a missing argument.
pub fn missing_argument(command: &str, argument: &str) -> RemoteError {
    RemoteError::new(
        "invalid_params",
        format!("`{command}`: missing argument `{argument}`"),
    )
}

impl From<String> for RemoteError {
    /// An error reply with code `error` and this message.
    fn from(message: String) -> Self {
        RemoteError::new("error", message)
    }
}

impl From<&str> for RemoteError {
    /// An error reply with code `error` and this message.
    fn from(message: &str) -> Self {
        RemoteError::new("error", message)
    }
}

type RouteFn = dyn Fn(Call<'_, '_>) -> Result<HandlerFuture, RemoteError> + Send + Sync;

/// A service made of closures, one per command: the hand-written way to serve commands.
///
/// ```
/// use amf_runtime::{Router, amf3::Value};
/// let router = Router::new()
///     .request("echo", |_ctx, params: Value| async move { Ok::<_, String>(params) })
///     .message("log", |ctx, params: Value| async move {
///         println!("{} says {params:?}", ctx.peer().id());
///     });
/// ```
#[derive(Default)]
pub struct Router {
    routes: Vec<(CommandSpec, Box<RouteFn>)>,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.routes.iter().map(|(spec, _)| spec))
            .finish()
    }
}

impl Router {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves request `command`: its params object decodes into `A`, and the handler's
    /// `Ok` value becomes the result (an `Err` becomes an error reply).
    pub fn request<A, R, E, F, Fut>(
        mut self,
        command: impl Into<Cow<'static, str>>,
        handler: F,
    ) -> Self
    where
        A: DecodeOwned + Send + 'static,
        R: Encode + Send + 'static,
        E: Into<RemoteError>,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<R, E>> + Send + 'static,
    {
        let route = move |mut call: Call<'_, '_>| -> Result<HandlerFuture, RemoteError> {
            let args = call.params::<A>()?;
            let fut = handler(call.context, args);
            Ok(Box::pin(async move {
                match fut.await {
                    Ok(result) => Ok(Box::new(result) as Box<dyn Encode + Send>),
                    Err(e) => Err(e.into()),
                }
            }))
        };
        self.routes.push((
            CommandSpec {
                name: command.into(),
                kind: CommandKind::Request,
            },
            Box::new(route),
        ));
        self
    }

    /// Serves message `command`: its params object decodes into `A`.
    pub fn message<A, F, Fut>(mut self, command: impl Into<Cow<'static, str>>, handler: F) -> Self
    where
        A: DecodeOwned + Send + 'static,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let route = move |mut call: Call<'_, '_>| -> Result<HandlerFuture, RemoteError> {
            let args = call.params::<A>()?;
            let fut = handler(call.context, args);
            Ok(Box::pin(async move {
                fut.await;
                Ok(Box::new(()) as Box<dyn Encode + Send>)
            }))
        };
        self.routes.push((
            CommandSpec {
                name: command.into(),
                kind: CommandKind::Message,
            },
            Box::new(route),
        ));
        self
    }
}

impl Service for Router {
    fn commands(&self) -> Vec<CommandSpec> {
        self.routes.iter().map(|(spec, _)| spec.clone()).collect()
    }

    fn call(
        self: Arc<Self>,
        command: usize,
        call: Call<'_, '_>,
    ) -> Result<HandlerFuture, RemoteError> {
        (self.routes[command].1)(call)
    }
}

/// Two services that serve the same command.
#[derive(Debug, Clone, thiserror::Error)]
#[error("command `{0}` is served twice")]
pub struct DuplicateCommand(pub String);

/// Routes each command to the service that serves it. Built once per server or client.
#[derive(Default, Clone)]
pub struct Dispatcher {
    /// Looked up for every incoming call, so hashed with hashbrown's fast default hasher rather
    /// than SipHash: the table holds the service's own commands and never grows from input, so
    /// hash flooding has nothing to fill.
    routes: hashbrown::HashMap<String, (Arc<dyn Service>, usize, CommandKind)>,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<_> = self.routes.keys().collect();
        names.sort();
        f.debug_struct("Dispatcher")
            .field("commands", &names)
            .finish()
    }
}

impl Dispatcher {
    /// Adds every command of `service`.
    pub fn add(&mut self, service: Arc<dyn Service>) -> Result<(), DuplicateCommand> {
        for (index, spec) in service.commands().into_iter().enumerate() {
            let name = spec.name.into_owned();
            if self.routes.contains_key(&name) {
                return Err(DuplicateCommand(name));
            }
            self.routes
                .insert(name, (service.clone(), index, spec.kind));
        }
        Ok(())
    }

    /// A dispatcher for `services`; a command served twice is an error.
    pub(crate) fn build(services: Vec<Arc<dyn Service>>) -> Result<Self, DuplicateCommand> {
        let mut dispatcher = Dispatcher::default();
        for service in services {
            dispatcher.add(service)?;
        }
        Ok(dispatcher)
    }

    /// The service, index and kind of `command`.
    pub(crate) fn route(&self, command: &str) -> Option<(Arc<dyn Service>, usize, CommandKind)> {
        self.routes
            .get(command)
            .map(|(s, i, k)| (s.clone(), *i, *k))
    }

    /// Whether no command is served.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// The error reply for a command nobody serves.
pub(crate) fn unknown_command(command: &str, kind: Kind) -> RemoteError {
    RemoteError::new(
        "unknown_command",
        format!(
            "no {} handler for command `{command}`",
            if kind == Kind::Message {
                "message"
            } else {
                "request"
            }
        ),
    )
}
