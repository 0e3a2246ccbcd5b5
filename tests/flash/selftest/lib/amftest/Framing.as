package amftest {
    import flash.utils.ByteArray;

    /** Library-mode sample: 4-byte big-endian length + AMF3 body. */
    public class Framing {
        public static function encode(value:Object):ByteArray {
            var body:ByteArray = new ByteArray();
            body.writeObject(value);
            var frame:ByteArray = new ByteArray();
            frame.writeUnsignedInt(body.length);
            frame.writeBytes(body);
            return frame;
        }
    }
}
