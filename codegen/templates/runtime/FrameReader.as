{{ header }}
package {{ package }} {
import flash.utils.ByteArray;
import flash.utils.IDataInput;

/**
 * Cuts frames (a 4-byte big-endian length, then that many bytes) out of a byte stream.
 *
 * <p>Every complete frame is copied into its own ByteArray before anything is decoded: under
 * Ruffle, <code>readObject</code> on bad bytes raises an error no <code>catch</code> sees, which
 * aborts the event handler; decoding from the receive buffer itself would then stall the
 * connection for good.</p>
 */
public class FrameReader {
    private var _buffer:ByteArray = new ByteArray();
    private var _maxFrameBytes:uint;

    /** A reader of frames of at most <code>maxFrameBytes</code> bytes. */
    public function FrameReader(maxFrameBytes:uint) {
        _maxFrameBytes = maxFrameBytes;
    }

    /** The bytes received that do not make a complete frame yet. */
    public function get buffered():uint {
        return _buffer.bytesAvailable;
    }

    /**
     * Appends every byte available in <code>input</code> and returns the complete frames, each a
     * ByteArray of its payload at position 0. Throws a <code>RangeError</code> when a frame
     * announces more than the limit (before reading it).
     */
    public function read(input:IDataInput):Array {
        if (input.bytesAvailable > 0) {
            input.readBytes(_buffer, _buffer.length, input.bytesAvailable);
        }
        var frames:Array = [];
        while (_buffer.bytesAvailable >= 4) {
            var start:uint = _buffer.position;
            var length:uint = _buffer.readUnsignedInt();
            if (length > _maxFrameBytes) {
                throw new RangeError("a frame announces " + length + " bytes, more than the limit of " +
                    _maxFrameBytes);
            }
            if (_buffer.bytesAvailable < length) {
                _buffer.position = start;
                break;
            }
            var frame:ByteArray = new ByteArray();
            if (length > 0) {
                _buffer.readBytes(frame, 0, length);
            }
            frame.position = 0;
            frames.push(frame);
        }
        if (_buffer.position > 0) {
            var rest:ByteArray = new ByteArray();
            if (_buffer.bytesAvailable > 0) {
                _buffer.readBytes(rest, 0, _buffer.bytesAvailable);
            }
            rest.position = 0;
            _buffer = rest;
        }
        return frames;
    }
}
}
