{{ header }}
package {{ package }} {
import flash.errors.IllegalOperationError;

/**
 * A request from the server, to be answered exactly once.
 */
public class IncomingRequest {
    private var _connection:Connection;
    private var _generation:int;
    private var _messageId:String;
    private var _command:String;
    private var _params:Object;
    private var _replied:Boolean = false;

    /** @private Made by the connection. */
    public function IncomingRequest(connection:Connection, generation:int, messageId:String,
                                    command:String, params:Object) {
        _connection = connection;
        _generation = generation;
        _messageId = messageId;
        _command = command;
        _params = params;
    }

    /** The wire command. */
    public function get command():String {
        return _command;
    }

    /** The params object. */
    public function get params():Object {
        return _params;
    }

    /** The request's messageId. */
    public function get messageId():String {
        return _messageId;
    }

    /** Whether the request has been answered. */
    public function get replied():Boolean {
        return _replied;
    }

    /**
     * Answers with <code>result</code>. Throws <code>IllegalOperationError</code> if the request
     * was already answered. A reply to a connection that has since been lost is dropped.
     */
    public function reply(result:* = null):void {
        claim();
        _connection.respond(_generation, _messageId, result, null, null);
    }

    /** Answers with an error reply (<code>result: null</code> plus <code>error: {code, message}</code>). */
    public function fail(code:String, message:String):void {
        claim();
        _connection.respond(_generation, _messageId, null, code, message);
    }

    private function claim():void {
        if (_replied) {
            throw new IllegalOperationError("the request `" + _command + "` (" + _messageId +
                ") was already answered: a request gets exactly one reply");
        }
        _replied = true;
    }
}
}
