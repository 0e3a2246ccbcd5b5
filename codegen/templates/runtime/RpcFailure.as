{{ header }}
package {{ package }} {

/**
 * Why a call failed: what failure callbacks receive.
 */
public class RpcFailure {
    /** No reply within the call's timeout. */
    public static const TIMEOUT:String = "timeout";
    /** The connection was lost after the request was sent. */
    public static const DISCONNECTED:String = "disconnected";
    /** The application closed the connection. */
    public static const CLOSED:String = "closed";
    /** The connection is closed and will not reconnect: call <code>connect()</code> first. */
    public static const NOT_CONNECTED:String = "not_connected";
    /** The server answered with an error: see <code>code</code> and <code>message</code>. */
    public static const REMOTE_ERROR:String = "remote_error";
    /** The reply is not of the type the generated stub expects. */
    public static const INVALID_RESULT:String = "invalid_result";
    /** The request could not be encoded, or is larger than the frame limit. */
    public static const ENCODE_ERROR:String = "encode_error";
    /** The application cancelled the call. */
    public static const CANCELLED:String = "cancelled";

    private var _reason:String;
    private var _code:String;
    private var _message:String;

    /** A failure for <code>reason</code>; <code>code</code> is the server's error code, if any. */
    public function RpcFailure(reason:String, code:String, message:String) {
        _reason = reason;
        _code = code;
        _message = message;
    }

    /** One of the constants of this class. */
    public function get reason():String {
        return _reason;
    }

    /** The server's error code (<code>REMOTE_ERROR</code>), else <code>null</code>. */
    public function get code():String {
        return _code;
    }

    /** An explanation for people. */
    public function get message():String {
        return _message;
    }

    /** <code>reason [code]: message</code>. */
    public function toString():String {
        return _reason + (_code != null ? " [" + _code + "]" : "") + ": " + _message;
    }
}
}
