{{ header }}
package {{ package }} {
import flash.events.Event;

/**
 * What a <code>Connection</code> tells its listeners.
 */
public class ConnectionEvent extends Event {
    /** A connection attempt starts. */
    public static const CONNECTING:String = "connecting";
    /** The server has spoken: the connection is established and queued calls have been sent. */
    public static const OPEN:String = "open";
    /**
     * The connection closed or an attempt failed: see <code>reason</code> (a
     * <code>CloseReason</code>), <code>detail</code>, <code>willReconnect</code> and
     * <code>reconnectDelayMs</code>.
     */
    public static const CLOSE:String = "close";
    /** The server pinged (already answered with <code>"pong"</code>): see <code>params</code>. */
    public static const PING:String = "ping";
    /** A new latency was measured: see <code>latency</code>, in seconds. */
    public static const LATENCY:String = "latency";
    /**
     * A request no handler serves: see <code>request</code>, and answer it once with
     * <code>request.reply(result)</code> or <code>request.fail(code, message)</code>. Without a
     * listener, such requests are answered with the error <code>unknown_command</code>.
     */
    public static const REQUEST:String = "request";
    /** A message no handler serves: see <code>command</code> and <code>params</code>. */
    public static const MESSAGE:String = "message";
    /**
     * A frame could not be used (not AMF3, not an envelope, invalid message params): see
     * <code>reason</code> and <code>detail</code>. The connection goes on.
     */
    public static const PROTOCOL_ERROR:String = "protocolError";

    /** Why (<code>CLOSE</code>, <code>PROTOCOL_ERROR</code>). */
    public var reason:String;
    /** More about why, for people. */
    public var detail:String;
    /** Whether a new attempt is scheduled (<code>CLOSE</code>). */
    public var willReconnect:Boolean;
    /** In how many milliseconds the next attempt starts (<code>CLOSE</code>). */
    public var reconnectDelayMs:int;
    /** The request to answer (<code>REQUEST</code>). */
    public var request:IncomingRequest;
    /** The command of a message (<code>MESSAGE</code>). */
    public var command:String;
    /** The params of a message or a ping (<code>MESSAGE</code>, <code>PING</code>). */
    public var params:Object;
    /** The latency in seconds (<code>LATENCY</code>). */
    public var latency:Number;

    /** An event of <code>type</code>. */
    public function ConnectionEvent(type:String, reason:String = null, detail:String = null) {
        super(type);
        this.reason = reason;
        this.detail = detail;
    }

    /** @inheritDoc */
    override public function clone():Event {
        var copy:ConnectionEvent = new ConnectionEvent(type, reason, detail);
        copy.willReconnect = willReconnect;
        copy.reconnectDelayMs = reconnectDelayMs;
        copy.request = request;
        copy.command = command;
        copy.params = params;
        copy.latency = latency;
        return copy;
    }
}
}
