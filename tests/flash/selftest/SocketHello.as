package {
    import flash.display.Sprite;
    import flash.events.Event;
    import flash.events.IOErrorEvent;
    import flash.events.ProgressEvent;
    import flash.events.SecurityErrorEvent;
    import flash.net.Socket;
    import flash.utils.ByteArray;

    /**
     * Socket smoke test: connects to flashvars host/port, sends one frame
     * (4-byte big-endian length + AMF3 of {hello:"world"}) and expects the echo back.
     * Traces AMF_TEST_DONE when the echoed frame decodes to the same object.
     */
    public class SocketHello extends Sprite {
        private var socket:Socket = new Socket();
        private var inbox:ByteArray = new ByteArray();
        private var finished:Boolean = false;

        public function SocketHello() {
            var params:Object = loaderInfo.parameters;
            var host:String = params["host"] || "127.0.0.1";
            var port:int = int(params["port"]);
            socket.addEventListener(Event.CONNECT, onConnect);
            socket.addEventListener(ProgressEvent.SOCKET_DATA, onData);
            socket.addEventListener(Event.CLOSE, onClose);
            socket.addEventListener(IOErrorEvent.IO_ERROR, onIoError);
            socket.addEventListener(SecurityErrorEvent.SECURITY_ERROR, onSecurityError);
            trace("SocketHello: connecting to " + host + ":" + port);
            socket.connect(host, port);
        }

        private function onConnect(e:Event):void {
            // In Ruffle CONNECT comes before the WebSocket is really open: the reply proves it.
            var body:ByteArray = new ByteArray();
            body.writeObject({hello: "world"});
            socket.writeUnsignedInt(body.length);
            socket.writeBytes(body);
            socket.flush();
            trace("SocketHello: sent frame of " + body.length + " bytes");
        }

        private function onData(e:ProgressEvent):void {
            socket.readBytes(inbox, inbox.length, socket.bytesAvailable);
            if (finished || inbox.length < 4) return;
            inbox.position = 0;
            var len:uint = inbox.readUnsignedInt();
            if (inbox.length < 4 + len) return;
            // Decode from a ByteArray of its own (see FLASH_TOOLCHAIN.md on readObject).
            var body:ByteArray = new ByteArray();
            inbox.readBytes(body, 0, len);
            var reply:Object = body.readObject();
            finished = true;
            if (reply && reply.hello == "world") {
                trace("AMF_TEST_DONE socket echo ok (" + len + " bytes)");
            } else {
                trace("AMF_TEST_FAIL unexpected reply");
            }
            socket.close();
        }

        private function onClose(e:Event):void {
            if (!finished) trace("AMF_TEST_FAIL socket closed before a reply");
        }

        private function onIoError(e:IOErrorEvent):void {
            trace("AMF_TEST_FAIL io error: " + e.text);
        }

        private function onSecurityError(e:SecurityErrorEvent):void {
            trace("AMF_TEST_FAIL security error: " + e.text);
        }
    }
}
