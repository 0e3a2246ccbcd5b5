{{ header }}
package {{ package }} {
import flash.events.Event;
import flash.events.EventDispatcher;
import flash.events.IOErrorEvent;
import flash.events.ProgressEvent;
import flash.events.SecurityErrorEvent;
import flash.events.TimerEvent;
import flash.net.ObjectEncoding;
import flash.net.Socket;
import flash.utils.ByteArray;
import flash.utils.Timer;
import flash.utils.getDefinitionByName;
import flash.utils.getTimer;

/** A connection attempt starts. */
[Event(name="connecting", type="{{ package_prefix }}ConnectionEvent")]
/** The server has spoken: the connection is established. */
[Event(name="open", type="{{ package_prefix }}ConnectionEvent")]
/** The connection closed, or an attempt failed. */
[Event(name="close", type="{{ package_prefix }}ConnectionEvent")]
/** The server pinged. */
[Event(name="ping", type="{{ package_prefix }}ConnectionEvent")]
/** A new latency was measured. */
[Event(name="latency", type="{{ package_prefix }}ConnectionEvent")]
/** A request no handler serves. */
[Event(name="request", type="{{ package_prefix }}ConnectionEvent")]
/** A message no handler serves. */
[Event(name="message", type="{{ package_prefix }}ConnectionEvent")]
/** A frame could not be used. */
[Event(name="protocolError", type="{{ package_prefix }}ConnectionEvent")]
/**
 * One AMF Socket connection to a server: framing, envelopes, pending requests with timeouts,
 * ping answers, latency, error replies and reconnection with back-off.
 *
 * <p>The connection counts as established (<code>OPEN</code>) only when a valid frame has
 * come from the server, never on <code>Event.CONNECT</code> alone (see
 * <code>ConnectionState</code>). Calls and messages made before that wait in a queue and go
 * out in order once it is open; their timeouts run from the moment they are made. When the
 * connection is lost, the requests already sent fail with <code>RpcFailure.DISCONNECTED</code>
 * (the server cannot answer them on another connection), while queued ones wait for the next
 * attempt.</p>
 *
 * <p>Frames are cut out of the receive buffer before any is decoded, and each is decoded from
 * its own ByteArray; a frame that cannot be decoded is reported with
 * <code>ConnectionEvent.PROTOCOL_ERROR</code> and skipped. Under Ruffle, whose
 * <code>readObject</code> errors escape every <code>catch</code> and abort the event handler,
 * the frames after it are decoded at the next tick (within 100 ms), and the error is reported
 * then.</p>
 *
 * <pre>
 * var connection:Connection = new Connection("127.0.0.1", 9000);
 * connection.addEventListener(ConnectionEvent.OPEN, function(e:ConnectionEvent):void { trace("open"); });
 * connection.connect();
 * connection.request("echo", {text: "hi"})
 *     .onSuccess(function(result:*):void { trace(result.text); })
 *     .onFailure(function(failure:RpcFailure):void { trace(failure); });
 * </pre>
 */
public class Connection extends EventDispatcher {
    /** The command of the heartbeat request. */
    public static const PING_COMMAND:String = "amf_socket_ping";
    /** What a ping is answered with. */
    public static const PONG:String = "pong";

    /** How often timeouts are checked, in milliseconds. */
    private static const TICK_MS:int = 100;
    /** How long the answer to one of our pings is awaited, in milliseconds. */
    private static const PING_TIMEOUT_MS:int = 30000;

    private var _host:String;
    private var _port:int;
    private var _options:ConnectionOptions;
    private var _state:String = ConnectionState.CLOSED;
    private var _wanted:Boolean = false;
    private var _socket:Socket = null;
    private var _generation:int = 0;
    private var _reader:FrameReader = null;
    private var _inbox:Array = [];
    /** The frame being decoded, until its decoding returns. */
    private var _decoding:ByteArray = null;
    private var _pending:Object = {};
    private var _pendingCount:int = 0;
    private var _queue:Array = [];
    private var _handlers:Object = {};
    private var _pings:Object = {};
    private var _latency:Number = NaN;
    private var _serverLatency:Number = NaN;
    private var _ticker:Timer = null;
    private var _reconnectTimer:Timer = null;
    private var _attempt:int = 0;
    private var _handshakeAt:int = 0;
    private var _lastPingAt:int = 0;

    /** A connection to <code>host:port</code>; call <code>connect()</code> to open it. */
    public function Connection(host:String, port:int, options:ConnectionOptions = null) {
        _host = host;
        _port = port;
        _options = options != null ? options : new ConnectionOptions();
    }

    /** The server's host. */
    public function get host():String {
        return _host;
    }

    /** The server's port. */
    public function get port():int {
        return _port;
    }

    /** The options (changes apply to the next attempt). */
    public function get options():ConnectionOptions {
        return _options;
    }

    /** One of the constants of <code>ConnectionState</code>. */
    public function get state():String {
        return _state;
    }

    /** Whether the connection is established. */
    public function get isOpen():Boolean {
        return _state == ConnectionState.OPEN;
    }

    /**
     * The round trip to the server in seconds, as the client measured it with its own pings;
     * until then, the latency the server reported in its pings; <code>NaN</code> before either.
     */
    public function get latency():Number {
        return isNaN(_latency) ? _serverLatency : _latency;
    }

    /** The latency the server measured and reported in its last ping, in seconds, or <code>NaN</code>. */
    public function get serverLatency():Number {
        return _serverLatency;
    }

    /** The requests sent and waiting for their reply. */
    public function get pendingCount():int {
        return _pendingCount;
    }

    /** The calls and messages waiting for the connection to open. */
    public function get queuedCount():int {
        return _queue.length;
    }

    /** Opens the connection (and keeps it open, if <code>autoReconnect</code>). */
    public function connect():void {
        _wanted = true;
        if (_state == ConnectionState.CLOSED || _state == ConnectionState.WAITING) {
            stopReconnectTimer();
            open();
        }
    }

    /**
     * Closes the connection for good (until the next <code>connect()</code>): pending and
     * queued calls fail with <code>RpcFailure.CLOSED</code>.
     */
    public function close():void {
        _wanted = false;
        stopReconnectTimer();
        var was:String = _state;
        teardown();
        _state = ConnectionState.CLOSED;
        failPending(RpcFailure.CLOSED, "the connection was closed by the application");
        failQueued(RpcFailure.CLOSED, "the connection was closed by the application");
        stopTicker();
        if (was != ConnectionState.CLOSED) {
            var event:ConnectionEvent = new ConnectionEvent(ConnectionEvent.CLOSE, CloseReason.CLOSED,
                "closed by the application");
            dispatchEvent(event);
        }
    }

    /**
     * Sends a request; the returned call reports the reply. A negative <code>timeoutMs</code>
     * takes <code>ConnectionOptions.requestTimeoutMs</code>, 0 waits forever.
     */
    public function request(command:String, params:Object = null, timeoutMs:int = -1):AnyCall {
        var call:AnyCall = new AnyCall(command, params, timeoutMs);
        start(call);
        return call;
    }

    /**
     * Sends a call made by a generated stub (or any <code>RpcCall</code>): at once when open,
     * else when the connection opens. Fails it with <code>RpcFailure.NOT_CONNECTED</code> if the
     * connection is closed and not reconnecting.
     */
    public function start(call:RpcCall):RpcCall {
        call.begin(_options.requestTimeoutMs);
        if (!_wanted) {
            call.fail(new RpcFailure(RpcFailure.NOT_CONNECTED, null,
                "the connection is closed: call connect() first"));
            return call;
        }
        ensureTicker();
        if (_state == ConnectionState.OPEN) {
            sendCall(call);
        } else {
            _queue.push(call);
        }
        return call;
    }

    /**
     * Sends a message (no reply): at once when open, else when the connection opens. Returns
     * <code>false</code> if it cannot be sent (closed and not reconnecting, or not encodable).
     */
    public function send(command:String, params:Object = null):Boolean {
        if (!_wanted) {
            return false;
        }
        var envelope:Object = Envelopes.message(newMessageId(), command, params);
        if (_state == ConnectionState.OPEN) {
            return write(envelope) == null;
        }
        _queue.push(envelope);
        return true;
    }

    /** Serves the commands of <code>handler</code> (a generated dispatcher), replacing earlier ones. */
    public function addHandler(handler:IHandler):void {
        var commands:Array = handler.commands;
        for (var i:int = 0; i < commands.length; i++) {
            _handlers[commands[i]] = handler;
        }
    }

    /** Stops serving the commands of <code>handler</code>. */
    public function removeHandler(handler:IHandler):void {
        var commands:Array = handler.commands;
        for (var i:int = 0; i < commands.length; i++) {
            if (_handlers[commands[i]] === handler) {
                delete _handlers[commands[i]];
            }
        }
    }

    /** @private Sends the reply of an incoming request (see <code>IncomingRequest</code>). */
    internal function respond(generation:int, messageId:String, result:*, code:String, message:String):void {
        if (generation != _generation || _socket == null) {
            return;
        }
        var envelope:Object = code != null
            ? Envelopes.errorResponse(messageId, code, message)
            : Envelopes.response(messageId, result);
        var problem:String = write(envelope);
        if (problem != null && code == null && _socket != null) {
            write(Envelopes.errorResponse(messageId, "encode_error", problem));
        }
    }

    // ---- connecting ------------------------------------------------------------------------

    private function open():void {
        teardown();
        _state = ConnectionState.CONNECTING;
        _generation++;
        _reader = new FrameReader(_options.maxFrameBytes);
        var socket:Socket = _options.secure ? newSecureSocket() : new Socket();
        socket.timeout = _options.connectTimeoutMs;
        socket.addEventListener(Event.CONNECT, onConnect);
        socket.addEventListener(Event.CLOSE, onClose);
        socket.addEventListener(IOErrorEvent.IO_ERROR, onIOError);
        socket.addEventListener(SecurityErrorEvent.SECURITY_ERROR, onSecurityError);
        socket.addEventListener(ProgressEvent.SOCKET_DATA, onData);
        _socket = socket;
        ensureTicker();
        dispatchEvent(new ConnectionEvent(ConnectionEvent.CONNECTING));
        try {
            socket.connect(_host, _port);
        } catch (e:Error) {
            lost(CloseReason.CONNECT_FAILED, e.message);
        }
    }

    /** A <code>flash.net.SecureSocket</code>, looked up at run time (not every API has it). */
    private static function newSecureSocket():Socket {
        var secureSocket:Class = getDefinitionByName("flash.net.SecureSocket") as Class;
        return new secureSocket() as Socket;
    }

    private function onConnect(event:Event):void {
        if (event.target != _socket) {
            return;
        }
        _state = ConnectionState.HANDSHAKE;
        _handshakeAt = getTimer();
        // CONNECT proves nothing (Ruffle fires it before the server answers): provoke a frame.
        sendPing();
    }

    private function established():void {
        _state = ConnectionState.OPEN;
        _attempt = 0;
        var queued:Array = _queue;
        _queue = [];
        for (var i:int = 0; i < queued.length && _state == ConnectionState.OPEN; i++) {
            var call:RpcCall = queued[i] as RpcCall;
            if (call != null) {
                if (!call.done) {
                    sendCall(call);
                }
            } else {
                write(queued[i]);
            }
        }
        if (_state != ConnectionState.OPEN) {
            // Lost while flushing: the rest waits for the next attempt, or fails.
            _queue = queued.slice(i).concat(_queue);
            if (_state == ConnectionState.CLOSED) {
                failQueued(RpcFailure.DISCONNECTED, "the connection was lost");
            }
            return;
        }
        dispatchEvent(new ConnectionEvent(ConnectionEvent.OPEN));
    }

    /** The socket is gone: fail what was sent, and try again if wanted. */
    private function lost(reason:String, detail:String):void {
        if (_socket == null) {
            return;
        }
        teardown();
        failPending(RpcFailure.DISCONNECTED, "the connection was lost (" + reason + ")");
        var retry:Boolean = _wanted && _options.autoReconnect;
        var event:ConnectionEvent = new ConnectionEvent(ConnectionEvent.CLOSE, reason, detail);
        if (retry) {
            _state = ConnectionState.WAITING;
            event.willReconnect = true;
            event.reconnectDelayMs = scheduleReconnect();
        } else {
            _state = ConnectionState.CLOSED;
            _wanted = false;
            failQueued(RpcFailure.DISCONNECTED, "the connection was lost (" + reason + ")");
        }
        dispatchEvent(event);
    }

    private function teardown():void {
        _pings = {};
        _inbox = [];
        _decoding = null;
        _reader = null;
        if (_socket == null) {
            return;
        }
        var socket:Socket = _socket;
        _socket = null;
        socket.removeEventListener(Event.CONNECT, onConnect);
        socket.removeEventListener(Event.CLOSE, onClose);
        socket.removeEventListener(IOErrorEvent.IO_ERROR, onIOError);
        socket.removeEventListener(SecurityErrorEvent.SECURITY_ERROR, onSecurityError);
        socket.removeEventListener(ProgressEvent.SOCKET_DATA, onData);
        if (socket.connected) {
            try {
                socket.close();
            } catch (e:Error) {
                // already closed
            }
        }
    }

    private function scheduleReconnect():int {
        var delay:Number = _options.reconnectDelayMs * Math.pow(_options.reconnectFactor, _attempt);
        delay = Math.min(delay, _options.reconnectMaxDelayMs);
        delay = delay * (1 + _options.reconnectJitter * (Math.random() * 2 - 1));
        var ms:int = Math.max(1, Math.round(delay));
        _attempt++;
        stopReconnectTimer();
        _reconnectTimer = new Timer(ms, 1);
        _reconnectTimer.addEventListener(TimerEvent.TIMER, onReconnectTimer);
        _reconnectTimer.start();
        return ms;
    }

    private function stopReconnectTimer():void {
        if (_reconnectTimer != null) {
            _reconnectTimer.stop();
            _reconnectTimer.removeEventListener(TimerEvent.TIMER, onReconnectTimer);
            _reconnectTimer = null;
        }
    }

    private function onReconnectTimer(event:TimerEvent):void {
        stopReconnectTimer();
        if (_wanted && _state == ConnectionState.WAITING) {
            open();
        }
    }

    private function onClose(event:Event):void {
        if (event.target == _socket) {
            lost(CloseReason.SERVER_CLOSED, "the server closed the connection");
        }
    }

    private function onIOError(event:IOErrorEvent):void {
        if (event.target == _socket) {
            lost(CloseReason.IO_ERROR, event.text);
        }
    }

    private function onSecurityError(event:SecurityErrorEvent):void {
        if (event.target == _socket) {
            lost(CloseReason.SECURITY_ERROR, event.text);
        }
    }

    // ---- receiving -------------------------------------------------------------------------

    private function onData(event:ProgressEvent):void {
        if (event.target != _socket || _reader == null) {
            return;
        }
        var frames:Array;
        try {
            frames = _reader.read(_socket);
        } catch (e:RangeError) {
            lost(CloseReason.FRAME_TOO_LARGE, e.message);
            return;
        }
        for (var i:int = 0; i < frames.length; i++) {
            _inbox.push(frames[i]);
        }
        drain();
    }

    /**
     * Decodes the frames received, one at a time: each leaves the inbox before it is decoded,
     * so that an error that aborts this handler (Ruffle) costs that frame only; the rest are
     * decoded at the next tick.
     */
    private function drain():void {
        if (_decoding != null) {
            // The last decode never returned: the player aborted the handler (Ruffle does on
            // bytes that are not AMF3, past any catch).
            var aborted:ByteArray = _decoding;
            _decoding = null;
            protocolError("undecodable_frame", "a frame of " + aborted.length +
                " bytes is not AMF3 (the player aborted its decoding)");
        }
        var generation:int = _generation;
        while (_inbox.length > 0 && _socket != null && generation == _generation) {
            var frame:ByteArray = _inbox.shift() as ByteArray;
            var data:* = undefined;
            try {
                frame.objectEncoding = ObjectEncoding.AMF3;
                _decoding = frame;
                data = frame.readObject();
                _decoding = null;
            } catch (e:Error) {
                _decoding = null;
                protocolError("undecodable_frame", "a frame of " + frame.length + " bytes is not AMF3: " +
                    e.message);
                continue;
            }
            receive(data);
        }
    }

    private function receive(data:*):void {
        var kind:String = Envelopes.kindOf(data);
        if (kind == null) {
            protocolError("invalid_envelope", "a frame is not a valid AMF Socket envelope");
            return;
        }
        if (_state == ConnectionState.HANDSHAKE) {
            established();
        }
        if (kind == Envelopes.RESPONSE) {
            onResponse(data.response);
        } else if (kind == Envelopes.REQUEST) {
            onRequest(data.request);
        } else {
            onMessage(data.message);
        }
    }

    private function onResponse(body:Object):void {
        var messageId:String = body.messageId;
        if (_pings.hasOwnProperty(messageId)) {
            var sentAt:int = _pings[messageId];
            delete _pings[messageId];
            _latency = (getTimer() - sentAt) / 1000;
            var event:ConnectionEvent = new ConnectionEvent(ConnectionEvent.LATENCY);
            event.latency = _latency;
            dispatchEvent(event);
            return;
        }
        if (!_pending.hasOwnProperty(messageId)) {
            return; // unknown, timed out or cancelled: ignored, as the protocol says
        }
        var call:RpcCall = _pending[messageId];
        delete _pending[messageId];
        _pendingCount--;
        var error:* = body.error;
        if (error != null && typeof error == "object") {
            call.fail(new RpcFailure(RpcFailure.REMOTE_ERROR, text(error.code), text(error.message)));
        } else {
            call.succeed(body.result);
        }
    }

    private function onRequest(body:Object):void {
        var request:IncomingRequest = new IncomingRequest(this, _generation, body.messageId, body.command,
            body.params);
        if (request.command == PING_COMMAND) {
            request.reply(PONG);
            var reported:* = body.params.latency;
            if (reported is Number && reported > 0) {
                _serverLatency = reported;
            }
            var ping:ConnectionEvent = new ConnectionEvent(ConnectionEvent.PING);
            ping.params = body.params;
            dispatchEvent(ping);
            return;
        }
        if (_handlers.hasOwnProperty(request.command)) {
            var handler:IHandler = _handlers[request.command];
            try {
                handler.handleRequest(request);
            } catch (e:Error) {
                if (!request.replied) {
                    var rpcError:RpcError = e as RpcError;
                    request.fail(rpcError != null ? rpcError.code : "error", e.message);
                }
            }
            return;
        }
        if (hasEventListener(ConnectionEvent.REQUEST)) {
            var event:ConnectionEvent = new ConnectionEvent(ConnectionEvent.REQUEST);
            event.request = request;
            dispatchEvent(event);
            return;
        }
        request.fail("unknown_command", "no request handler for command `" + request.command + "`");
    }

    private function onMessage(body:Object):void {
        var command:String = body.command;
        if (_handlers.hasOwnProperty(command)) {
            var handler:IHandler = _handlers[command];
            var problem:String = handler.handleMessage(command, body.params);
            if (problem != null) {
                protocolError("invalid_params", problem);
            }
            return;
        }
        var event:ConnectionEvent = new ConnectionEvent(ConnectionEvent.MESSAGE);
        event.command = command;
        event.params = body.params;
        dispatchEvent(event);
    }

    private function protocolError(reason:String, detail:String):void {
        dispatchEvent(new ConnectionEvent(ConnectionEvent.PROTOCOL_ERROR, reason, detail));
    }

    // ---- sending ---------------------------------------------------------------------------

    private function sendCall(call:RpcCall):void {
        var messageId:String = newMessageId();
        call.sent(messageId);
        _pending[messageId] = call;
        _pendingCount++;
        var problem:String = write(Envelopes.request(messageId, call.command, call.params));
        if (problem != null) {
            if (_pending[messageId] === call) {
                delete _pending[messageId];
                _pendingCount--;
            }
            call.fail(new RpcFailure(RpcFailure.ENCODE_ERROR, null, problem));
        }
    }

    private function sendPing():void {
        var messageId:String = newMessageId();
        _lastPingAt = getTimer();
        _pings[messageId] = _lastPingAt;
        // getTime(), not the `time` property, which Ruffle 0.6 lacks.
        var params:Object = {time: Math.floor(new Date().getTime() / 1000), latency: isNaN(_latency) ? 0 : _latency};
        write(Envelopes.request(messageId, PING_COMMAND, params));
    }

    /** Writes one frame; returns why it could not, or <code>null</code>. */
    private function write(envelope:Object):String {
        if (_socket == null) {
            return "not connected";
        }
        var body:ByteArray = new ByteArray();
        body.objectEncoding = ObjectEncoding.AMF3;
        try {
            body.writeObject(envelope);
        } catch (e:Error) {
            return "cannot encode: " + e.message;
        }
        if (body.length > _options.maxFrameBytes) {
            return "the frame of " + body.length + " bytes is larger than the limit of " +
                _options.maxFrameBytes;
        }
        try {
            _socket.writeUnsignedInt(body.length);
            _socket.writeBytes(body);
            _socket.flush();
        } catch (e:Error) {
            lost(CloseReason.IO_ERROR, e.message);
            return "the connection was lost: " + e.message;
        }
        return null;
    }

    private function newMessageId():String {
        var messageId:String;
        do {
            messageId = new Date().getTime() + ":" + digits() + ":" + digits();
        } while (_pending.hasOwnProperty(messageId) || _pings.hasOwnProperty(messageId));
        return messageId;
    }

    private static function digits():String {
        var text:String = String(Math.floor(Math.random() * 1000000000));
        while (text.length < 9) {
            text = "0" + text;
        }
        return text;
    }

    private static function text(value:*):String {
        return value == null ? "" : String(value);
    }

    // ---- timers ----------------------------------------------------------------------------

    private function ensureTicker():void {
        if (_ticker == null) {
            _ticker = new Timer(TICK_MS);
            _ticker.addEventListener(TimerEvent.TIMER, onTick);
            _ticker.start();
        }
    }

    private function stopTicker():void {
        if (_ticker != null) {
            _ticker.stop();
            _ticker.removeEventListener(TimerEvent.TIMER, onTick);
            _ticker = null;
        }
    }

    private function onTick(event:TimerEvent):void {
        var now:int = getTimer();
        if (_state == ConnectionState.HANDSHAKE && now - _handshakeAt >= _options.handshakeTimeoutMs) {
            lost(CloseReason.HANDSHAKE_TIMEOUT, "no frame from the server within " +
                _options.handshakeTimeoutMs + " ms of connecting");
        }
        if (_state == ConnectionState.OPEN && _options.pingIntervalMs > 0 &&
            now - _lastPingAt >= _options.pingIntervalMs) {
            sendPing();
        }
        var messageId:String;
        for (messageId in _pings) {
            if (now - int(_pings[messageId]) >= PING_TIMEOUT_MS) {
                delete _pings[messageId];
            }
        }
        var expired:Array = [];
        for (messageId in _pending) {
            var call:RpcCall = _pending[messageId];
            if (call.done || call.expired(now)) {
                expired.push(messageId);
            }
        }
        for (var i:int = 0; i < expired.length; i++) {
            var gone:RpcCall = _pending[expired[i]];
            delete _pending[expired[i]];
            _pendingCount--;
            timeOut(gone);
        }
        var kept:Array = [];
        for (var j:int = 0; j < _queue.length; j++) {
            var queued:RpcCall = _queue[j] as RpcCall;
            if (queued != null && (queued.done || queued.expired(now))) {
                timeOut(queued);
            } else {
                kept.push(_queue[j]);
            }
        }
        _queue = kept;
        if (_inbox.length > 0 || _decoding != null) {
            drain();
        }
        if (_state == ConnectionState.CLOSED && _pendingCount == 0 && _queue.length == 0) {
            stopTicker();
        }
    }

    private function timeOut(call:RpcCall):void {
        call.fail(new RpcFailure(RpcFailure.TIMEOUT, null,
            "no reply to `" + call.command + "` within " + call.timeoutMs + " ms"));
    }

    private function failPending(reason:String, message:String):void {
        var calls:Array = [];
        for (var messageId:String in _pending) {
            calls.push(_pending[messageId]);
        }
        _pending = {};
        _pendingCount = 0;
        for (var i:int = 0; i < calls.length; i++) {
            RpcCall(calls[i]).fail(new RpcFailure(reason, null, message));
        }
    }

    private function failQueued(reason:String, message:String):void {
        var queued:Array = _queue;
        _queue = [];
        for (var i:int = 0; i < queued.length; i++) {
            var call:RpcCall = queued[i] as RpcCall;
            if (call != null) {
                call.fail(new RpcFailure(reason, null, message));
            }
        }
    }
}
}
