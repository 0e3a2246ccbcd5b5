package {
import amfsocket.Connection;
import amfsocket.ConnectionEvent;
import flash.display.Sprite;

/**
 * The server sends a frame that is not AMF3 between two good ones, split across WebSocket
 * messages: the bad frame must cost only itself, and be reported once. Under Ruffle,
 * readObject's error escapes any catch and aborts the event handler; the runtime must still
 * deliver the frame after it.
 */
public class Garbage extends Sprite {
    private var _done:Boolean = false;

    public function Garbage() {
        var connection:Connection = new Connection("127.0.0.1", int(loaderInfo.parameters.port));
        var errors:int = 0;
        connection.addEventListener(ConnectionEvent.PROTOCOL_ERROR, function(e:ConnectionEvent):void {
            errors++;
            trace("protocol error: " + e.reason + ": " + e.detail);
        });
        connection.addEventListener(ConnectionEvent.MESSAGE, function(e:ConnectionEvent):void {
            if (e.command == "after" && e.params.n == 1 && connection.isOpen && errors == 1) {
                _done = true;
                trace("AMF_TEST_DONE the frame after the bad one arrived (" + errors + " protocol errors reported)");
                connection.close();
            } else {
                trace("AMF_TEST_FAIL unexpected message " + e.command + " after " + errors + " protocol errors");
            }
        });
        connection.addEventListener(ConnectionEvent.CLOSE, function(e:ConnectionEvent):void {
            if (!_done) {
                trace("AMF_TEST_FAIL closed: " + e.reason + ": " + e.detail);
            }
        });
        connection.connect();
    }
}
}
