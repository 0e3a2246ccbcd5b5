{{ header }}
package {{ package }} {

/**
 * Why a connection closed: the <code>reason</code> of a <code>ConnectionEvent.CLOSE</code>.
 */
public final class CloseReason {
    /** The application called <code>close()</code>. */
    public static const CLOSED:String = "closed";
    /** The server closed the connection (or, under Ruffle, refused it after <code>CONNECT</code>). */
    public static const SERVER_CLOSED:String = "server_closed";
    /** The socket reported an input/output error (e.g. connection refused). */
    public static const IO_ERROR:String = "io_error";
    /** Flash Player refused the connection (socket policy). */
    public static const SECURITY_ERROR:String = "security_error";
    /** <code>Socket.connect</code> threw. */
    public static const CONNECT_FAILED:String = "connect_failed";
    /** No frame came from the server within <code>ConnectionOptions.handshakeTimeoutMs</code>. */
    public static const HANDSHAKE_TIMEOUT:String = "handshake_timeout";
    /** A frame announced more than <code>ConnectionOptions.maxFrameBytes</code>. */
    public static const FRAME_TOO_LARGE:String = "frame_too_large";
}
}
