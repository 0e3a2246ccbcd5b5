{{ header }}
package {{ package }} {

/**
 * An untyped call, as <code>Connection.request</code> returns it.
 */
public class AnyCall extends RpcCall {
    /** A call of <code>command</code> with <code>params</code>. */
    public function AnyCall(command:String, params:Object, timeoutMs:int = -1) {
        super(command, params, timeoutMs);
    }

    /** Runs <code>handler(result:*)</code> on success; returns this call. */
    public function onSuccess(handler:Function):AnyCall {
        addSuccessHandler(handler);
        return this;
    }

    /** Runs <code>handler(failure:RpcFailure)</code> on failure; returns this call. */
    public function onFailure(handler:Function):AnyCall {
        addFailureHandler(handler);
        return this;
    }

    /** Sets the timeout in milliseconds (0: none), counted from the call; returns this call. */
    public function timeout(ms:int):AnyCall {
        changeTimeout(ms);
        return this;
    }
}
}
