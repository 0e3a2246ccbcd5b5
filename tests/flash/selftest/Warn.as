package {
    import flash.display.Sprite;

    /** Compiles with only a warning (String into Number): ascompile.sh must still fail. */
    public class Warn extends Sprite {
        public var n:Number = "x";

        public function Warn() {
            trace(n);
        }
    }
}
