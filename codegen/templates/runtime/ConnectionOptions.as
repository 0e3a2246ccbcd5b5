{{ header }}
package {{ package }} {

/**
 * How a <code>Connection</code> behaves. Every field has a default; change the ones you need
 * before calling <code>connect()</code>.
 */
public class ConnectionOptions {
    /** Whether a lost connection is attempted again, with back-off. Default <code>true</code>. */
    public var autoReconnect:Boolean = true;
    /** The first delay before a new attempt, in milliseconds. Default 500. */
    public var reconnectDelayMs:int = 500;
    /** The longest delay between attempts, in milliseconds. Default 30000. */
    public var reconnectMaxDelayMs:int = 30000;
    /** Each failed attempt multiplies the delay by this. Default 2. */
    public var reconnectFactor:Number = 2;
    /** Each delay is moved by up to this fraction, at random, so that clients spread out. Default 0.2. */
    public var reconnectJitter:Number = 0.2;
    /** How long the socket may take to connect, in milliseconds (<code>Socket.timeout</code>). Default 10000. */
    public var connectTimeoutMs:int = 10000;
    /**
     * How long after <code>CONNECT</code> the first frame from the server may take, in
     * milliseconds; then the attempt fails with <code>CloseReason.HANDSHAKE_TIMEOUT</code>.
     * Default 10000 (the original server pings every 5 seconds).
     */
    public var handshakeTimeoutMs:int = 10000;
    /** The timeout of requests that do not set their own, in milliseconds; 0 waits forever. Default 30000. */
    public var requestTimeoutMs:int = 30000;
    /**
     * How often the client pings the server to measure the latency, in milliseconds; 0 pings
     * only once, at the handshake. Default 15000.
     */
    public var pingIntervalMs:int = 15000;
    /** The largest frame read or written, in bytes. Default 16 MiB. */
    public var maxFrameBytes:uint = 16777216;
    /** Whether to connect with TLS (<code>flash.net.SecureSocket</code>). Default <code>false</code>. */
    public var secure:Boolean = false;

    /** Options with the defaults. */
    public function ConnectionOptions() {
    }
}
}
