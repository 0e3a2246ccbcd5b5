{{ header }}
package {{ package }} {
import flash.events.EventDispatcher;
import flash.utils.getTimer;

/**
 * Dispatched when the call succeeds.
 */
[Event(name="success", type="{{ package_prefix }}RpcCallEvent")]
/**
 * Dispatched when the call fails.
 */
[Event(name="failure", type="{{ package_prefix }}RpcCallEvent")]
/**
 * A request on its way: it succeeds once or fails once, never both, never twice.
 *
 * <p>Generated stubs return a subclass per request, with typed callbacks and a typed
 * <code>value</code>; <code>Connection.request</code> returns an untyped <code>AnyCall</code>.
 * Callbacks registered after the outcome run at once.</p>
 */
public class RpcCall extends EventDispatcher {
    /** Waiting for the reply. */
    public static const PENDING:String = "pending";
    /** Succeeded: see <code>result</code>. */
    public static const SUCCEEDED:String = "succeeded";
    /** Failed: see <code>failure</code>. */
    public static const FAILED:String = "failed";

    private var _command:String;
    private var _params:Object;
    private var _timeoutMs:int;
    private var _messageId:String = null;
    private var _state:String = PENDING;
    private var _result:* = null;
    private var _failure:RpcFailure = null;
    private var _startedAt:int = 0;
    private var _successHandlers:Array = [];
    private var _failureHandlers:Array = [];

    /**
     * A call of <code>command</code> with <code>params</code>; a negative
     * <code>timeoutMs</code> takes the connection's default, 0 waits forever.
     */
    public function RpcCall(command:String, params:Object, timeoutMs:int = -1) {
        _command = command;
        _params = params != null ? params : {};
        _timeoutMs = timeoutMs;
    }

    /** The wire command. */
    public function get command():String {
        return _command;
    }

    /** The params object sent. */
    public function get params():Object {
        return _params;
    }

    /** The messageId, once sent (calls wait in a queue until the connection is open). */
    public function get messageId():String {
        return _messageId;
    }

    /** <code>PENDING</code>, <code>SUCCEEDED</code> or <code>FAILED</code>. */
    public function get state():String {
        return _state;
    }

    /** Whether the call has its outcome. */
    public function get done():Boolean {
        return _state != PENDING;
    }

    /** The timeout in milliseconds (0: none); counted from the call, queue included. */
    public function get timeoutMs():int {
        return _timeoutMs;
    }

    /** The result, once succeeded. */
    public function get result():* {
        return _result;
    }

    /** Why it failed, once failed. */
    public function get failure():RpcFailure {
        return _failure;
    }

    /** Fails the call with <code>RpcFailure.CANCELLED</code>; a later reply is ignored. */
    public function cancel():void {
        fail(new RpcFailure(RpcFailure.CANCELLED, null, "cancelled by the application"));
    }

    /** Runs <code>handler(result)</code> (or <code>handler()</code>) on success. */
    protected function addSuccessHandler(handler:Function):void {
        if (_state == SUCCEEDED) {
            invoke(handler, _result);
        } else if (_state == PENDING) {
            _successHandlers.push(handler);
        }
    }

    /** Runs <code>handler(failure:RpcFailure)</code> on failure. */
    protected function addFailureHandler(handler:Function):void {
        if (_state == FAILED) {
            invoke(handler, _failure);
        } else if (_state == PENDING) {
            _failureHandlers.push(handler);
        }
    }

    /** Changes the timeout, counted from the start of the call. */
    protected function changeTimeout(ms:int):void {
        _timeoutMs = ms;
    }

    /** Whether <code>raw</code> is a valid result; generated calls check its type. */
    protected function isValidResult(raw:*):Boolean {
        return true;
    }

    /** The result from a valid <code>raw</code> reply (e.g. an Array as a Vector). */
    protected function convertResult(raw:*):* {
        return raw;
    }

    /** What a valid result is, for the message of <code>RpcFailure.INVALID_RESULT</code>. */
    protected function get expectedResult():String {
        return "any value";
    }

    /** @private Called by the connection when the call starts. */
    internal function begin(defaultTimeoutMs:int):void {
        _startedAt = getTimer();
        if (_timeoutMs < 0) {
            _timeoutMs = defaultTimeoutMs;
        }
    }

    /** @private Called by the connection when the request is written. */
    internal function sent(messageId:String):void {
        _messageId = messageId;
    }

    /** @private Whether the timeout has passed at <code>now</code> (<code>getTimer()</code>). */
    internal function expired(now:int):Boolean {
        return _state == PENDING && _timeoutMs > 0 && now - _startedAt >= _timeoutMs;
    }

    /** @private Called by the connection with the reply's result. */
    internal function succeed(raw:*):void {
        if (_state != PENDING) {
            return;
        }
        if (!isValidResult(raw)) {
            fail(new RpcFailure(RpcFailure.INVALID_RESULT, null,
                "`" + _command + "` replied " + describe(raw) + ", expected " + expectedResult));
            return;
        }
        _result = convertResult(raw);
        _state = SUCCEEDED;
        var handlers:Array = _successHandlers;
        _successHandlers = [];
        _failureHandlers = [];
        dispatchEvent(new RpcCallEvent(RpcCallEvent.SUCCESS, _result, null));
        for (var i:int = 0; i < handlers.length; i++) {
            invoke(handlers[i], _result);
        }
    }

    /** @private Called by the connection (and by <code>cancel</code>) on failure. */
    internal function fail(failure:RpcFailure):void {
        if (_state != PENDING) {
            return;
        }
        _failure = failure;
        _state = FAILED;
        var handlers:Array = _failureHandlers;
        _successHandlers = [];
        _failureHandlers = [];
        dispatchEvent(new RpcCallEvent(RpcCallEvent.FAILURE, null, failure));
        for (var i:int = 0; i < handlers.length; i++) {
            invoke(handlers[i], failure);
        }
    }

    private static function invoke(handler:Function, value:*):void {
        if (handler.length == 0) {
            handler();
        } else {
            handler(value);
        }
    }

    private static function describe(raw:*):String {
        if (raw === null || raw === undefined) {
            return "null";
        }
        if (raw is String) {
            return "a String";
        }
        if (raw is Number) {
            return "the number " + raw;
        }
        if (raw is Boolean) {
            return "a Boolean";
        }
        if (raw is Array) {
            return "an Array";
        }
        return "an object";
    }
}
}
