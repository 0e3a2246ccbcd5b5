{{ header }}
package {{ package }} {

/**
 * Serves commands the server sends: what generated dispatchers implement. Add one to a
 * connection with <code>Connection.addHandler</code>.
 */
public interface IHandler {
    /** The wire commands served. */
    function get commands():Array;

    /**
     * Serves a request: answers it once, now or later, with <code>request.reply</code> or
     * <code>request.fail</code>. An error thrown here is answered as an error reply.
     */
    function handleRequest(request:IncomingRequest):void;

    /** Serves a message; returns why its params are invalid, or <code>null</code>. */
    function handleMessage(command:String, params:Object):String;
}
}
