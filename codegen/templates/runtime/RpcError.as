{{ header }}
package {{ package }} {

/**
 * Thrown by a request handler to answer with an error reply of its own code. Any other error
 * thrown by a handler is answered with the code <code>"error"</code> and its message.
 */
public class RpcError extends Error {
    private var _code:String;

    /** An error reply with <code>code</code> and <code>message</code>. */
    public function RpcError(code:String, message:String) {
        super(message);
        _code = code;
    }

    /** The error code sent to the caller. */
    public function get code():String {
        return _code;
    }
}
}
