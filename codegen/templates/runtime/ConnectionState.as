{{ header }}
package {{ package }} {

/**
 * The states of a <code>Connection</code>.
 *
 * <p>A connection is <code>OPEN</code> only once a valid frame has come from the server: Flash
 * Player under Ruffle (and some proxies) fire <code>Event.CONNECT</code> before anyone has
 * answered, so <code>CONNECT</code> alone proves nothing. Right after <code>CONNECT</code> the
 * client sends an <code>amf_socket_ping</code> request, which a Rust server answers at once;
 * the original Ruby server sends its own ping within 5 seconds.</p>
 */
public final class ConnectionState {
    /** Not connected, and not trying to: before <code>connect()</code>, after <code>close()</code>. */
    public static const CLOSED:String = "closed";
    /** The socket is connecting. */
    public static const CONNECTING:String = "connecting";
    /** The socket reported <code>CONNECT</code>; waiting for the first frame from the server. */
    public static const HANDSHAKE:String = "handshake";
    /** The server has spoken: calls go out at once. */
    public static const OPEN:String = "open";
    /** The connection was lost; a new attempt is scheduled. */
    public static const WAITING:String = "waiting";
}
}
